/**
 * Element-wise transforms, scalars on the left, and shift / diff across frames, against pandas over
 * random streams (random-streams.ts: a float column with NaN, an Int64 column with nulls, string keys
 * with nulls). Exact, bit for bit (the sign of zero included), except powers: JavaScript's `**` and C's
 * `pow` may differ in the last bit, so those are compared within 1e-9 relative.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Scalar, type StreamingSeries } from "../src";
import { exactly, nearAll, noPandas, pandasBatch } from "./helpers";
import { asInput, exampleOf, randomStream } from "./random-streams";

type Compare = "exact" | "near" | "equal";
type Case = [name: string, make: (s: Record<"x" | "n" | "k", StreamingSeries>) => StreamingSeries, pandas: string, compare?: Compare];

const CASES: Case[] = [
  ["x.abs()", ({ x }) => x.abs(), "df.x.abs()"],
  ["n.abs()", ({ n }) => n.abs(), "df.n.abs()"],
  ["x.neg()", ({ x }) => x.neg(), "-df.x"],
  ["n.neg().rdiv(1)", ({ n }) => n.neg().rdiv(1), "1 / -df.n"],
  ["x.round()", ({ x }) => x.round(), "df.x.round()"],
  ["x.round(1)", ({ x }) => x.round(1), "df.x.round(1)"],
  ["x.round(2)", ({ x }) => x.round(2), "df.x.round(2)"],
  ["n.round(-1)", ({ n }) => n.round(-1), "df.n.round(-1)"],
  ["x.clip(-2, 3)", ({ x }) => x.clip(-2, 3), "df.x.clip(-2, 3)"],
  ["x.clip(1)", ({ x }) => x.clip(1), "df.x.clip(lower=1)"],
  ["x.clip(undefined, 0)", ({ x }) => x.clip(undefined, 0), "df.x.clip(upper=0)"],
  ["n.clip(-10, 10)", ({ n }) => n.clip(-10, 10), "df.n.clip(-10, 10)"],
  ["x.fillna(0)", ({ x }) => x.fillna(0), "df.x.fillna(0)"],
  ["n.fillna(7)", ({ n }) => n.fillna(7), "df.n.fillna(7)"],
  ["k.fillna('none')", ({ k }) => k.fillna("none"), "df.k.fillna('none')", "equal"],
  ["x.isin([1.5, NaN, 2])", ({ x }) => x.isin([1.5, NaN, 2]), "df.x.isin([1.5, np.nan, 2])", "equal"],
  ["n.isin([0, 1, -3])", ({ n }) => n.isin([0, 1, -3]), "df.n.isin([0, 1, -3])", "equal"],
  ["k.isin(['10', 'a', null])", ({ k }) => k.isin(["10", "a", null]), "df.k.isin(['10', 'a', None])", "equal"],
  ["x.between(-1, 2)", ({ x }) => x.between(-1, 2), "df.x.between(-1, 2)", "equal"],
  ["x.between(-1, 1.5, 'neither')", ({ x }) => x.between(-1, 1.5, "neither"), "df.x.between(-1, 1.5, inclusive='neither')", "equal"],
  ["x.between(-1, 1.5, 'left')", ({ x }) => x.between(-1, 1.5, "left"), "df.x.between(-1, 1.5, inclusive='left')", "equal"],
  ["n.between(-5, 5, 'right')", ({ n }) => n.between(-5, 5, "right"), "df.n.between(-5, 5, inclusive='right').fillna(False)", "equal"], // Int64 compares to NA where we say false
  ["k.between('1', 'a')", ({ k }) => k.between("1", "a"), "df.k.between('1', 'a')", "equal"],
  ["x.radd(0.5)", ({ x }) => x.radd(0.5), "0.5 + df.x"],
  ["x.rsub(5)", ({ x }) => x.rsub(5), "5 - df.x"],
  ["n.rsub(5)", ({ n }) => n.rsub(5), "5 - df.n"],
  ["n.rmul(-2).rdiv(1)", ({ n }) => n.rmul(-2).rdiv(1), "1 / (-2 * df.n)"],
  ["x.rdiv(1)", ({ x }) => x.rdiv(1), "1 / df.x"],
  ["n.rdiv(1)", ({ n }) => n.rdiv(1), "1 / df.n"],
  ["x.rmod(3)", ({ x }) => x.rmod(3), "3 % df.x"],
  ["n.rmod(7)", ({ n }) => n.rmod(7), "7 % df.n"],
  ["x.rpow(2)", ({ x }) => x.rpow(2), "2 ** df.x", "near"],
  ["x.rsub(x.mul(3))", ({ x }) => x.rsub(x.mul(3)), "df.x * 3 - df.x"],
  ["x.shift()", ({ x }) => x.shift(), "df.x.shift()"],
  ["n.shift(3)", ({ n }) => n.shift(3), "df.n.shift(3)"],
  ["x.diff()", ({ x }) => x.diff(), "df.x.diff()"],
  ["n.diff(2)", ({ n }) => n.diff(2), "df.n.diff(2)"],
  ["x.shift(0)", ({ x }) => x.shift(0), "df.x.shift(0)"],
  ["x.where(x.gt(0))", ({ x }) => x.where(x.gt(0)), "df.x.where(df.x > 0)"],
  ["x.where(x.gt(0), 0)", ({ x }) => x.where(x.gt(0), 0), "df.x.where(df.x > 0, 0)"],
  ["n.where(x.lt(1), n.neg())", ({ x, n }) => n.where(x.lt(1), n.neg()), "df.n.where(df.x < 1, -df.n)"],
  ["k.where(x.gt(0), 'neg')", ({ x, k }) => k.where(x.gt(0), "neg"), "df.k.where(df.x > 0, 'neg')", "equal"],
  ["k.where(x.gt(0), null)", ({ x, k }) => k.where(x.gt(0), null), "df.k.where(df.x > 0, None)", "equal"],
  ["x.pctChange()", ({ x }) => x.pctChange(), "df.x.pct_change()"],
  ["n.pctChange(2)", ({ n }) => n.pctChange(2), "df.n.pct_change(2)"],
  ["x.pctChange(1, { fillMethod: null })", ({ x }) => x.pctChange(1, { fillMethod: null }), "df.x.pct_change(fill_method=None)"],
  ["x.dropna()", ({ x }) => x.dropna(), "df.x.dropna()"],
  ["n.dropna()", ({ n }) => n.dropna(), "df.n.dropna()"],
  ["k.dropna()", ({ k }) => k.dropna(), "df.k.dropna()", "equal"],
];

describe("transforms agree with pandas, across frames", { skip: noPandas }, () => {
  const streams = Array.from({ length: 9 }, (_, i) => randomStream(2000 + i));
  const got = streams.map((s) => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
    const series = { x: sdf.get("x"), n: sdf.get("n"), k: sdf.get("k") };
    const outs = CASES.map(([, make]) => make(series).values().sinkToList());
    s.frames.forEach((f, i) => source.emit(asInput(f, s.kind, i % 2 === 1)));
    return outs.map((o): Scalar[] => o.flat());
  });
  const want = pandasBatch(
    streams.map((s) => ({
      frames: s.frames.map((f) => ({ ...f })),
      dtypes: { k: "object", x: "float64", n: "Int64" },
      final: Object.fromEntries(CASES.map(([name, , expr]) => [name, expr])),
    })),
  );

  CASES.forEach(([name, , expr, compare = "exact"], c) => {
    it(`${name} is pandas' ${expr}`, () => {
      streams.forEach((s, i) => {
        const what = `stream ${s.seed} (${s.kind}): ${name}`;
        const expected = want[i]![name].values as (number | string | boolean | null)[];
        const actual = got[i]![c]!;
        if (compare === "equal") assert.deepEqual(actual, expected, what);
        else if (compare === "near") nearAll(actual as number[], expected as number[], what);
        else exactly(actual as number[], expected as number[], what);
      });
    });
  });

  it("refuses what pandas refuses or a stream cannot do, saying why", () => {
    const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example: exampleOf("arrow-utf8") });
    assert.throws(() => sdf.get("k").abs(), /abs: the series holds strings, not numbers/);
    assert.throws(() => sdf.get("x").shift(-1), /periods must be a whole number >= 0 \(a stream cannot look at rows not seen yet\)/);
    assert.throws(() => sdf.get("x").clip(2, 1), /lower bound is above the upper one/);
    assert.throws(() => sdf.get("x").fillna("z"), /fill it with a number/);
    assert.throws(() => sdf.get("k").between(1, 2), /give string bounds/);
  });
});

describe("dropna of a frame agrees with pandas", { skip: noPandas }, () => {
  const streams = Array.from({ length: 6 }, (_, i) => randomStream(2100 + i));
  const OPTIONS = [
    [{}, "df.dropna()"],
    [{ how: "all" }, "df.dropna(how='all')"],
    [{ subset: ["x"] }, "df.dropna(subset=['x'])"],
    [{ subset: ["k", "n"], how: "all" }, "df.dropna(subset=['k', 'n'], how='all')"],
  ] as const;
  for (const [options, expr] of OPTIONS) {
    it(`dropna(${JSON.stringify(options)}) is pandas' ${expr}`, () => {
      const want = pandasBatch(
        streams.map((s) => ({
          frames: s.frames.map((f) => ({ ...f })),
          dtypes: { k: "object", x: "float64", n: "Int64" },
          final: { r: expr },
        })),
      );
      streams.forEach((s, i) => {
        const source = new Stream<FrameInput>();
        const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
        const out = sdf
          .dropna(options)
          .frames.map((f) => f.toColumns())
          .sinkToList();
        s.frames.forEach((f, j) => source.emit(asInput(f, s.kind, j % 2 === 1)));
        const r = want[i]!.r as { columns: Record<string, (number | string | null)[]> };
        assert.deepEqual(
          out.flatMap((c) => c.k),
          r.columns.k,
          `stream ${s.seed}: k`,
        );
        exactly(
          out.flatMap((c) => c.x as number[]),
          r.columns.x!,
          `stream ${s.seed}: x`,
        );
        exactly(
          out.flatMap((c) => c.n as number[]),
          r.columns.n!,
          `stream ${s.seed}: n`,
        );
      });
    });
  }
});
