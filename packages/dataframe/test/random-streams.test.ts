/**
 * Agreement with pandas over random streams (see random-streams.ts for what they hold): after every
 * frame, each running aggregation, group-by and value count equals pandas over the rows so far, and
 * rolling and windowed aggregations equal pandas over the concatenated column.
 *
 * Tolerance: |got - pandas| <= 1e-9 * max(1, |pandas|) (summation order differs: pandas sums pairwise
 * or compensated, we add frame by frame); NaN (pandas' NaN, None or pd.NA) equals NaN; group keys,
 * their order, counts and value counts are exact.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { StreamingDataFrame, type FrameInput, type Row } from "../src";
import { near, nearAll, noPandas, pandasBatch, type OracleRequest } from "./helpers";
import { asInput, exampleOf, randomStream, type RandomStream } from "./random-streams";

const STREAMS = 36;
const AGGS = ["sum", "mean", "count", "size", "min", "max", "var", "std"] as const;
const ROLLING = ["sum", "mean", "count", "min", "max", "var", "std"] as const;
const COLUMNS = ["x", "n"] as const;

/** What one stream produced: running values per frame, results per frame (group-bys), or all rows (rolling). */
interface Outputs {
  series: Record<string, number[]>;
  groups: Record<string, { key: string; col: string; out: Row[][] }>;
  counts: Record<string, Row[][]>;
  rolling: Record<string, (number | string | boolean | null)[][]>;
  /** Why a frame was refused, when one was (the other checks then skip the stream). */
  error?: string;
}

/** The pandas expression of each output, evaluated after every frame (`prefix`) or once at the end (`final`). */
function run(s: RandomStream): { outputs: Outputs; request: OracleRequest } {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: exampleOf(s.kind) });
  const prefix: Record<string, string> = {};
  const final: Record<string, string> = {};
  const o: Outputs = { series: {}, groups: {}, counts: {}, rolling: {} };
  const positive = sdf.filter(sdf.get("x").gt(0));
  for (const col of COLUMNS) {
    for (const agg of AGGS) {
      const name = `${col}.${agg}`;
      o.series[name] = sdf.get(col).agg(agg).sinkToList();
      prefix[name] = agg === "size" ? `df.${col}.size` : `df.${col}.${agg}()`;
      o.groups[`k.${name}`] = { key: "k", col, out: sdf.groupby("k").get(col).agg(agg).toRows().sinkToList() };
      prefix[`k.${name}`] = `df.groupby('k').${col}.${agg}()`;
    }
  }
  for (const col of ["k", ...COLUMNS] as const) {
    o.series[`${col}.nunique`] = sdf.get(col).nunique().sinkToList();
    prefix[`${col}.nunique`] = `df.${col}.nunique()`;
  }
  for (const col of COLUMNS) {
    o.series[`${col}.median`] = sdf.get(col).median().sinkToList();
    prefix[`${col}.median`] = `df.${col}.median()`;
  }
  o.series["x.prod"] = sdf.get("x").prod().sinkToList(); // not n: pandas' int64 product wraps around
  prefix["x.prod"] = "df.x.prod()";
  for (const agg of ["sum", "count", "max"] as const) {
    o.groups[`pos.k.n.${agg}`] = { key: "k", col: "n", out: positive.groupby("k").get("n").agg(agg).toRows().sinkToList() };
    prefix[`pos.k.n.${agg}`] = `df[df.x > 0].groupby('k').n.${agg}()`;
  }
  o.groups["n.x.mean"] = { key: "n", col: "x", out: sdf.groupby("n").get("x").mean().toRows().sinkToList() };
  prefix["n.x.mean"] = "df.groupby('n').x.mean()";
  o.counts.all = sdf.get("k").valueCounts().toRows().sinkToList();
  prefix.all = "df.k.value_counts()";
  o.counts.pos = positive.get("k").valueCounts().toRows().sinkToList();
  prefix.pos = "df[df.x > 0].k.value_counts()";
  const { window: w, minPeriods } = s;
  for (const col of COLUMNS) {
    for (const agg of ROLLING) {
      const name = `${col}.rolling.${agg}`;
      o.rolling[name] = sdf
        .get(col)
        .rolling(w, minPeriods === undefined ? {} : { minPeriods })
        .agg(agg)
        .values()
        .sinkToList();
      // pandas 2's default min_periods of count is the window (Debian's 1.5 says 0): spelled out
      const mp = minPeriods ?? (agg === "count" ? w : undefined);
      final[name] = `df.${col}.rolling(${w}${mp === undefined ? "" : `, min_periods=${mp}`}).${agg}()`;
    }
  }
  for (const agg of ROLLING) {
    o.series[`x.window.${agg}`] = sdf.get("x").window(w).agg(agg).sinkToList();
    prefix[`x.window.${agg}`] = `df.x.tail(${w}).${agg}()`;
  }
  try {
    s.frames.forEach((f, i) => source.emit(asInput(f, s.kind, i % 2 === 1)));
  } catch (e) {
    o.error = (e as Error).message;
  }
  const frames = s.frames.map((f) => ({ k: f.k, x: f.x, n: f.n }));
  return { outputs: o, request: { frames, dtypes: { k: "object", x: "float64", n: "Int64" }, prefix, final } };
}

describe(`${STREAMS} random streams agree with pandas`, { skip: noPandas }, () => {
  const streams = Array.from({ length: STREAMS }, (_, i) => randomStream(1000 + i));
  let outputs: Outputs[] = [];
  let wanted: Record<string, any>[] = [];
  before(() => {
    const runs = streams.map(run);
    outputs = runs.map((r) => r.outputs);
    wanted = pandasBatch(runs.map((r) => r.request));
  });
  const label = (i: number) =>
    `stream ${streams[i]!.seed} (${streams[i]!.kind}, ${streams[i]!.frames.map((f) => f.k.length).join("+")} rows)`;

  it("the streams cover empty frames, all-missing frames, late keys, numeric-looking keys and every input kind", () => {
    const all = streams.flatMap((s) => s.frames);
    assert.ok(all.some((f) => f.k.length === 0) && all.some((f) => f.k.length === 1), "empty and one-row frames");
    assert.ok(
      all.some((f) => f.x.length > 1 && f.x.every(Number.isNaN)),
      "a frame whose x is all missing",
    );
    assert.ok(all.some((f) => f.n.includes(null)) && all.some((f) => f.k.includes(null)), "nulls in n and k");
    assert.ok(
      streams.some(
        (s) =>
          s.frames.length > 2 &&
          s.frames.every((f) => f.k.every((k) => k === null || !Number.isNaN(Number(k)))) &&
          s.frames.some((f) => f.k.length > 0),
      ),
      "a stream of numeric-looking keys only",
    );
    assert.ok(
      streams.some((s) => s.frames.slice(1).some((f) => f.k.some((k) => k !== null && !s.frames[0]!.k.includes(k)))),
      "keys that appear late",
    );
    assert.deepEqual(new Set(streams.map((s) => s.kind)), new Set(["arrow-dictionary", "arrow-utf8", "danfojs"]));
  });

  it("every frame of every stream is taken", () => {
    const refused = outputs.map((o, i) => (o.error === undefined ? "" : `${label(i)}: ${o.error}`)).filter(Boolean);
    assert.deepEqual(refused, []);
  });

  /** The streams whose frames were all taken, with what they gave and what pandas says. */
  const taken = () => outputs.map((o, i) => ({ o, i, want: wanted[i]! })).filter(({ o }) => o.error === undefined);

  it("running sum, mean, count, size, min, max, var, std, nunique, median and prod of a float and an Int64 column, and windows", () => {
    for (const { o, i, want } of taken()) {
      for (const [name, got] of Object.entries(o.series)) nearAll(got, want[name], `${label(i)}: ${name}`);
    }
  });

  it("group-by aggregations by a string key and by an Int64 key, also after a filter", () => {
    for (const { o, i, want } of taken()) {
      for (const [name, { key, col, out }] of Object.entries(o.groups)) {
        out.forEach((rows, k) => {
          const w = want[name][k] as { index: unknown[]; values: (number | null)[] };
          const what = `${label(i)}: ${name} after frame ${k}`;
          assert.deepEqual(
            rows.map((r) => r[key]),
            w.index,
            `${what}: groups`,
          );
          rows.forEach((r, j) => near(r[col] as number, w.values[j]!, `${what}: ${key}=${String(r[key])}`));
        });
      }
    }
  });

  it("value counts, most frequent first, also after a filter", () => {
    for (const { o, i, want } of taken()) {
      for (const [name, out] of Object.entries(o.counts)) {
        out.forEach((rows, k) => {
          const w = want[name][k] as { index: string[]; values: number[] };
          const what = `${label(i)}: ${name} value counts after frame ${k}`;
          assert.deepEqual(
            Object.fromEntries(rows.map((r) => [r.k, r.count])),
            Object.fromEntries(w.index.map((v, j) => [v, w.values[j]])),
            what,
          );
          const counts = rows.map((r) => r.count as number);
          assert.deepEqual(
            counts,
            [...counts].sort((a, b) => b - a),
            `${what}: most frequent first`,
          );
        });
      }
    }
  });

  it("rolling sum, mean, count, min, max, var and std across frame boundaries", () => {
    for (const { o, i, want } of taken()) {
      const s = streams[i]!;
      for (const [name, got] of Object.entries(o.rolling)) {
        nearAll(got.flat() as number[], want[name].values, `${label(i)}: ${name} (window ${s.window}, minPeriods ${s.minPeriods})`);
      }
    }
  });
});
