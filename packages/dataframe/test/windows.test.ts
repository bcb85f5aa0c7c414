import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput } from "../src";
import { arrowTable, concat, frames, nearAll, noPandas, pandas } from "./helpers";

const data = frames(5, 9, 30);

function setup() {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!, true) });
  return { sdf, run: () => data.forEach((f) => source.emit(arrowTable(f, true))) };
}

describe("cumulative operations carry across frames", () => {
  for (const op of ["cumsum", "cumprod", "cummin", "cummax"] as const) {
    it(`${op} over all frames equals pandas' ${op} of the concatenated column`, { skip: noPandas }, () => {
      const { sdf, run } = setup();
      const col = op === "cumprod" ? "y" : "x"; // a product of hundreds of x values overflows both sides alike
      const out = sdf.get(col).cumulative(op).values().sinkToList();
      run();
      nearAll(out.flat() as number[], pandas(data, { final: { r: `df.${col}.${op}()` } }).r.values, op);
    });
  }

  it("frame-wide cumsum covers the numeric columns and keeps the others", () => {
    const { sdf, run } = setup();
    const out = sdf.cumsum().toRows().sinkToList();
    run();
    const rows = out.flat();
    const all = concat(data);
    let y = 0;
    assert.deepEqual(
      rows.map((r) => r.y),
      all.y.map((v) => (y += v)),
    );
    assert.deepEqual(
      rows.map((r) => r.name),
      all.name,
    );
  });
});

describe("rolling aggregations", () => {
  for (const agg of ["sum", "mean", "min", "max", "std"] as const) {
    it(`rolling(5).${agg}() equals pandas across frame boundaries`, { skip: noPandas }, () => {
      const { sdf, run } = setup();
      const out = sdf.get("x").rolling(5).agg(agg).values().sinkToList();
      run();
      nearAll(out.flat() as number[], pandas(data, { final: { r: `df.x.rolling(5).${agg}()` } }).r.values, `rolling(5).${agg}`);
    });
  }

  it('rolling("2s") on the time column equals pandas\' time-based rolling', { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const sums = sdf.get("y").rolling("2s").sum().values().sinkToList();
    const means = sdf.get("x").rolling("1500ms", { on: "time" }).mean().values().sinkToList();
    run();
    const want = pandas(data, { final: { s: "df.y.rolling('2s').sum()", m: "df.x.rolling('1500ms').mean()" } }, true);
    nearAll(sums.flat() as number[], want.s.values, 'rolling("2s").sum');
    nearAll(means.flat() as number[], want.m.values, 'rolling("1500ms").mean');
  });

  it("asks for a time column when the frame has none, and for a positive window", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
    assert.throws(() => sdf.get("x").rolling("2s"), /needs a time column: the frame has no timestamp column \(columns: name, x, y\)/);
    assert.throws(() => sdf.get("x").rolling(0), /positive integer/);
    assert.throws(() => sdf.get("x").rolling("2 parsecs"), /cannot read the duration "2 parsecs"/);
  });
});

describe("windowed aggregations", () => {
  it("window(12) aggregates the latest 12 rows after each frame", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const sums = sdf.get("x").window(12).sum().sinkToList();
    const sizes = sdf.get("x").window(12).size().sinkToList();
    run();
    const want = pandas(data, { prefix: { s: "df.x.tail(12).sum()", n: "len(df.x.tail(12))" } });
    nearAll(sums, want.s, "window(12).sum");
    assert.deepEqual(sizes, want.n);
  });

  it('window("3s") aggregates the rows within 3 s of the newest', { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf.get("x").window("3s").mean().sinkToList();
    run();
    const want = pandas(data, { prefix: { m: "df.x[df.time > df.time.max() - 3000].mean() if len(df) else float('nan')" } }, true);
    nearAll(out, want.m, 'window("3s").mean');
  });
});

describe("a computed series as a frame", () => {
  it("sets the series as its column, keeping the time column for plotting", () => {
    const { sdf, run } = setup();
    const out = sdf.get("y").rolling(3).sum().toFrame().toRows().sinkToList();
    run();
    const rows = out.flat();
    const all = concat(data);
    assert.deepEqual(
      rows.map((r) => r.time),
      all.time,
    );
    const want = all.y.map((_, i) => (i < 2 ? NaN : all.y[i]! + all.y[i - 1]! + all.y[i - 2]!));
    nearAll(
      rows.map((r) => r.y as number),
      want,
      "rolling(3).sum as column y",
    );
  });
});

describe("frame-wide windows", () => {
  it("rolls every numeric column, as pandas' df[['x','y']].rolling(4).mean()", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf
      .rolling(4)
      .mean()
      .frames.map((f) => f.toColumns())
      .sinkToList();
    run();
    const want = pandas(data, { final: { r: "df[['x','y']].rolling(4).mean()" } }, true).r;
    nearAll(
      out.flatMap((c) => c.x as number[]),
      want.columns.x,
      "x",
    );
    nearAll(
      out.flatMap((c) => c.y as number[]),
      want.columns.y,
      "y",
    );
    assert.deepEqual(
      out.flatMap((c) => c.name),
      concat(data).name,
      "other columns kept",
    );
  });

  it("aggregates every numeric column over the window: sdf.window(10).max()", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf.window(10).max().sinkToList();
    const one = sdf.window(10).get("y").sum().sinkToList();
    run();
    const want = pandas(data, { prefix: { x: "df.x.tail(10).max()", y: "df.y.tail(10).max()", s: "df.y.tail(10).sum()" } });
    nearAll(
      out.map((r) => r.x!),
      want.x,
      "x",
    );
    nearAll(
      out.map((r) => r.y!),
      want.y,
      "y",
    );
    assert.deepEqual(Object.keys(out[0]!), ["x", "y"], "the time column is not aggregated");
    assert.deepEqual(one, want.s);
  });
});
