/**
 * Element-wise transforms of one column, as pandas does them: `abs`, negation, `round` (numpy's:
 * halves to even), `clip`, `fillna`, `isin`, `between`. Each is one loop producing a new column; a
 * missing value (NaN, or string code -1) stays missing unless the transform is about missing values.
 */
import type { Column, NumericColumn, StringColumn } from "../column";
import { noNegativeZero } from "./elementwise";

/** The numbers of a float, int or timestamp column, or an error naming what it holds instead. */
function numbers(c: Column, what: string): NumericColumn {
  if (c.dtype === "string" || c.dtype === "bool")
    throw new TypeError(`${what}: the series holds ${c.dtype === "bool" ? "booleans" : "strings"}, not numbers`);
  return c;
}

/** Absolute values, same type. */
export function abs(c: Column): NumericColumn {
  const { dtype, values } = numbers(c, "abs");
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.abs(values[i]!);
  return { dtype, values: out };
}

/** `-c`, same type; an integer 0 stays +0 (pandas' int64 has no -0, so 1 / -y is +inf at y = 0). */
export function neg(c: Column): NumericColumn {
  const { dtype, values } = numbers(c, "neg");
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) out[i] = -values[i]!;
  if (dtype === "int") noNegativeZero(out);
  return { dtype, values: out };
}

/** C's `rint`: the nearest integer, halves to even (JavaScript's Math.round sends halves up). */
function rint(y: number): number {
  const r = Math.round(y);
  return r - y === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Rounded to `decimals` places the way numpy does it (and so pandas): `rint(x * 10^d) / 10^d`, or for
 * negative `d` `rint(x / 10^-d) * 10^-d`, so 0.125 rounds to 0.12 and 2.675 (stored as 2.67499...) to 2.68.
 */
export function round(c: Column, decimals: number): NumericColumn {
  if (!Number.isInteger(decimals)) throw new RangeError(`round(${decimals}): decimals must be an integer`);
  const { dtype, values } = numbers(c, "round");
  const out = new Float64Array(values.length);
  if (decimals >= 0) {
    const f = 10 ** decimals;
    for (let i = 0; i < out.length; i++) out[i] = rint(values[i]! * f) / f;
  } else {
    const f = 10 ** -decimals;
    for (let i = 0; i < out.length; i++) out[i] = rint(values[i]! / f) * f;
  }
  if (dtype === "int") noNegativeZero(out); // -3 rounds to -0 in float64, to 0 in int64
  return { dtype, values: out };
}

/** Values limited to [lower, upper]; an undefined or NaN bound is no bound. Integers stay integers under integer bounds. */
export function clip(c: Column, lower?: number, upper?: number): NumericColumn {
  const { dtype, values } = numbers(c, "clip");
  const lo = lower === undefined || Number.isNaN(lower) ? -Infinity : lower;
  const hi = upper === undefined || Number.isNaN(upper) ? Infinity : upper;
  if (lo > hi) throw new RangeError(`clip(${lower}, ${upper}): the lower bound is above the upper one`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < out.length; i++) {
    const v = values[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v; // NaN compares false both ways: it stays NaN
  }
  const whole = (b: number) => !Number.isFinite(b) || Number.isInteger(b);
  return { dtype: dtype === "int" && !(whole(lo) && whole(hi)) ? "float" : dtype, values: out };
}

/** Missing values (NaN; null strings) replaced by `value`: a number for numbers, a string for strings. */
export function fillna(c: Column, value: number | string): Column {
  if (c.dtype === "string") {
    if (typeof value !== "string") throw new TypeError(`fillna(${value}): the series holds strings; fill it with a string`);
    let code = c.dictionary.indexOf(value);
    const dictionary = code < 0 ? [...c.dictionary, value] : c.dictionary;
    if (code < 0) code = c.dictionary.length;
    const codes = new Int32Array(c.codes.length);
    for (let i = 0; i < codes.length; i++) codes[i] = c.codes[i]! < 0 ? code : c.codes[i]!;
    return { dtype: "string", codes, dictionary };
  }
  if (typeof value !== "number")
    throw new TypeError(`fillna(${JSON.stringify(value)}): the series holds ${c.dtype} values; fill it with a number`);
  const out = new Float64Array(c.values.length);
  for (let i = 0; i < out.length; i++) {
    const v = c.values[i]!;
    out[i] = v !== v ? value : v;
  }
  return { dtype: c.dtype === "int" && !Number.isInteger(value) ? "float" : c.dtype, values: out };
}

/** One 0/1 verdict per dictionary entry, then a lookup per row (code -1, missing, gets `missing`). */
function byDictionary(c: StringColumn, test: (s: string) => boolean, missing: boolean): NumericColumn {
  const verdict = Uint8Array.from(c.dictionary, (s) => (test(s) ? 1 : 0));
  const out = new Uint8Array(c.codes.length);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i]!;
    out[i] = code < 0 ? (missing ? 1 : 0) : verdict[code]!;
  }
  return { dtype: "bool", values: out };
}

/** Whether each value is one of `values` (as pandas: NaN matches NaN, and null matches a missing value). */
export function isin(c: Column, values: readonly (number | string | boolean | null)[]): NumericColumn {
  if (c.dtype === "string") {
    const set = new Set(values.filter((v): v is string => typeof v === "string"));
    return byDictionary(c, (s) => set.has(s), values.includes(null));
  }
  const set = new Set<number>();
  for (const v of values) {
    if (typeof v === "number") set.add(v);
    else if (typeof v === "boolean") set.add(v ? 1 : 0);
    else if (v === null) set.add(NaN);
  }
  const out = new Uint8Array(c.values.length);
  for (let i = 0; i < out.length; i++) out[i] = set.has(c.values[i]!) ? 1 : 0;
  return { dtype: "bool", values: out };
}

/** Which ends `between` includes, as pandas' `inclusive`. */
export type Inclusive = "both" | "neither" | "left" | "right";

/** Whether each value lies between `left` and `right` (numbers, or strings for a string series); missing is false. */
export function between(c: Column, left: number | string, right: number | string, inclusive: Inclusive = "both"): NumericColumn {
  const withLeft = inclusive === "both" || inclusive === "left";
  const withRight = inclusive === "both" || inclusive === "right";
  if (!["both", "neither", "left", "right"].includes(inclusive))
    throw new RangeError(`between: inclusive must be "both", "neither", "left" or "right", not ${JSON.stringify(inclusive)}`);
  const inside = <T>(v: T, l: T, r: T) => (withLeft ? v >= l : v > l) && (withRight ? v <= r : v < r);
  if (c.dtype === "string") {
    if (typeof left !== "string" || typeof right !== "string") throw new TypeError("between: the series holds strings; give string bounds");
    return byDictionary(c, (s) => inside(s, left, right), false);
  }
  if (typeof left !== "number" || typeof right !== "number")
    throw new TypeError(`between: the series holds ${c.dtype} values; give number bounds`);
  const out = new Uint8Array(c.values.length);
  for (let i = 0; i < out.length; i++) out[i] = inside(c.values[i]!, left, right) ? 1 : 0;
  return { dtype: "bool", values: out };
}

/**
 * `c` where `cond` holds, else `other` (pandas' `where`; null or NaN for missing). A string series
 * takes a string (or null) as `other`; a number series a number, or a number column.
 */
export function where(c: Column, cond: Column, other: Column | number | string | boolean | null): Column {
  if (cond.dtype !== "bool") throw new TypeError(`where: the condition holds ${cond.dtype} values, not booleans (compare it, e.g. .gt(0))`);
  const keep = cond.values;
  if (c.dtype === "string") {
    if (other !== null && typeof other !== "string") throw new TypeError("where: the series holds strings; other must be a string or null");
    let code = other === null ? -1 : c.dictionary.indexOf(other);
    const dictionary = other !== null && code < 0 ? [...c.dictionary, other] : c.dictionary;
    if (other !== null && code < 0) code = c.dictionary.length;
    const codes = new Int32Array(c.codes.length);
    for (let i = 0; i < codes.length; i++) codes[i] = keep[i] ? c.codes[i]! : code;
    return { dtype: "string", codes, dictionary };
  }
  const out = new Float64Array(c.values.length);
  let whole = true;
  if (typeof other === "object" && other !== null) {
    if (other.dtype === "string") throw new TypeError("where: the series holds numbers; other cannot be strings");
    for (let i = 0; i < out.length; i++) out[i] = keep[i] ? c.values[i]! : other.values[i]!;
    whole = other.dtype === "int" || other.dtype === "bool";
  } else {
    if (typeof other === "string") throw new TypeError("where: the series holds numbers; other must be a number");
    const o = typeof other === "boolean" ? +other : (other ?? NaN);
    for (let i = 0; i < out.length; i++) out[i] = keep[i] ? c.values[i]! : o;
    whole = Number.isNaN(o) || Number.isInteger(o);
  }
  return { dtype: c.dtype === "int" && !whole ? "float" : c.dtype === "bool" ? "float" : c.dtype, values: out };
}

/** The distinct non-missing values seen so far (pandas' `nunique`), fed column by column. */
export class Distinct {
  private readonly seen = new Set<string | number>();

  /** Folds in a column; returns the number of distinct values so far. */
  add(c: Column): number {
    if (c.dtype === "string") {
      const used = new Uint8Array(c.dictionary.length);
      for (let i = 0; i < c.codes.length; i++) if (c.codes[i]! >= 0) used[c.codes[i]!] = 1;
      used.forEach((u, code) => u && this.seen.add(c.dictionary[code]!));
    } else {
      for (let i = 0; i < c.values.length; i++) {
        const v = c.values[i]!;
        if (v === v) this.seen.add(v);
      }
    }
    return this.seen.size;
  }
}
