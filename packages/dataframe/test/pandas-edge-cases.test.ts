/**
 * Answers that once differed from pandas (issue 14's "wrong answers seen"), each pinned against
 * Debian's pandas on the smallest data that showed it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
} from "apache-arrow";
import { StreamingDataFrame, type FrameInput, type Row } from "../src";
import { exactly, near, nearAll, noPandas, pandasBatch, type OracleRequest } from "./helpers";

const oracle = (req: OracleRequest) => pandasBatch([req])[0]!;
const dict = () => new Dictionary(new Utf8(), new Int32());

function stream(example: FrameInput) {
  const source = new Stream<FrameInput>();
  return { source, sdf: new StreamingDataFrame(source, { example }) };
}

/** A group-by result as {key: value}, in the result's order, next to pandas' Series. */
function sameSeries(
  got: Row[],
  key: string,
  col: string,
  want: { index: unknown[]; values: (number | string | null)[] },
  what: string,
): void {
  assert.deepEqual(
    got.map((r) => r[key]),
    want.index,
    `${what}: groups`,
  );
  got.forEach((r, i) => near(r[col] as number, want.values[i]!, `${what}: ${String(r[key])}`));
}

describe("groups with no rows", () => {
  it("a group whose rows were all filtered out is absent, as in pandas (group-by and valueCounts)", { skip: noPandas }, () => {
    const data = { k: ["a", "b"], x: [1, -1] };
    const t = new Table({ k: vectorFromArray(data.k, dict()), x: vectorFromArray(data.x, new Float64()) });
    const { source, sdf } = stream(t);
    const kept = sdf.filter(sdf.get("x").gt(0));
    const sums = kept.groupby("k").get("x").sum().toRows().sinkToList();
    const maxes = kept.groupby("k").get("x").max().toRows().sinkToList();
    const counts = kept.get("k").valueCounts().toRows().sinkToList();
    source.emit(t);
    const want = oracle({
      frames: [data],
      dtypes: { k: "object", x: "float64" },
      final: { s: "df[df.x > 0].groupby('k').x.sum()", m: "df[df.x > 0].groupby('k').x.max()", v: "df[df.x > 0].k.value_counts()" },
    });
    sameSeries(sums[0]!, "k", "x", want.s, "sum");
    sameSeries(maxes[0]!, "k", "x", want.m, "max");
    assert.deepEqual(
      counts[0]!.map((r) => [r.k, r.count]),
      want.v.index.map((k: string, i: number) => [k, want.v.values[i]]),
    );
  });

  it("an Arrow dictionary entry that no row uses makes no group", () => {
    const dictionary = vectorFromArray(["a", "unused"], new Utf8());
    const k = makeVector(makeData({ type: dict(), length: 2, nullCount: 0, data: Int32Array.from([0, 0]), dictionary }));
    const t = new Table({ k, x: vectorFromArray([1, 2], new Float64()) });
    const { source, sdf } = stream(t);
    const sums = sdf.groupby("k").get("x").sum().toRows().sinkToList();
    const counts = sdf.get("k").valueCounts().toRows().sinkToList();
    source.emit(t);
    assert.deepEqual(sums[0], [{ k: "a", x: 3 }]);
    assert.deepEqual(counts[0], [{ k: "a", count: 2 }]);
  });
});

describe("danfojs frames follow the example's types", () => {
  it("takes a string column that holds only numeric-looking strings (danfojs infers int32) as strings", { skip: noPandas }, () => {
    const dfd = require("danfojs-node") as typeof import("danfojs-node");
    const frames = [
      { k: ["10", "9"], x: [1, 2], y: [1, 2] },
      { k: ["9", "010", "1.50"], x: [3, 4, 5], y: [3, 4, 5] },
      { k: [null, "a"], x: [6, 7], y: [6, 7] },
    ];
    const { source, sdf } = stream(new dfd.DataFrame({ k: ["a"], x: [0.5], y: [1] }));
    const out = sdf.groupby("k").get("x").sum().toRows().sinkToList();
    for (const f of frames) source.emit(new dfd.DataFrame(f));
    const want = oracle({ frames, dtypes: { k: "object", x: "float64", y: "int64" }, prefix: { s: "df.groupby('k').x.sum()" } });
    out.forEach((rows, i) => sameSeries(rows, "k", "x", want.s[i], `after frame ${i}`));
  });
});

describe("rolling count", () => {
  it(
    "counts the non-missing values of each window, NaN or not (pandas 2: rolling(2).count() of [1, NaN, 2, 4] is [NaN, 1, 1, 2])",
    { skip: noPandas },
    () => {
      const frames = [{ x: [1, NaN] }, { x: [2, 4, NaN, NaN, NaN, 5] }];
      const { source, sdf } = stream(new Table({ x: vectorFromArray([] as number[], new Float64()) }));
      const two = sdf.get("x").rolling(2).count().values().sinkToList();
      const three = sdf.get("x").rolling(3, { minPeriods: 1 }).count().values().sinkToList();
      for (const f of frames) source.emit(new Table({ x: vectorFromArray(f.x, new Float64()) }));
      // Debian's pandas 1.5 defaults count's min_periods to 0 (with a FutureWarning); pandas 2 to the window, as here
      const want = oracle({
        frames,
        dtypes: { x: "float64" },
        final: { two: "df.x.rolling(2, min_periods=2).count()", three: "df.x.rolling(3, min_periods=1).count()" },
      });
      nearAll(two.flat() as number[], want.two.values, "rolling(2).count()");
      nearAll(three.flat() as number[], want.three.values, "rolling(3, { minPeriods: 1 }).count()");
    },
  );
});

describe("arithmetic", () => {
  it("mod is numpy's exact remainder, with the divisor's sign (1 % 0.1 is 0.09999999999999995)", { skip: noPandas }, () => {
    const x = [1, -1, 5.5, -4, 4, 0, 7, NaN, Infinity, -0, 1e17, -3.75];
    const y = [0, 1, -3, -4, 4, 7, 9, -9, 2, -2, 12, 13];
    const { source, sdf } = stream(
      new Table({ x: vectorFromArray([] as number[], new Float64()), y: vectorFromArray([] as number[], new Int32()) }),
    );
    const divisors = [0.1, -0.1, 2, -2, 0, 3.5, Infinity];
    const outs = divisors.map((d) => sdf.get("x").mod(d).values().sinkToList());
    const ints = [4, -4].map((d) => sdf.get("y").mod(d).values().sinkToList());
    const pairs = sdf.get("x").mod(sdf.get("y")).values().sinkToList();
    source.emit(new Table({ x: vectorFromArray(x, new Float64()), y: vectorFromArray(y, new Int32()) }));
    const final: Record<string, string> = { i4: "df.y % 4", im4: "df.y % -4", xy: "df.x % df.y" };
    divisors.forEach((d, i) => (final[`d${i}`] = `df.x % ${Number.isFinite(d) ? d : "np.inf"}`));
    const want = oracle({ frames: [{ x, y }], dtypes: { x: "float64", y: "int64" }, final });
    divisors.forEach((d, i) => exactly(outs[i]![0] as number[], want[`d${i}`].values, `x.mod(${d})`));
    exactly(ints[0]![0] as number[], want.i4.values, "y.mod(4)");
    exactly(ints[1]![0] as number[], want.im4.values, "y.mod(-4)");
    exactly(pairs[0] as number[], want.xy.values, "x.mod(y)");
  });

  it("integer results have no -0: 1 / (y * -2) with y = 0 is +inf, as with pandas' int64", { skip: noPandas }, () => {
    const data = { o: [1, 1, 1, 1], y: [0, 1, -3, -4] };
    const t = new Table({ o: vectorFromArray(data.o, new Float64()), y: vectorFromArray(data.y, new Int32()) });
    const { source, sdf } = stream(t);
    const o = sdf.get("o");
    const y = sdf.get("y");
    const mul = o.div(y.mul(-2)).values().sinkToList();
    const mod = o.div(y.mod(2)).values().sinkToList();
    const cum = y.cumprod().toFrame();
    const prod = cum.get("o").div(cum.get("y")).values().sinkToList();
    source.emit(t);
    const want = oracle({
      frames: [data],
      dtypes: { o: "float64", y: "int64" },
      final: { mul: "df.o / (df.y * -2)", mod: "df.o / (df.y % 2)", prod: "df.o / df.y.cumprod()" },
    });
    exactly(mul[0] as number[], want.mul.values, "1 / (y * -2)");
    exactly(mod[0] as number[], want.mod.values, "1 / (y % 2)");
    exactly(prod[0] as number[], want.prod.values, "1 / y.cumprod()");
  });
});

describe("rolling windows holding infinities", () => {
  // The rule (pandas'): in rolling sum, mean, min, max, var and std an infinity counts as missing, so
  // it neither enters the result nor counts towards minPeriods; count still counts it (it is a value).
  const x = [1, Infinity, 2, 3, -Infinity, 4, 5, 6, NaN, 7, Infinity, Infinity, 8, 9, 10];
  const time = x.map((_, i) => 1_700_000_000_000 + 400 * i);
  const AGGS = ["sum", "mean", "min", "max", "var", "std", "count"] as const;

  it("treat +-inf as missing, as pandas does, by rows and by time", { skip: noPandas }, () => {
    const table = (lo: number, hi: number) =>
      new Table({
        time: vectorFromArray(
          time.slice(lo, hi).map((t) => new Date(t)),
          new TimestampMillisecond(),
        ),
        x: vectorFromArray(x.slice(lo, hi), new Float64()),
      });
    const { source, sdf } = stream(table(0, 0));
    const s = sdf.get("x");
    const runs = AGGS.flatMap((agg) => [
      {
        agg,
        expr: `df.x.rolling(2${agg === "count" ? ", min_periods=2" : ""}).${agg}()`,
        out: s.rolling(2).agg(agg).values().sinkToList(),
      },
      { agg, expr: `df.x.rolling(3, min_periods=1).${agg}()`, out: s.rolling(3, { minPeriods: 1 }).agg(agg).values().sinkToList() },
      { agg, expr: `df.x.rolling('1s').${agg}()`, out: s.rolling("1s").agg(agg).values().sinkToList() },
    ]);
    for (const [lo, hi] of [
      [0, 6],
      [6, 7],
      [7, 15],
    ] as const)
      source.emit(table(lo, hi));
    const final = Object.fromEntries(runs.map((r, i) => [`r${i}`, r.expr]));
    const want = oracle({ frames: [{ time, x }], dtypes: { time: "int64", x: "float64" }, time: "time", final });
    runs.forEach((r, i) => nearAll(r.out.flat() as number[], want[`r${i}`].values, r.expr));
  });
});

describe("Arrow from any build", () => {
  it("takes tables and record batches of apache-arrow's ES-module build (and as the example)", { skip: noPandas }, async () => {
    const esm = await (new Function("s", "return import(s)") as (s: string) => Promise<typeof import("apache-arrow")>)("apache-arrow");
    assert.notEqual(esm.Table, Table, "the ES-module build is another copy of the classes");
    const data = {
      k: ["a", "b", null, "a"],
      s: ["p", null, "q", "p"],
      x: [1.5, null, 2.5, 4],
      n: [1n, 2n, null, 4n],
      b: [true, false, true, true],
    };
    const make = (lo: number, hi: number) =>
      new esm.Table({
        k: esm.vectorFromArray(data.k.slice(lo, hi), new esm.Dictionary(new esm.Utf8(), new esm.Int32())),
        s: esm.vectorFromArray(data.s.slice(lo, hi), new esm.Utf8()),
        x: esm.vectorFromArray(data.x.slice(lo, hi), new esm.Float64()),
        n: esm.vectorFromArray(data.n.slice(lo, hi), new esm.Int64()),
        b: esm.vectorFromArray(data.b.slice(lo, hi), new esm.Bool()),
      });
    const { source, sdf } = stream(make(0, 0));
    const sums = sdf.groupby("k").get("x").sum().toRows().sinkToList();
    const ns = sdf.groupby("s").get("n").sum().toRows().sinkToList();
    const rows = sdf.toRows().sinkToList();
    source.emit(make(0, 2));
    source.emit(make(2, 4).batches[0]!);
    const plain = { k: data.k, s: data.s, x: data.x, n: data.n.map((v) => (v === null ? null : Number(v))) };
    const want = oracle({
      frames: [plain],
      dtypes: { k: "object", s: "object", x: "float64", n: "Int64" },
      final: { x: "df.groupby('k').x.sum()", n: "df.groupby('s').n.sum()" },
    });
    sameSeries(sums.at(-1)!, "k", "x", want.x, "groupby(k).x.sum()");
    sameSeries(ns.at(-1)!, "s", "n", want.n, "groupby(s).n.sum()");
    assert.deepEqual(
      rows.flat().map((r) => [r.k, r.s, r.n, r.b]),
      data.k.map((k, i) => [k, data.s[i], plain.n[i] ?? NaN, data.b[i]]),
    );
    assert.ok(Bool && Int64, "the CommonJS build is loaded too");
  });
});
