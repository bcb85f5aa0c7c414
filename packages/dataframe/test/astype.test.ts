/**
 * `astype` against pandas: over the random streams (numeric-looking string keys, NaN, Int64 nulls)
 * every conversion pandas makes gives pandas' values (strings exactly, numbers exactly), and where
 * pandas raises, the stream throws an error naming the operator and the value.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Scalar } from "../src";
import { floatRepr } from "../src/compute/astype";
import { exactly, noPandas, pandasBatch, rng, type OracleRequest } from "./helpers";
import { againstPandas, asInput, exampleOf, type RandomStream } from "./random-streams";

const STREAMS = 30;
const PY_INT = /^\s*[+-]?\d+\s*$/;

/** Conversions of one stream, and the pandas expression each must equal (over all rows). */
function run(s: RandomStream): {
  got: Record<string, Scalar[]>;
  errors: Record<string, string>;
  request: OracleRequest;
  intKeys: boolean;
  floatKeys: boolean;
} {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
  const keys = s.frames.flatMap((f) => f.k).filter((k): k is string => k !== null);
  const intKeys = keys.every((k) => PY_INT.test(k));
  const floatKeys = keys.every((k) => !Number.isNaN(Number(k)) && k.trim() !== "");
  const final: Record<string, string> = {};
  const outs: Record<string, Stream<Scalar[]>> = {};
  const add = (name: string, series: import("../src").StreamingSeries, expr: string) => {
    outs[name] = series.values();
    final[name] = expr;
  };
  add("x.string", sdf.get("x").astype("string"), "df.x.astype('string')");
  add("n.string", sdf.get("n").astype("string"), "df.n.astype('string')");
  add("x.bool", sdf.get("x").astype("bool"), "df.x.astype(bool)");
  add("k.bool", sdf.get("k").astype("bool"), "df.k.astype(bool)");
  add("x.int", sdf.get("x").fillna(0).astype("int"), "df.x.fillna(0).astype(int)");
  add("up.int", sdf.get("x").gt(0).astype("int"), "(df.x > 0).astype(int)");
  add("n.float", sdf.get("n").astype("float"), "df.n.astype(float)");
  const errors: Record<string, string> = {};
  const lists: Record<string, Scalar[][]> = Object.fromEntries(Object.entries(outs).map(([n, st]) => [n, st.sinkToList()]));
  // conversions pandas refuses for some streams: each in its own graph, so a refusal stops only it
  const risky = {
    "k.float": [(x: StreamingDataFrame) => x.get("k").astype("float"), "df.k.astype(float)", floatKeys],
    "k.int": [(x: StreamingDataFrame) => x.get("k").fillna("0").astype("int"), "df.k.fillna('0').astype(int)", intKeys],
  } as const;
  const sources: Stream<FrameInput>[] = [source];
  for (const [name, [make, expr, ok]] of Object.entries(risky)) {
    const src = new Stream<FrameInput>();
    lists[name] = make(new StreamingDataFrame(src, { example: exampleOf(s.kind) }))
      .values()
      .sinkToList();
    sources.push(src);
    if (ok) final[name] = expr;
  }
  sources.forEach((src, j) => {
    try {
      s.frames.forEach((f, i) => src.emit(asInput(f, s.kind, i % 2 === 1)));
    } catch (e) {
      errors[j === 0 ? "main" : Object.keys(risky)[j - 1]!] = (e as Error).message;
    }
  });
  const got = Object.fromEntries(Object.entries(lists).map(([n, l]) => [n, l.flat()]));
  const frames = s.frames.map((f) => ({ k: f.k, x: f.x, n: f.n }));
  return { got, errors, intKeys, floatKeys, request: { frames, dtypes: { k: "object", x: "float64", n: "Int64" }, final } };
}

describe(`astype over ${STREAMS} random streams agrees with pandas`, { skip: noPandas }, () => {
  const data = againstPandas(3000, STREAMS, run);
  const { streams } = data;

  it("to string, bool, int and float, as pandas converts", () => {
    let compared = 0;
    data.runs.forEach((r, i) => {
      assert.equal(r.errors.main, undefined, `stream ${streams[i]!.seed}: no error`);
      for (const [name, w] of Object.entries(data.wanted[i]!)) {
        const want = (w as { values: unknown[] }).values;
        const got = r.got[name]!;
        if (name.endsWith("string") || name.endsWith("bool")) assert.deepEqual(got, want, `stream ${streams[i]!.seed}: ${name}`);
        else exactly(got as number[], want as number[], `stream ${streams[i]!.seed}: ${name}`);
        compared += got.length;
      }
    });
    assert.ok(compared > 2000, `values compared: ${compared}`);
    assert.ok(
      data.runs.some((r) => r.floatKeys && !r.intKeys),
      'a stream whose keys parse as floats only ("1.50", "1e3")',
    );
  });

  it("strings that are not numbers, and missing values made ints, throw naming the series and the value", () => {
    let refused = 0;
    data.runs.forEach((r, i) => {
      if (!r.floatKeys) {
        assert.match(
          r.errors["k.float"] ?? "",
          /k\.astype\("float"\): "k" holds ".*" in row \d+ of the frame, which is not a number/,
          `stream ${streams[i]!.seed}`,
        );
        refused++;
      }
      if (!r.intKeys)
        assert.match(r.errors["k.int"] ?? "", /k\.astype\("int"\): "k" holds ".*" in row \d+ of the frame, which is not an integer/);
    });
    assert.ok(refused > 0);
  });
});

describe("astype: rules and errors", () => {
  it("writes floats as Python's repr does", { skip: noPandas }, () => {
    const r = rng(7);
    const xs = [0, -0, 1, -1.5, 0.1, 1e16, 1e-5, 1e-4, 123456789.125, 2 ** 53, 1e22, 5e-324, 1.7976931348623157e308];
    for (let i = 0; i < 600; i++) xs.push((r() - 0.5) * 10 ** Math.floor(r() * 40 - 20));
    const want = pandasBatch([{ frames: [{ x: xs }], dtypes: { x: "float64" }, final: { r: "[repr(float(v)) for v in df.x]" } }])[0]!
      .r as string[];
    assert.deepEqual(xs.map(floatRepr), want);
  });

  it("refuses NaN made int, unknown types and timestamps made strings, naming the operator", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: exampleOf("arrow-utf8") });
    sdf
      .get("x")
      .astype("int")
      .values()
      .sink(() => undefined);
    assert.throws(
      () => source.emit(asInput({ k: ["a", "b"], x: [1, NaN], n: [1, 2] }, "arrow-utf8", false)),
      /x\.astype\("int"\): "x" has a missing value in row 1 of the frame.*fillna/,
    );
    assert.throws(
      () => sdf.get("x").astype("date" as never),
      /x\.astype\("date"\): cannot convert to "date"; expected one of int, float, string, bool/,
    );
    assert.throws(() => sdf.astype({ z: "int" }), /no column "z"/);
  });

  it("a frame's astype converts the named columns and keeps the others", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: exampleOf("arrow-utf8") });
    const out = sdf.astype({ k: "float", n: "string" });
    assert.deepEqual(
      out.fields.map((f) => `${f.name}:${f.dtype}`),
      ["k:float", "x:float", "n:string"],
    );
    const rows = out.toRows().sinkToList();
    source.emit(asInput({ k: [" 7", "1e3", null], x: [1, 2, 3], n: [-4, null, 5] }, "arrow-utf8", false));
    assert.deepEqual(rows[0], [
      { k: 7, x: 1, n: "-4" },
      { k: 1000, x: 2, n: null },
      { k: NaN, x: 3, n: "5" },
    ]);
  });
});
