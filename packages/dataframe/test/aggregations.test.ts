import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput } from "../src";
import { arrowTable, concat, frames, near, nearAll, noPandas, pandas, type Plain } from "./helpers";

const data = frames(7);
const AGGS = ["sum", "mean", "count", "size", "min", "max", "var", "std"] as const;

function setup(fs: readonly Plain[] = data) {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: arrowTable(fs[0]!) });
  return { source, sdf, run: () => fs.forEach((f) => source.emit(arrowTable(f))) };
}

/** Each aggregation computed directly over plain values, the textbook way. */
function reference(agg: (typeof AGGS)[number], values: number[]): number {
  const xs = values.filter((v) => !Number.isNaN(v));
  const sum = xs.reduce((a, b) => a + b, 0);
  const mean = sum / xs.length;
  const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
  switch (agg) {
    case "sum":
      return sum;
    case "mean":
      return xs.length ? mean : NaN;
    case "count":
      return xs.length;
    case "size":
      return values.length;
    case "min":
      return xs.length ? Math.min(...xs) : NaN;
    case "max":
      return xs.length ? Math.max(...xs) : NaN;
    case "var":
      return xs.length > 1 ? v : NaN;
    case "std":
      return xs.length > 1 ? Math.sqrt(v) : NaN;
  }
}

describe("running aggregations of a series", () => {
  for (const agg of AGGS) {
    it(`${agg} after each frame equals ${agg} over all rows so far (empty frames included)`, () => {
      const { sdf, run } = setup();
      const out = sdf.get("x").agg(agg).sinkToList();
      run();
      const expected = data.map((_, k) => reference(agg, concat(data.slice(0, k + 1)).x));
      nearAll(out, expected, `x.${agg}()`);
    });
  }

  it("matches pandas for every aggregation, frame by frame", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const outs = Object.fromEntries(AGGS.map((a) => [a, sdf.get("x").agg(a).sinkToList()]));
    const ints = sdf.get("y").sum().sinkToList();
    run();
    const prefix: Record<string, string> = Object.fromEntries(AGGS.map((a) => [a, a === "size" ? "df.x.size" : `df.x.${a}()`]));
    const want = pandas(data, { prefix: { ...prefix, ysum: "df.y.sum()" } });
    for (const a of AGGS) nearAll(outs[a]!, want[a], `x.${a}()`);
    assert.deepEqual(ints, want.ysum, "integer sums are exact");
  });

  it("gives pandas' answers before any value: sum 0, count 0, mean NaN", () => {
    const { source, sdf } = setup();
    const sum = sdf.get("x").sum().sinkToList();
    const mean = sdf.get("x").mean().sinkToList();
    const count = sdf.get("x").count().sinkToList();
    source.emit(arrowTable({ name: [], x: [], y: [] }));
    assert.deepEqual(sum, [0]);
    assert.deepEqual(count, [0]);
    assert.ok(Number.isNaN(mean[0]));
  });

  it("takes ddof for var and std", () => {
    const { sdf, run } = setup();
    const out = sdf.get("x").var({ ddof: 0 }).sinkToList();
    run();
    const xs = concat(data).x.filter((v) => !Number.isNaN(v));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    near(out.at(-1)!, xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length, "var(ddof=0)");
  });

  it("refuses to sum strings, naming the series", () => {
    const { sdf } = setup();
    assert.throws(() => sdf.get("name").sum(), /sum: series "name" holds strings/);
  });
});

describe("running aggregations of a frame", () => {
  it("aggregates every numeric column, as pandas with numeric_only", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const means = sdf.mean().sinkToList();
    const maxes = sdf.max().sinkToList();
    run();
    const want = pandas(data, { prefix: { mean: "df[['x','y']].mean()", max: "df[['x','y']].max()" } });
    means.forEach((m, k) => {
      assert.deepEqual(Object.keys(m), ["x", "y"]);
      nearAll([m.x!, m.y!], want.mean[k].values, `mean after frame ${k}`);
    });
    maxes.forEach((m, k) => nearAll([m.x!, m.y!], want.max[k].values, `max after frame ${k}`));
  });

  it("counts rows with size()", () => {
    const { sdf, run } = setup();
    const out = sdf.size().sinkToList();
    run();
    assert.deepEqual(
      out,
      data.map((_, k) => concat(data.slice(0, k + 1)).x.length),
    );
  });
});
