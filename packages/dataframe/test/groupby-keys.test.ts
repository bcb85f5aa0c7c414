/**
 * Group-bys by several keys and by computed series, and `agg({col: [ops]})` on group-bys and frames,
 * against pandas over the random streams of random-streams.ts (late keys, numeric-looking string
 * keys, NaN and null keys, empty frames, Arrow and danfojs input). After every frame the result has
 * pandas' groups in pandas' order (exact) and pandas' values (|got - pandas| <= 1e-9 * max(1, |pandas|),
 * NaN equal to NaN).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Row } from "../src";
import { near, noPandas, type OracleRequest } from "./helpers";
import { againstPandas, asInput, exampleOf, type RandomStream } from "./random-streams";

const STREAMS = 24;
const AGGS = ["sum", "mean", "count", "size", "min", "max", "var", "std"] as const;

/** A group-by's results per frame, the key columns and the value column compared. */
interface Grouped {
  keys: string[];
  col: string;
  out: Row[][];
}

function run(s: RandomStream): { outputs: Record<string, Grouped>; frameAggs: Record<string, number>[]; request: OracleRequest } {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
  const outputs: Record<string, Grouped> = {};
  const prefix: Record<string, string> = {};
  const up = sdf.get("x").gt(0).rename("up");
  const m = sdf.get("n").mod(3).rename("m");
  for (const agg of AGGS) {
    outputs[`kn.x.${agg}`] = { keys: ["k", "n"], col: "x", out: sdf.groupby(["k", "n"]).get("x").agg(agg).toRows().sinkToList() };
    prefix[`kn.x.${agg}`] = `df.groupby(['k', 'n']).x.${agg}()`;
    outputs[`up.n.${agg}`] = { keys: ["up"], col: "n", out: sdf.groupby(up).get("n").agg(agg).toRows().sinkToList() };
    prefix[`up.n.${agg}`] = `df.groupby((df.x > 0).rename('up')).n.${agg}()`;
  }
  outputs["km.x.sum"] = { keys: ["k", "m"], col: "x", out: sdf.groupby(["k", m]).get("x").sum().toRows().sinkToList() };
  prefix["km.x.sum"] = "df.groupby(['k', (df.n % 3).rename('m')]).x.sum()";
  outputs["nk.size"] = { keys: ["n", "k"], col: "size", out: sdf.groupby(["n", "k"]).size().toRows().sinkToList() };
  prefix["nk.size"] = "df.groupby(['n', 'k']).size()";
  const positive = sdf.filter(sdf.get("x").gt(0));
  outputs["pos.kup.n.max"] = { keys: ["k", "n"], col: "x", out: positive.groupby(["k", "n"]).get("x").max().toRows().sinkToList() };
  prefix["pos.kup.n.max"] = "df[df.x > 0].groupby(['k', 'n']).x.max()";
  // agg({...}): one output column per (column, aggregation), each compared with pandas' own
  const spec = sdf
    .groupby("k")
    .agg({ x: ["sum", "mean", "std"], n: "max" })
    .toRows()
    .sinkToList();
  for (const [out, col, agg] of [
    ["x_sum", "x", "sum"],
    ["x_mean", "x", "mean"],
    ["x_std", "x", "std"],
    ["n", "n", "max"],
  ] as const) {
    outputs[`spec.${out}`] = { keys: ["k"], col: out, out: spec };
    prefix[`spec.${out}`] = `df.groupby('k').${col}.${agg}()`;
  }
  const frameAggs = sdf.agg({ x: ["min", "var"], n: "sum" }).sinkToList();
  prefix["frame.x_min"] = "df.x.min()";
  prefix["frame.x_var"] = "df.x.var()";
  prefix["frame.n"] = "df.n.sum()";
  s.frames.forEach((f, i) => source.emit(asInput(f, s.kind, i % 2 === 1)));
  const frames = s.frames.map((f) => ({ k: f.k, x: f.x, n: f.n }));
  return { outputs, frameAggs, request: { frames, dtypes: { k: "object", x: "float64", n: "Int64" }, prefix } };
}

describe(`group-by keys and agg({...}) over ${STREAMS} random streams agree with pandas`, { skip: noPandas }, () => {
  const data = againstPandas(2000, STREAMS, run);
  const { streams } = data;
  const label = (i: number) =>
    `stream ${streams[i]!.seed} (${streams[i]!.kind}, ${streams[i]!.frames.map((f) => f.k.length).join("+")} rows)`;

  it("several keys, computed keys, a filter, and agg({...}) per group", () => {
    let groupsSeen = 0;
    data.runs.forEach(({ outputs }, i) => {
      for (const [name, { keys, col, out }] of Object.entries(outputs)) {
        out.forEach((rows, k) => {
          const w = data.wanted[i]![name][k] as { index: unknown[]; values: (number | null)[] };
          const what = `${label(i)}: ${name} after frame ${k}`;
          const got = rows.map((r) => (keys.length === 1 ? r[keys[0]!] : keys.map((key) => r[key])));
          assert.deepEqual(got, w.index, `${what}: groups, in pandas' order`);
          rows.forEach((r, j) => near(r[col] as number, w.values[j]!, `${what}: ${JSON.stringify(got[j])}`));
          groupsSeen += rows.length;
        });
      }
    });
    assert.ok(groupsSeen > 1000, `the streams make groups to compare (${groupsSeen})`);
  });

  it("agg({...}) on a frame: {column_aggregation: value} after every frame", () => {
    data.runs.forEach(({ frameAggs }, i) => {
      frameAggs.forEach((got, k) => {
        assert.deepEqual(Object.keys(got), ["x_min", "x_var", "n"]);
        for (const [out, v] of Object.entries(got)) near(v, data.wanted[i]![`frame.${out}`][k], `${label(i)}: ${out} after frame ${k}`);
      });
    });
  });
});

describe("group-by keys: shapes and errors", () => {
  const example = exampleOf("arrow-dictionary");
  const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example });

  it("a multi-key result is a frame with one column per key, keyed by them", () => {
    const r = sdf.groupby(["k", "n"]).get("x").mean();
    assert.deepEqual(r.columns, ["k", "n", "x"]);
    assert.deepEqual(r.state, { key: ["k", "n"] });
    assert.deepEqual(
      sdf
        .groupby(["k", sdf.get("x").gt(0).rename("up")])
        .size()
        .fields.map((f) => `${f.name}:${f.dtype}`),
      ["k:string", "up:bool", "size:int"],
    );
  });

  it("refuses keys of another frame, a key named twice, a key aggregated, unknown columns and aggregations", () => {
    const other = new StreamingDataFrame(new Stream<FrameInput>(), { example });
    assert.throws(() => sdf.groupby(other.get("x")), /groupby: a key must be a column name or a series of this same streaming frame/);
    assert.throws(() => sdf.groupby(["x", sdf.get("x").abs()]), /two keys are named "x".*rename/);
    assert.throws(() => sdf.groupby(sdf.get("x").gt(0)).get("x").sum(), /groupby\(x\): cannot aggregate the key "x" itself.*rename/);
    assert.throws(() => sdf.groupby(sdf.get("x").gt(0)).agg({ x: "sum" }), /groupby\(x\): the result column "x" is also a key/);
    assert.throws(() => sdf.groupby(["k", "n"]).get("k"), /cannot aggregate the key "k"/);
    assert.throws(() => sdf.groupby([]), /needs at least one key/);
    assert.throws(() => sdf.groupby("k").agg({ z: "sum" }), /groupby\(k\)\.agg: no column "z"/);
    assert.throws(() => sdf.groupby("k").agg({ x: ["sum", "mode"] as never }), /unknown aggregation "mode"/);
    assert.throws(() => sdf.agg({ k: "sum" }), /agg: column "k" holds strings/);
  });

  it("a row missing any of its keys is in no group (pandas' dropna)", async () => {
    const source = new Stream<FrameInput>();
    const s = new StreamingDataFrame(source, { example });
    const out = s.groupby(["k", "n"]).size().toRows().sinkToList();
    source.emit(asInput({ k: ["a", null, "a", "b"], x: [1, 2, 3, 4], n: [1, 1, null, 2] }, "arrow-utf8", false));
    assert.deepEqual(out.at(-1), [
      { k: "a", n: 1, size: 1 },
      { k: "b", n: 2, size: 1 },
    ]);
  });
});
