import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Row } from "../src";
import { arrowTable, concat, frames, near, noPandas, pandas } from "./helpers";

const data = frames(23, 10);
const AGGS = ["sum", "mean", "count", "size", "min", "max", "var", "std"] as const;

function setup() {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
  return { sdf, run: () => data.forEach((f) => source.emit(arrowTable(f))) };
}

/** A pandas Series result {index, values} as rows {key: k, col: v}. */
const asRows = (s: { index: (string | number)[]; values: (number | null)[] }, key: string, col: string) =>
  s.index.map((k, i) => ({ [key]: k, [col]: s.values[i] ?? NaN }));

function sameRows(got: Row[], want: Row[], key: string, col: string, what: string): void {
  assert.deepEqual(
    got.map((r) => r[key]),
    want.map((r) => r[key]),
    `${what}: groups`,
  );
  got.forEach((r, i) => near(r[col] as number, want[i]![col] as number, `${what}: ${key}=${String(r[key])}`));
}

describe("group-by with incremental state", () => {
  it("sees keys that first appear in later frames", () => {
    const { sdf, run } = setup();
    const out = sdf.groupby("name").get("x").count().toRows().sinkToList();
    run();
    const firstKeys = new Set(data[0]!.name);
    const late = concat(data).name.filter((k) => !firstKeys.has(k));
    assert.ok(late.length > 0, "the data has late keys");
    for (const k of new Set(late))
      assert.ok(
        out.at(-1)!.some((r) => r.name === k),
        `late key ${k} is in the result`,
      );
    out.forEach((rows, k) => {
      const seen = [...new Set(concat(data.slice(0, k + 1)).name)].sort();
      assert.deepEqual(
        rows.map((r) => r.name),
        seen,
        `after frame ${k}: one row per key seen, sorted`,
      );
    });
  });

  for (const agg of AGGS) {
    it(`groupby(name).x.${agg}() equals pandas after every frame`, { skip: noPandas }, () => {
      const { sdf, run } = setup();
      const out = sdf.groupby("name").get("x").agg(agg).toRows().sinkToList();
      run();
      const want = pandas(data, { prefix: { r: `df.groupby('name').x.${agg}()` } }).r;
      out.forEach((rows, k) => sameRows(rows, asRows(want[k], "name", "x"), "name", "x", `${agg} after frame ${k}`));
    });
  }

  it("groups by an integer column, after a filter", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf.filter(sdf.get("x").gt(0)).groupby("y").get("x").mean().toRows().sinkToList();
    run();
    const want = pandas(data, { prefix: { r: "df[df.x > 0].groupby('y').x.mean()" } }).r;
    out.forEach((rows, k) => sameRows(rows, asRows(want[k], "y", "x"), "y", "x", `after frame ${k}`));
  });

  it("aggregates every numeric column and counts group sizes", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const sums = sdf.groupby("name").sum().toRows().sinkToList();
    const sizes = sdf.groupby("name").size().toRows().sinkToList();
    run();
    const want = pandas(data, { final: { s: "df.groupby('name')[['x','y']].sum()", n: "df.groupby('name').size()" } });
    const last = sums.at(-1)!;
    assert.deepEqual(
      last.map((r) => r.name),
      want.s.index,
    );
    last.forEach((r, i) => {
      near(r.x as number, want.s.columns.x[i], `x sum of ${String(r.name)}`);
      assert.equal(r.y, want.s.columns.y[i]);
    });
    assert.deepEqual(
      sizes.at(-1)!.map((r) => r.size),
      want.n.values,
    );
  });

  it("rejects unknown columns and string aggregation, naming them", () => {
    const { sdf } = setup();
    assert.throws(() => sdf.groupby("nope"), /no column "nope"/);
    assert.throws(() => sdf.groupby("name").get("nope"), /no column "nope"/);
    assert.throws(() => sdf.groupby("y").get("name").mean(), /column "name" holds strings/);
  });
});

describe("valueCounts", () => {
  it("counts each value over all frames so far, most frequent first", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf.get("name").valueCounts().toRows().sinkToList();
    run();
    const want = pandas(data, { prefix: { r: "df.name.value_counts()" } }).r;
    out.forEach((rows, k) => {
      const expected = Object.fromEntries(want[k].index.map((v: string, i: number) => [v, want[k].values[i]]));
      assert.deepEqual(Object.fromEntries(rows.map((r) => [r.name, r.count])), expected, `after frame ${k}`);
      const counts = rows.map((r) => r.count as number);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => b - a),
        "most frequent first",
      );
    });
  });
});
