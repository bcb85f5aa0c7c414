// Compiled by test/types.test.ts with TypeScript 5.0 (tslab's version) against the published .d.ts of
// @streamz-ts/dataframe (and what they import): what a notebook user writes. Not part of the build.
import type { Stream } from "@streamz-ts/core";
import { Random, type StreamingDataFrame, type Row, type StreamingSeries } from "@streamz-ts/dataframe";

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(): T | void {}

const sdf = new Random({ freq: "10ms", interval: "100ms", seed: 1 });
const x = sdf.get("x");
expectType<Equal<typeof x, StreamingSeries>>();
const total = sdf.filter(x.gt(0)).get("x").sum();
expectType<Equal<typeof total, Stream<number>>>();
const means = sdf.groupby("name").get("z").mean();
expectType<Equal<typeof means, StreamingDataFrame>>();
const rows = means.toRows();
expectType<Equal<typeof rows, Stream<Row[]>>>();
const perColumn = sdf.mean();
expectType<Equal<typeof perColumn, Stream<Record<string, number>>>>();
const spec = sdf.plot.spec("line", "time", ["x", "z"]);
expectType<Equal<typeof spec, Record<string, unknown>>>();
// @ts-expect-error aggregations are named
x.agg("median");
// the aggregations come from one base, typed per class; issue 14's breadth keeps series typed
const rolled = x.rolling(5).std({ ddof: 0 });
expectType<Equal<typeof rolled, StreamingSeries>>();
const expanded = x.expanding({ minPeriods: 2 }).max();
expectType<Equal<typeof expanded, StreamingSeries>>();
const changes = x
  .rsub(1)
  .abs()
  .round(2)
  .clip(0, 1)
  .fillna(0)
  .where(x.between(-1, 1, "left"))
  .diff();
expectType<Equal<typeof changes, StreamingSeries>>();
const distinct = sdf.get("name").nunique();
expectType<Equal<typeof distinct, Stream<number>>>();
const pct = x.pctChange(1, { fillMethod: null }).ewm({ span: 5 }).std({ bias: true });
expectType<Equal<typeof pct, StreamingSeries>>();
const top = sdf.nlargest(3, "x").tail(2);
expectType<Equal<typeof top, StreamingDataFrame>>();
// @ts-expect-error between's ends are named
x.between(0, 1, "inner");
// the three update modes of live views, typed
const bars = means.plot.bar("name", "z");
const shown: Record<string, unknown>[] = bars.rows();
void shown;
const events = rows.map((rs) => rs[0]);
events.chart({ mark: "bar" }, { mode: "upsert", key: "name", backlog: 50 });
events.table({ mode: "replace", key: ["name"], order: "key" });
// @ts-expect-error the modes are named
events.chart({ mark: "bar" }, { mode: "merge" });
// @ts-expect-error so are the orders
events.table({ order: "oldest" });
// issue 14: group-by keys, agg({...}), astype, windows' group-bys and event time, typed
const byTwo = sdf.groupby(["name", x.gt(0).rename("up")]).agg({ x: ["sum", "mean"], z: "max" });
expectType<Equal<typeof byTwo, StreamingDataFrame>>();
const frameSpec = sdf.agg({ x: ["min", "max"] });
expectType<Equal<typeof frameSpec, Stream<Record<string, number>>>>();
// @ts-expect-error aggregations in a spec are named too
sdf.agg({ x: ["mode"] });
const cast = sdf.astype({ y: "string" }).get("x").astype("int");
expectType<Equal<typeof cast, StreamingSeries>>();
// @ts-expect-error astype's types are named
x.astype("date");
const windowed = sdf.window(100).groupby("name").size();
const timed = sdf.timedWindow(1000).groupby("name").get("x").sum();
expectType<Equal<typeof windowed | typeof timed, StreamingDataFrame>>();
const ew = sdf.eventWindow({ size: "10s", slide: "5s", allowedLateness: "2s", earlyFiring: 1000 });
const perWindow = ew.groupby("name").get("x").mean();
expectType<Equal<typeof perWindow | typeof ew.late | typeof ew.windows, StreamingDataFrame>>();
expectType<Equal<typeof ew.watermark, Stream<number>>>();
