// Compiled by test/types.test.ts with TypeScript 5.0 (tslab's version) against the published .d.ts of
// @streamz-ts/dataframe (and what they import): what a notebook user writes. Not part of the build.
import type { Stream } from "@streamz-ts/core";
import { Random, StreamingDataFrame, type Row, type StreamingSeries } from "@streamz-ts/dataframe";

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
