/**
 * `astype`: a column converted to another type by pandas' rules. Numbers to integers truncate toward
 * zero and refuse NaN and infinities (pandas: "Cannot convert non-finite values"); strings parse as
 * Python's `int()` and `float()` do (surrounding spaces allowed, "1e3" a float but not an int, "inf",
 * "nan"); numbers to strings are written as Python writes them (`1.0`, `1e+16`), a missing value stays
 * missing (pandas' "string" dtype); anything to bool is Python's truth (0 and "" are false, NaN true,
 * a missing string false).
 */
import { encodeStrings, type Column } from "../column";
import { noNegativeZero } from "./elementwise";

/** Types `astype` converts to. */
export type AsType = "int" | "float" | "string" | "bool";

const TYPES: readonly AsType[] = ["int", "float", "string", "bool"];

/** Throws unless `to` is a type `astype` converts to; `what` names the operator. */
export function checkAsType(to: string, what: string): asserts to is AsType {
  if (!(TYPES as readonly string[]).includes(to))
    throw new TypeError(`${what}: cannot convert to "${to}"; expected one of ${TYPES.join(", ")}`);
}

const PY_INT = /^\s*[+-]?\d+\s*$/;
const PY_FLOAT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\s*$/i;

/** A string as Python's `float()` reads it, or undefined when it would raise. */
function parseFloatPy(s: string): number | undefined {
  if (!PY_FLOAT.test(s)) return undefined;
  const t = s.trim().toLowerCase().replace(/^\+/, "");
  if (t === "nan" || t === "-nan") return NaN;
  if (t.endsWith("inf") || t.endsWith("infinity")) return t.startsWith("-") ? -Infinity : Infinity;
  return Number(t);
}

/** `x` as Python's `repr(float)` writes it: the shortest digits that read back, fixed from 1e-4 to 1e16. */
export function floatRepr(x: number): string {
  if (x !== x) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expPart] = Math.abs(x).toExponential().split("e") as [string, string];
  const digits = mant.replace(".", "");
  const e = Number(expPart);
  const sign = x < 0 ? "-" : "";
  const n = digits.length;
  if (e >= -4 && e < 16) {
    if (e >= n - 1) return `${sign}${digits}${"0".repeat(e - n + 1)}.0`;
    if (e >= 0) return `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
    return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
  }
  const m = n > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
}

/** The column `c` (series `name`) as `to`; `what` names the operator in errors. */
export function astype(c: Column, to: AsType, name: string, what: string): Column {
  if (c.dtype === to) return c;
  if (c.dtype === "timestamp" && (to === "string" || to === "bool")) {
    throw new TypeError(`${what}: "${name}" holds timestamps; they convert to int or float (epoch ms) only`);
  }
  if (c.dtype === "string") return fromStrings(c.codes, c.dictionary, to, name, what);
  const v = c.values;
  const n = v.length;
  if (to === "string") {
    const text = new Array<string | null>(n);
    for (let i = 0; i < n; i++) {
      const x = v[i]!;
      text[i] = x !== x ? null : c.dtype === "bool" ? (x ? "True" : "False") : c.dtype === "int" ? String(x) : floatRepr(x);
    }
    return encodeStrings(text);
  }
  if (to === "bool") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = v[i] !== 0 ? 1 : 0; // NaN is true, as Python's bool(nan)
    return { dtype: "bool", values: out };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = v[i]!;
    if (to === "int") {
      if (!Number.isFinite(x))
        throw new TypeError(
          `${what}: "${name}" has ${x !== x ? "a missing value" : x} in row ${i} of the frame; integers cannot hold it (fill it first, e.g. .fillna(0))`,
        );
      out[i] = Math.trunc(x);
    } else {
      out[i] = x;
    }
  }
  if (to === "int") noNegativeZero(out); // -0.5 truncates to -0, int64 has no -0
  return { dtype: to, values: out };
}

function fromStrings(codes: ArrayLike<number>, dictionary: readonly string[], to: AsType, name: string, what: string): Column {
  const n = codes.length;
  if (to === "bool") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = codes[i]! >= 0 && dictionary[codes[i]!] !== "" ? 1 : 0;
    return { dtype: "bool", values: out };
  }
  // each dictionary entry is parsed once, then looked up per row
  const parsed = dictionary.map((s) => (to === "int" ? (PY_INT.test(s) ? Number(s.trim()) : undefined) : parseFloatPy(s)));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    if (code < 0) {
      if (to === "int")
        throw new TypeError(
          `${what}: "${name}" has a missing value in row ${i} of the frame; integers cannot hold it (fill it first, e.g. .fillna("0"))`,
        );
      out[i] = NaN;
      continue;
    }
    const x = parsed[code];
    if (x === undefined)
      throw new TypeError(
        `${what}: "${name}" holds "${dictionary[code]}" in row ${i} of the frame, which is not ${to === "int" ? "an integer" : "a number"}`,
      );
    out[i] = x;
  }
  if (to === "int") noNegativeZero(out); // "-0" is 0 as an int
  return { dtype: to as "int" | "float", values: out }; // "string" to "string" returned the column as it is
}
