/**
 * Test data and oracles: seeded frames, the same frames as Arrow tables and as danfojs DataFrames,
 * pandas (Debian's python3-pandas) evaluating expressions over the concatenated data, and
 * comparisons that treat NaN as equal to NaN and allow for summation order.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Dictionary, Float64, Int32, Table, TimestampMillisecond, Utf8, vectorFromArray, type Vector } from "apache-arrow";

/** A test frame as plain columns. */
export interface Plain {
  time?: number[];
  name: string[];
  x: number[];
  y: number[];
}

/** A small seeded generator, so every run tests the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` frames of random sizes (some empty), with keys drawn from a pool that grows, so new
 * group keys appear late; x has NaNs, y is integer; time increases by 250 ms a row.
 */
export function frames(seed: number, count = 8, maxRows = 40): Plain[] {
  const r = rng(seed);
  const pool = ["b", "a", "d", "c", "f", "e", "h", "g"];
  const out: Plain[] = [];
  let t = 1_700_000_000_000;
  for (let k = 0; k < count; k++) {
    const n = k === 2 ? 0 : Math.floor(r() * maxRows) + 1;
    const keys = pool.slice(0, 2 + k); // frame k may use keys no earlier frame had
    const f: Plain = { time: [], name: [], x: [], y: [] };
    for (let i = 0; i < n; i++) {
      f.time!.push((t += 250));
      f.name.push(keys[Math.floor(r() * keys.length)]!);
      f.x.push(r() < 0.05 ? NaN : Math.round((r() * 20 - 10) * 1000) / 1000);
      f.y.push(Math.floor(r() * 7) - 3);
    }
    out.push(f);
  }
  return out;
}

/** A frame as an Arrow table: name dictionary-encoded, x Float64, y Int32, time as timestamps. */
export function arrowTable(f: Plain, withTime = false): Table {
  const cols: Record<string, Vector> = {};
  if (withTime)
    cols.time = vectorFromArray(
      f.time!.map((t) => new Date(t)),
      new TimestampMillisecond(),
    );
  cols.name = vectorFromArray(f.name, new Dictionary(new Utf8(), new Int32()));
  cols.x = vectorFromArray(f.x, new Float64());
  cols.y = vectorFromArray(f.y, new Int32());
  return new Table(cols);
}

/** A frame as a danfojs DataFrame (NaN as null, which danfojs treats as missing). */
export function danfoFrame(f: Plain): import("danfojs-node").DataFrame {
  const { DataFrame } = require("danfojs-node") as typeof import("danfojs-node");
  if (f.name.length === 0) return new DataFrame([], { columns: ["name", "x", "y"] });
  return new DataFrame({ name: f.name, x: f.x.map((v) => (Number.isNaN(v) ? null : v)), y: f.y });
}

/** All frames joined end to end. */
export function concat(fs: readonly Plain[]): Plain {
  return {
    time: fs.flatMap((f) => f.time ?? []),
    name: fs.flatMap((f) => f.name),
    x: fs.flatMap((f) => f.x),
    y: fs.flatMap((f) => f.y),
  };
}

const PYTHON = "/usr/bin/python3";
const ORACLE = join(__dirname, "../../test/oracle/pandas_oracle.py");

/** Whether Debian's python3-pandas is there to be the oracle. */
export const hasPandas = ((): boolean => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import pandas"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Why pandas tests are skipped, or false when they run. */
export const noPandas: string | false = hasPandas ? false : "Debian's python3-pandas is not installed (scripts/debian-packages.txt)";

/** Evaluates pandas expressions over the frames (see pandas_oracle.py). */
export function pandas(
  fs: readonly Plain[],
  exprs: { prefix?: Record<string, string>; final?: Record<string, string> },
  time = false,
): Record<string, any> {
  const dtypes: Record<string, string> = { name: "object", x: "float64", y: "int64" };
  if (time) dtypes.time = "int64"; // integers: float ms lose nanoseconds in to_datetime
  const req = {
    frames: fs.map((f) => ({ ...(time ? { time: f.time } : {}), name: f.name, x: f.x.map((v) => (Number.isNaN(v) ? null : v)), y: f.y })),
    dtypes,
    time: time ? "time" : null,
    ...exprs,
  };
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify(req), maxBuffer: 64 << 20 });
  return JSON.parse(out.toString()) as Record<string, any>;
}

/** What the oracle evaluates: frames of plain columns, their pandas dtypes, and expressions (see pandas_oracle.py). */
export interface OracleRequest {
  frames: Record<string, readonly unknown[]>[];
  dtypes: Record<string, string>;
  time?: string | null;
  prefix?: Record<string, string>;
  final?: Record<string, string>;
}

/** A value as JSON can carry it to Python: NaN as null, infinities and -0 as strings a float column reads. */
function toJson(v: unknown): unknown {
  if (typeof v !== "number") return v ?? null;
  if (Number.isNaN(v)) return null;
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  return Object.is(v, -0) ? "-0.0" : v;
}

/** Evaluates several requests in one Python process (one answer per request, in order). */
export function pandasBatch(reqs: readonly OracleRequest[]): Record<string, any>[] {
  const body = reqs.map((r) => ({
    ...r,
    frames: r.frames.map((f) => Object.fromEntries(Object.entries(f).map(([c, vs]) => [c, vs.map(toJson)]))),
  }));
  const out = execFileSync(PYTHON, [ORACLE], { input: JSON.stringify(body), maxBuffer: 256 << 20 });
  return JSON.parse(out.toString()) as Record<string, any>[];
}

/** Numbers equal up to summation order (relative 1e-9); NaN (or null, pandas' NaN in JSON) equals NaN. */
export function near(actual: number | null, expected: number | string | null, what: string): void {
  const a = actual ?? NaN;
  const e = fromPython(expected);
  if (a === e) return;
  if (Number.isNaN(e)) return assert.ok(Number.isNaN(a), `${what}: expected NaN, got ${a}`);
  assert.ok(Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)), `${what}: expected ${e}, got ${a}`);
}

/** A number as the oracle writes it: null is NaN, "inf"/"-inf" are infinities. */
export function fromPython(v: number | string | null): number {
  return v === null ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : Number(v);
}

/** Arrays of numbers equal element by element, as {@link near}. */
export function nearAll(actual: readonly (number | null)[], expected: readonly (number | string | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: expected ${expected.length} values, got ${actual.length}`);
  actual.forEach((a, i) => near(a, expected[i]!, `${what}[${i}]`));
}

/** Numbers equal bit for bit, NaN equal to NaN: the sign of zero counts (1 / -0 is -inf). */
export function exactly(actual: readonly (number | null)[], expected: readonly (number | string | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: expected ${expected.length} values, got ${actual.length}`);
  const show = (v: number) => (Object.is(v, -0) ? "-0" : String(v));
  actual.forEach((a, i) => {
    const g = a ?? NaN;
    const w = fromPython(expected[i]!);
    assert.ok(Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w)), `${what}[${i}]: expected ${show(w)}, got ${show(g)}`);
  });
}
