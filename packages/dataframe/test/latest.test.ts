/**
 * `tail(n)`, `nlargest(n, col)` and `nsmallest(n, col)` after every frame against pandas over the rows
 * so far, on random streams (random-streams.ts: ties in x, missing values, empty frames). Exact.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput } from "../src";
import { exactly, noPandas, pandasBatch } from "./helpers";
import { asInput, exampleOf, randomStream } from "./random-streams";

const CASES: [name: string, make: (sdf: StreamingDataFrame) => StreamingDataFrame, pandas: string][] = [
  ["tail(4)", (sdf) => sdf.tail(4), "df.tail(4)"],
  ["tail(0)", (sdf) => sdf.tail(0), "df.tail(0)"],
  ["nlargest(3, x)", (sdf) => sdf.nlargest(3, "x"), "df.nlargest(3, 'x')"],
  ["nsmallest(5, x)", (sdf) => sdf.nsmallest(5, "x"), "df.nsmallest(5, 'x')"],
  ["nlargest(2, n)", (sdf) => sdf.nlargest(2, "n"), "df.nlargest(2, 'n')"],
];

describe("bounded results over the rows so far agree with pandas", { skip: noPandas }, () => {
  const streams = Array.from({ length: 12 }, (_, i) => randomStream(5000 + i));
  const runs = streams.map((s) => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
    const outs = CASES.map(([, make]) =>
      make(sdf)
        .frames.map((f) => f.toColumns())
        .sinkToList(),
    );
    s.frames.forEach((f, j) => source.emit(asInput(f, s.kind, j % 2 === 1)));
    return outs;
  });
  const want = pandasBatch(
    streams.map((s) => ({
      frames: s.frames.map((f) => ({ ...f })),
      dtypes: { k: "object", x: "float64", n: "Int64" },
      prefix: Object.fromEntries(CASES.map(([name, , expr]) => [name, expr])),
    })),
  );
  CASES.forEach(([name, , expr], c) => {
    it(`${name} after each frame is pandas' ${expr}`, () => {
      streams.forEach((s, i) => {
        runs[i]![c]!.forEach((got, k) => {
          const w = want[i]![name][k] as { columns: Record<string, (number | string | null)[]> };
          const what = `stream ${s.seed} (${s.kind}) after frame ${k}: ${name}`;
          assert.deepEqual(got.k, w.columns.k, `${what}: k`);
          exactly(got.x as number[], w.columns.x!, `${what}: x`);
          exactly(got.n as number[], w.columns.n!, `${what}: n`);
        });
      });
    });
  });

  it("says what it cannot do", () => {
    const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example: exampleOf("arrow-utf8") });
    assert.throws(() => sdf.tail(-1), /tail\(-1\): n must be a whole number >= 0/);
    assert.throws(() => sdf.nlargest(2, "k"), /column "k" holds strings/);
    assert.throws(() => sdf.nsmallest(2, "nope"), /no column "nope"/);
  });
});
