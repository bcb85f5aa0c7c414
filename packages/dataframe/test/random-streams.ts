/**
 * Random streams for the pandas agreement test: frames of random length (empty ones and single rows
 * too), string keys that often look like numbers ("10", "010", "1e3") and that appear late, nulls in
 * every column, frames whose x is all missing, an Int64 column with nulls, handed in as Arrow with a
 * dictionary-encoded key, as Arrow with a plain Utf8 key, or as danfojs DataFrames.
 */
import { Dictionary, Float64, Int32, Int64, Table, Utf8, vectorFromArray } from "apache-arrow";
import type { FrameInput } from "../src";
import { before } from "node:test";
import { pandasBatch, rng, type OracleRequest } from "./helpers";

/** How a stream's frames are handed in. */
export type InputKind = "arrow-dictionary" | "arrow-utf8" | "danfojs";
export const KINDS: readonly InputKind[] = ["arrow-dictionary", "arrow-utf8", "danfojs"];

/** One frame as plain columns: k a string key (null missing), x float (NaN missing), n Int64 (null missing). */
export interface RandomFrame {
  k: (string | null)[];
  x: number[];
  n: (number | null)[];
}

/** A random stream and the parameters its rolling and windowed aggregations use. */
export interface RandomStream {
  seed: number;
  kind: InputKind;
  frames: RandomFrame[];
  /** Rows of the rolling and windowed aggregations. */
  window: number;
  /** minPeriods of the rolling aggregations, or undefined for the default. */
  minPeriods: number | undefined;
}

const KEYS = ["10", "9", "010", "1e3", "-1", "1.50", " 7", "0", "a", "B", "b"];

/** The stream of `seed`: 1 to 7 frames; the key pool grows frame by frame, so keys arrive late. */
export function randomStream(seed: number): RandomStream {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pool = [...KEYS].sort(() => r() - 0.5);
  const numericOnly = r() < 0.3; // keys that all look like numbers: danfojs infers int32 or float32 for them
  const keys = numericOnly ? pool.filter((k) => !Number.isNaN(Number(k))) : pool;
  const frames: RandomFrame[] = [];
  const count = 1 + Math.floor(r() * 7);
  for (let j = 0; j < count; j++) {
    const u = r();
    const rows = u < 0.2 ? 0 : u < 0.3 ? 1 : 2 + Math.floor(r() * 24);
    const allMissing = r() < 0.15;
    const available = keys.slice(0, 1 + 2 * j);
    const f: RandomFrame = { k: [], x: [], n: [] };
    for (let i = 0; i < rows; i++) {
      f.k.push(r() < 0.08 ? null : pick(available));
      f.x.push(allMissing || r() < 0.12 ? NaN : r() < 0.1 ? 1.5 : Math.round((r() * 20 - 10) * 1000) / 1000);
      f.n.push(r() < 0.1 ? null : Math.floor(r() * 101) - 50);
    }
    frames.push(f);
  }
  const window = 1 + Math.floor(r() * 5);
  const minPeriods = r() < 0.5 ? undefined : 1 + Math.floor(r() * window);
  return { seed, kind: KINDS[seed % KINDS.length]!, frames, window, minPeriods };
}

/** The frame as `kind` hands it in (Arrow: missing x half as null, half as NaN; a Table or its batch). */
export function asInput(f: RandomFrame, kind: InputKind, alt: boolean): FrameInput {
  if (kind === "danfojs") {
    const { DataFrame } = require("danfojs-node") as typeof import("danfojs-node");
    if (f.k.length === 0) return new DataFrame([], { columns: ["k", "x", "n"] });
    return new DataFrame({ k: f.k, x: f.x.map((v) => (Number.isNaN(v) ? null : v)), n: f.n });
  }
  const t = new Table({
    k: vectorFromArray(f.k, kind === "arrow-dictionary" ? new Dictionary(new Utf8(), new Int32()) : new Utf8()),
    x: vectorFromArray(
      f.x.map((v, i) => (Number.isNaN(v) && i % 2 === 0 ? null : v)),
      new Float64(),
    ),
    n: vectorFromArray(
      f.n.map((v) => (v === null ? null : BigInt(v))),
      new Int64(),
    ),
  });
  return alt && t.batches.length === 1 ? t.batches[0]! : t;
}

/** The stream's example: an empty Arrow table of its kind, or a one-row danfojs frame (an empty one has no types). */
export function exampleOf(kind: InputKind): FrameInput {
  return kind === "danfojs" ? asInput({ k: ["a"], x: [0.5], n: [1] }, kind, false) : asInput({ k: [], x: [], n: [] }, kind, false);
}

/**
 * For a describe block: the streams of `count` seeds from `first`, each run by `run` and pandas' answers
 * to their requests, filled in by a `before` hook (one Python start for all of them).
 */
export function againstPandas<R extends { request: OracleRequest }>(
  first: number,
  count: number,
  run: (s: RandomStream) => R,
): { streams: RandomStream[]; runs: R[]; wanted: Record<string, any>[] } {
  const out = {
    streams: Array.from({ length: count }, (_, i) => randomStream(first + i)),
    runs: [] as R[],
    wanted: [] as Record<string, any>[],
  };
  before(() => {
    out.runs = out.streams.map(run);
    out.wanted = pandasBatch(out.runs.map((r) => r.request));
  });
  return out;
}
