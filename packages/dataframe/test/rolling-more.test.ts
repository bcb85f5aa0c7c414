/**
 * Rolling `median`, `quantile` and `apply` against pandas: over random streams (random-streams.ts)
 * with random windows and minPeriods, and on a column with infinities (missing to pandas' rolling).
 * Tolerance: 1e-9 relative, NaN = NaN.
 */
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { Float64, Table, vectorFromArray } from "apache-arrow";
import { StreamingDataFrame, type FrameInput, type Rolling } from "../src";
import { nearAll, noPandas, pandasBatch } from "./helpers";
import { asInput, exampleOf, randomStream } from "./random-streams";

/** A weighted sum that depends on every value and its place, NaN included: the same function on both sides. */
const weighted = (w: Float64Array) => w.reduce((acc, v, i) => acc + v * (i + 1), 0);
const CASES: [name: string, run: (r: Rolling) => ReturnType<Rolling["median"]>, pandas: string][] = [
  ["median", (r) => r.median(), "median()"],
  ["quantile(0)", (r) => r.quantile(0), "quantile(0)"],
  ["quantile(0.25)", (r) => r.quantile(0.25), "quantile(0.25)"],
  ["quantile(0.9)", (r) => r.quantile(0.9), "quantile(0.9)"],
  ["quantile(1)", (r) => r.quantile(1), "quantile(1)"],
  ["apply(weighted)", (r) => r.apply(weighted), "apply(lambda a: sum(v * (i + 1) for i, v in enumerate(a)), raw=True)"],
];

describe("rolling median, quantile and apply agree with pandas", { skip: noPandas }, () => {
  it("over random streams, for a float and an Int64 column", () => {
    const streams = Array.from({ length: 12 }, (_, i) => randomStream(4000 + i));
    const runs = streams.map((s) => {
      const source = new Stream<FrameInput>();
      const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
      const mp = s.minPeriods === undefined ? "" : `, min_periods=${s.minPeriods}`;
      const outs = (["x", "n"] as const).flatMap((col) =>
        CASES.map(([name, run, expr]) => ({
          name: `${col}.${name}`,
          expr: `df.${col}.rolling(${s.window}${mp}).${expr}`,
          out: run(sdf.get(col).rolling(s.window, { minPeriods: s.minPeriods }))
            .values()
            .sinkToList(),
        })),
      );
      s.frames.forEach((f, j) => source.emit(asInput(f, s.kind, j % 2 === 1)));
      return { s, outs };
    });
    const want = pandasBatch(
      runs.map(({ s, outs }) => ({
        frames: s.frames.map((f) => ({ ...f })),
        dtypes: { k: "object", x: "float64", n: "Int64" },
        final: Object.fromEntries(outs.map((o) => [o.name, o.expr])),
      })),
    );
    runs.forEach(({ s, outs }, i) =>
      outs.forEach((o) => nearAll(o.out.flat() as number[], want[i]![o.name].values, `stream ${s.seed}: ${o.expr}`)),
    );
  });

  it("leave infinities out of the window, as pandas", () => {
    const frames = [{ x: [1, Infinity, 2, 5] }, { x: [-Infinity, 3, NaN, 4, 8, Infinity] }];
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: new Table({ x: vectorFromArray([] as number[], new Float64()) }) });
    const outs = CASES.map(([, run, expr]) => ({
      expr: `df.x.rolling(3, min_periods=1).${expr}`,
      out: run(sdf.get("x").rolling(3, { minPeriods: 1 }))
        .values()
        .sinkToList(),
    }));
    for (const f of frames) source.emit(new Table({ x: vectorFromArray(f.x, new Float64()) }));
    const [want] = pandasBatch([{ frames, dtypes: { x: "float64" }, final: Object.fromEntries(outs.map((o, i) => [`r${i}`, o.expr])) }]);
    outs.forEach((o, i) => nearAll(o.out.flat() as number[], want![`r${i}`].values, o.expr));
  });
});
