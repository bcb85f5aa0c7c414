/**
 * `expanding()` against pandas' `expanding()`: over random streams (random-streams.ts) with random
 * minPeriods, and on a column holding infinities. Tolerance as everywhere: 1e-9 relative, NaN = NaN.
 */
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { Float64, Table, vectorFromArray } from "apache-arrow";
import { StreamingDataFrame, type FrameInput } from "../src";
import { nearAll, noPandas, pandasBatch } from "./helpers";
import { asInput, exampleOf, randomStream } from "./random-streams";

const AGGS = ["sum", "mean", "count", "min", "max", "var", "std"] as const;

describe("expanding aggregations agree with pandas", { skip: noPandas }, () => {
  it("over random streams, for a float and an Int64 column, with and without minPeriods", () => {
    const streams = Array.from({ length: 12 }, (_, i) => randomStream(3000 + i));
    const runs = streams.map((s, i) => {
      const minPeriods = i % 3 === 0 ? undefined : i % 3;
      const source = new Stream<FrameInput>();
      const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
      const outs = (["x", "n"] as const).flatMap((col) =>
        AGGS.map((agg) => {
          const mp = minPeriods === undefined ? "" : `min_periods=${minPeriods}`;
          return {
            name: `${col}.${agg}`,
            expr: `df.${col}.expanding(${mp}).${agg}()`,
            out: sdf.get(col).expanding({ minPeriods }).agg(agg).values().sinkToList(),
          };
        }),
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

  it("treats +-inf as missing but counts it, as pandas", () => {
    const frames = [{ x: [NaN, 1, Infinity] }, { x: [2, -Infinity, NaN, 3, -1e300, 1e300] }];
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: new Table({ x: vectorFromArray([] as number[], new Float64()) }) });
    const outs = AGGS.flatMap((agg) => [
      { expr: `df.x.expanding().${agg}()`, out: sdf.get("x").expanding().agg(agg).values().sinkToList() },
      { expr: `df.x.expanding(min_periods=3).${agg}()`, out: sdf.get("x").expanding({ minPeriods: 3 }).agg(agg).values().sinkToList() },
    ]);
    for (const f of frames) source.emit(new Table({ x: vectorFromArray(f.x, new Float64()) }));
    const [want] = pandasBatch([{ frames, dtypes: { x: "float64" }, final: Object.fromEntries(outs.map((o, i) => [`r${i}`, o.expr])) }]);
    outs.forEach((o, i) => nearAll(o.out.flat() as number[], want![`r${i}`].values, o.expr));
  });
});
