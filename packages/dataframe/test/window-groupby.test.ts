/**
 * Group-bys inside windows, against pandas over the rows the window holds: `window(n).groupby(...)`
 * is `df.tail(n).groupby(...)` after every frame (random streams: late keys, NaN and null keys,
 * numeric-looking strings, empty frames); `window("2s").groupby(...)` is the group-by of the rows
 * within 2 s of the newest row's time; `timedWindow(ms).groupby(...)` is the group-by of the frames
 * that arrived in each interval of a virtual clock. Groups and their order exact; values within
 * 1e-9 relative (NaN equal to NaN).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream, VirtualScheduler } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Row } from "../src";
import { arrowTable, frames, near, noPandas, pandas, pandasBatch, type OracleRequest } from "./helpers";
import { againstPandas, asInput, exampleOf, type RandomStream } from "./random-streams";

const STREAMS = 24;

/** Rows per frame of a result against pandas' Series per frame ({index, values}). */
function sameGroups(
  out: Row[][],
  want: { index: unknown[]; values: (number | null)[] }[],
  keys: string[],
  col: string,
  what: string,
): number {
  assert.equal(out.length, want.length, `${what}: one result per frame`);
  let n = 0;
  out.forEach((rows, k) => {
    const got = rows.map((r) => (keys.length === 1 ? r[keys[0]!] : keys.map((key) => r[key])));
    assert.deepEqual(got, want[k]!.index, `${what} after frame ${k}: groups`);
    rows.forEach((r, j) => near(r[col] as number, want[k]!.values[j]!, `${what} after frame ${k}: ${JSON.stringify(got[j])}`));
    n += rows.length;
  });
  return n;
}

function run(s: RandomStream): { outs: Record<string, { keys: string[]; col: string; out: Row[][] }>; request: OracleRequest } {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
  const w = s.window * 3;
  const outs: Record<string, { keys: string[]; col: string; out: Row[][] }> = {};
  const prefix: Record<string, string> = {};
  for (const agg of ["sum", "mean", "count", "min", "max", "std"] as const) {
    outs[`k.x.${agg}`] = { keys: ["k"], col: "x", out: sdf.window(w).groupby("k").get("x").agg(agg).toRows().sinkToList() };
    prefix[`k.x.${agg}`] = `df.tail(${w}).groupby('k').x.${agg}()`;
  }
  outs["kn.size"] = { keys: ["k", "n"], col: "size", out: sdf.window(w).groupby(["k", "n"]).size().toRows().sinkToList() };
  prefix["kn.size"] = `df.tail(${w}).groupby(['k', 'n']).size()`;
  const up = sdf.get("x").gt(0).rename("up");
  outs["up.n.sum"] = { keys: ["up"], col: "n", out: sdf.window(w).groupby(up).get("n").sum().toRows().sinkToList() };
  prefix["up.n.sum"] = `df.tail(${w}).groupby((df.tail(${w}).x > 0).rename('up')).n.sum()`;
  s.frames.forEach((f, i) => source.emit(asInput(f, s.kind, i % 2 === 1)));
  return {
    outs,
    request: { frames: s.frames.map((f) => ({ k: f.k, x: f.x, n: f.n })), dtypes: { k: "object", x: "float64", n: "Int64" }, prefix },
  };
}

describe(`window(n).groupby(...) over ${STREAMS} random streams agrees with pandas' tail(n).groupby(...)`, { skip: noPandas }, () => {
  const data = againstPandas(4000, STREAMS, run);
  const { streams } = data;

  it("after every frame, the group-by of the newest n rows", () => {
    let groups = 0;
    data.runs.forEach(({ outs }, i) => {
      for (const [name, { keys, col, out }] of Object.entries(outs))
        groups += sameGroups(out, data.wanted[i]![name], keys, col, `stream ${streams[i]!.seed}: ${name}`);
    });
    assert.ok(groups > 500, `groups compared: ${groups}`);
  });
});

describe("group-bys in time windows", () => {
  const data = frames(31, 12, 20);

  it('window("2s").groupby(name) is the group-by of the rows within 2 s of the newest', { skip: noPandas }, () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!, true) });
    const mean = sdf.window("2s").groupby("name").get("x").mean().toRows().sinkToList();
    const size = sdf.window("2s").groupby(["name", "y"]).size().toRows().sinkToList();
    data.forEach((f) => source.emit(arrowTable(f, true)));
    const recent = "df[df.time > df.time.iloc[-1] - 2000]";
    const want = pandas(
      data,
      { prefix: { mean: `${recent}.groupby('name').x.mean()`, size: `${recent}.groupby(['name', 'y']).size()` } },
      true,
    );
    sameGroups(mean, want.mean, ["name"], "x", 'window("2s") mean');
    sameGroups(size, want.size, ["name", "y"], "size", 'window("2s") size');
  });

  it("timedWindow(ms).groupby(name) is the group-by of each interval's frames, on the stream's clock", { skip: noPandas }, async () => {
    const clock = new VirtualScheduler();
    const source = new Stream<FrameInput>({ scheduler: clock });
    const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
    const out = sdf.timedWindow(1000).groupby("name").get("x").sum().toRows().sinkToList();
    // frames 0-2 in the first second, none in the second, 3-11 in threes after that
    const intervals = [[0, 1, 2], [], [3, 4, 5], [6, 7, 8], [9, 10, 11]];
    for (const ids of intervals) {
      for (const i of ids) source.emit(arrowTable(data[i]!));
      await clock.advance(1000);
    }
    assert.equal(out.length, intervals.length, "one result per interval");
    assert.deepEqual(out[1], [], "an interval without rows has no groups");
    const filled = intervals.filter((ids) => ids.length > 0);
    const want = pandasBatch(
      filled.map((ids) => ({
        frames: ids.map((i) => ({ name: data[i]!.name, x: data[i]!.x })),
        dtypes: { name: "object", x: "float64" },
        final: { r: "df.groupby('name').x.sum()" },
      })),
    );
    sameGroups(
      out.filter((_, j) => intervals[j]!.length > 0),
      want.map((w) => w.r),
      ["name"],
      "x",
      "timedWindow(1000) sum",
    );
  });

  it("needs a time column for a duration, naming the operator", () => {
    const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example: arrowTable(data[0]!) });
    assert.throws(() => sdf.window("2s").groupby("name"), /window\("2s"\) needs a time column/);
  });
});
