/**
 * `ewm(...)` against pandas' `ewm(...)`: mean, var and std with each way of setting the decay, with and
 * without `adjust`, `ignoreNa`, `minPeriods` and `bias`, over random streams (random-streams.ts: NaN,
 * all-NaN and empty frames, an Int64 column with nulls) and over a column with infinities.
 * Tolerance: 1e-9 relative, NaN = NaN.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { Float64, Table, vectorFromArray } from "apache-arrow";
import { StreamingDataFrame, type EwmOptions, type FrameInput, type StreamingSeries } from "../src";
import { nearAll, noPandas, pandasBatch } from "./helpers";
import { asInput, exampleOf, randomStream } from "./random-streams";

const SETTINGS: [EwmOptions, string][] = [
  [{ alpha: 0.3 }, "alpha=0.3"],
  [{ span: 4 }, "span=4"],
  [{ halflife: 2.5, adjust: false }, "halflife=2.5, adjust=False"],
  [{ com: 1.5, ignoreNa: true }, "com=1.5, ignore_na=True"],
  [{ alpha: 0.6, minPeriods: 3, adjust: false, ignoreNa: true }, "alpha=0.6, min_periods=3, adjust=False, ignore_na=True"],
];
const OPS: [(s: StreamingSeries, o: EwmOptions) => StreamingSeries, string][] = [
  [(s, o) => s.ewm(o).mean(), "mean()"],
  [(s, o) => s.ewm(o).var(), "var()"],
  [(s, o) => s.ewm(o).std(), "std()"],
  [(s, o) => s.ewm(o).var({ bias: true }), "var(bias=True)"],
];

function cases(sdf: StreamingDataFrame, cols: readonly string[]) {
  return cols.flatMap((col) =>
    SETTINGS.flatMap(([options, args]) =>
      OPS.map(([run, op]) => ({ expr: `df.${col}.ewm(${args}).${op}`, out: run(sdf.get(col), options).values().sinkToList() })),
    ),
  );
}

describe("exponentially weighted aggregations agree with pandas", { skip: noPandas }, () => {
  it("over random streams, for a float and an Int64 column", () => {
    const streams = Array.from({ length: 10 }, (_, i) => randomStream(6000 + i));
    const runs = streams.map((s) => {
      const source = new Stream<FrameInput>();
      const outs = cases(new StreamingDataFrame(source, { example: exampleOf(s.kind) }), ["x", "n"]);
      s.frames.forEach((f, j) => source.emit(asInput(f, s.kind, j % 2 === 1)));
      return { s, outs };
    });
    const want = pandasBatch(
      runs.map(({ s, outs }) => ({
        frames: s.frames.map((f) => ({ ...f })),
        dtypes: { k: "object", x: "float64", n: "Int64" },
        final: Object.fromEntries(outs.map((o, i) => [`r${i}`, o.expr])),
      })),
    );
    runs.forEach(({ s, outs }, i) =>
      outs.forEach((o, j) => nearAll(o.out.flat() as number[], want[i]![`r${j}`].values, `stream ${s.seed}: ${o.expr}`)),
    );
  });

  it("take +-inf as missing, as pandas", () => {
    const frames = [{ x: [NaN, 2, Infinity] }, { x: [4, -Infinity, NaN, 1, 7] }];
    const source = new Stream<FrameInput>();
    const outs = cases(new StreamingDataFrame(source, { example: new Table({ x: vectorFromArray([] as number[], new Float64()) }) }), [
      "x",
    ]);
    for (const f of frames) source.emit(new Table({ x: vectorFromArray(f.x, new Float64()) }));
    const [want] = pandasBatch([{ frames, dtypes: { x: "float64" }, final: Object.fromEntries(outs.map((o, i) => [`r${i}`, o.expr])) }]);
    outs.forEach((o, i) => nearAll(o.out.flat() as number[], want![`r${i}`].values, o.expr));
  });

  it("wants exactly one decay parameter, in range", () => {
    const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example: exampleOf("arrow-utf8") });
    assert.throws(() => sdf.get("x").ewm({}), /exactly one of alpha, span, halflife, com \(got none\)/);
    assert.throws(() => sdf.get("x").ewm({ alpha: 0.5, span: 3 }), /got alpha, span/);
    assert.throws(() => sdf.get("x").ewm({ alpha: 0 }), /alpha must be in \(0, 1\]/);
  });
});
