/**
 * Element-wise comparisons, arithmetic and logic on columns, each one tight loop producing a new
 * column. Missing values follow pandas: NaN compares false (and not-equal true).
 */
import { columnLength, valueAt, type Column, type NumericArray, type NumericColumn } from "../column";

/** A column or a scalar broadcast over the rows. */
export type Operand = Column | number | string | boolean;

/** Comparison operators. */
export type CompareOp = "gt" | "ge" | "lt" | "le" | "eq" | "ne";
/** Arithmetic operators. */
export type ArithOp = "add" | "sub" | "mul" | "div" | "mod" | "pow";

const COMPARE: Record<CompareOp, (a: any, b: any) => boolean> = {
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

const ARITH: Record<ArithOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  mod,
  pow: (a, b) => a ** b,
};

/**
 * numpy's remainder (what pandas' `%` runs): the exact `fmod` (JavaScript's `%`), moved by one divisor
 * when its sign differs from the divisor's, and a zero result signed as the divisor. `a - floor(a / b) * b`
 * is not exact: with a = 1, b = 0.1 the quotient rounds to 10 and it gives 0, numpy 0.09999999999999995.
 */
function mod(a: number, b: number): number {
  const r = a % b;
  if (r !== 0) return r < 0 !== b < 0 ? r + b : r; // NaN (b = 0, a = inf) stays NaN
  return b < 0 ? -0 : 0;
}

function isColumn(x: Operand): x is Column {
  return typeof x === "object" && x !== null;
}

/** A boolean column: `a <op> b` row by row. */
export function compare(op: CompareOp, a: Column, b: Operand): NumericColumn {
  const n = columnLength(a);
  const out = new Uint8Array(n);
  if (a.dtype === "string") {
    if (!isColumn(b)) {
      // decide once per dictionary entry, then look codes up
      const f = COMPARE[op];
      const verdict = Uint8Array.from(a.dictionary, (s) => (f(s, b) ? 1 : 0));
      const miss = op === "ne" ? 1 : 0;
      for (let i = 0; i < n; i++) {
        const c = a.codes[i]!;
        out[i] = c < 0 ? miss : verdict[c]!;
      }
      return { dtype: "bool", values: out };
    }
    return compareGeneric(op, a, b, out);
  }
  if (isColumn(b)) {
    if (b.dtype === "string") return compareGeneric(op, a, b, out);
    return compareArrays(op, a.values, b.values, out);
  }
  if (typeof b === "string") throw new TypeError(`cannot compare a ${a.dtype} column with the string "${b}"`);
  return compareScalar(op, a.values, +b, out);
}

function compareScalar(op: CompareOp, v: NumericArray, b: number, out: Uint8Array): NumericColumn {
  const n = v.length;
  switch (op) {
    case "gt":
      for (let i = 0; i < n; i++) out[i] = v[i]! > b ? 1 : 0;
      break;
    case "ge":
      for (let i = 0; i < n; i++) out[i] = v[i]! >= b ? 1 : 0;
      break;
    case "lt":
      for (let i = 0; i < n; i++) out[i] = v[i]! < b ? 1 : 0;
      break;
    case "le":
      for (let i = 0; i < n; i++) out[i] = v[i]! <= b ? 1 : 0;
      break;
    case "eq":
      for (let i = 0; i < n; i++) out[i] = v[i]! === b ? 1 : 0;
      break;
    case "ne":
      for (let i = 0; i < n; i++) out[i] = v[i]! !== b ? 1 : 0;
      break;
  }
  return { dtype: "bool", values: out };
}

function compareArrays(op: CompareOp, a: NumericArray, b: NumericArray, out: Uint8Array): NumericColumn {
  if (a.length !== b.length) throw new Error(`cannot compare columns of ${a.length} and ${b.length} rows`);
  const f = COMPARE[op];
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]) ? 1 : 0;
  return { dtype: "bool", values: out };
}

function compareGeneric(op: CompareOp, a: Column, b: Column, out: Uint8Array): NumericColumn {
  if ((a.dtype === "string") !== (b.dtype === "string")) throw new TypeError(`cannot compare a ${a.dtype} column with a ${b.dtype} column`);
  const f = COMPARE[op];
  for (let i = 0; i < out.length; i++) {
    const x = valueAt(a, i);
    const y = valueAt(b, i);
    out[i] = x === null || y === null ? (op === "ne" ? 1 : 0) : f(x, y) ? 1 : 0;
  }
  return { dtype: "bool", values: out };
}

/**
 * A numeric column: `a <op> b` row by row, or `b <op> a` when `reversed` (a scalar on the left, as
 * pandas' `rsub`, `rdiv`, ...). Integers stay integers except under division and negative powers.
 */
export function arith(op: ArithOp, a: Column, b: Operand, reversed = false): NumericColumn {
  if (a.dtype === "string") throw new TypeError(`cannot apply ${op} to a string column`);
  const v = a.values;
  const n = v.length;
  const out = new Float64Array(n);
  const f = ARITH[op];
  let bothInt = a.dtype === "int" || a.dtype === "bool";
  if (isColumn(b)) {
    if (b.dtype === "string") throw new TypeError(`cannot apply ${op} to a string column`);
    if (b.values.length !== n) throw new Error(`cannot combine columns of ${n} and ${b.values.length} rows`);
    bothInt &&= b.dtype === "int" || b.dtype === "bool";
    const w = b.values;
    if (reversed) for (let i = 0; i < n; i++) out[i] = f(w[i]!, v[i]!);
    else for (let i = 0; i < n; i++) out[i] = f(v[i]!, w[i]!);
  } else {
    if (typeof b !== "number") throw new TypeError(`cannot apply ${op} to a column and ${typeof b} ${JSON.stringify(b)}`);
    bothInt &&= Number.isInteger(b);
    if (op === "add") for (let i = 0; i < n; i++) out[i] = v[i]! + b;
    else if (op === "mul") for (let i = 0; i < n; i++) out[i] = v[i]! * b;
    else if (reversed) for (let i = 0; i < n; i++) out[i] = f(b, v[i]!);
    else for (let i = 0; i < n; i++) out[i] = f(v[i]!, b);
  }
  const int = bothInt && op !== "div" && !(op === "pow" && hasNegative(reversed ? a : b));
  if (int && (op === "mul" || op === "mod")) noNegativeZero(out);
  return { dtype: int ? "int" : "float", values: out };
}

/** Whether an exponent (a column or a scalar) has a negative value: integers to negative powers are fractions. */
function hasNegative(x: Operand): boolean {
  if (typeof x === "number") return x < 0;
  if (!isColumn(x) || x.dtype === "string") return false;
  for (let i = 0; i < x.values.length; i++) if (x.values[i]! < 0) return true;
  return false;
}

/**
 * Integers have no -0, but integer columns live in float64 and `0 * -2` is -0 there, so `1 / (y * -2)`
 * would be -inf where pandas' int64 gives +inf. Adding +0 turns -0 into +0 and leaves the rest alone.
 */
export function noNegativeZero(values: Float64Array): void {
  for (let i = 0; i < values.length; i++) values[i] += 0;
}

/** Boolean and/or of two columns (non-zero is true). */
export function logical(op: "and" | "or", a: Column, b: Column): NumericColumn {
  if (a.dtype === "string" || b.dtype === "string") throw new TypeError(`cannot apply ${op} to a string column`);
  const n = a.values.length;
  if (b.values.length !== n) throw new Error(`cannot combine columns of ${n} and ${b.values.length} rows`);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (op === "and" ? a.values[i]! && b.values[i]! : a.values[i]! || b.values[i]!) ? 1 : 0;
  return { dtype: "bool", values: out };
}

/** Boolean negation (non-zero is true). */
export function not(a: Column): NumericColumn {
  if (a.dtype === "string") throw new TypeError("cannot negate a string column");
  const out = new Uint8Array(a.values.length);
  for (let i = 0; i < out.length; i++) out[i] = a.values[i] ? 0 : 1;
  return { dtype: "bool", values: out };
}

/**
 * The indices of the rows where `values <op> b` holds: a comparison and a filter in one pass, with no
 * mask in between (what `sdf.filter(sdf.get("x").gt(0))` runs). One small loop per operator, because
 * V8 optimises those far better than one loop with a switch.
 */
export function selectWhere(op: CompareOp, values: NumericArray, b: number): Int32Array {
  return SELECT[op](values, b);
}

// branch-free: always write the index, advance only past kept rows
const SELECT: Record<CompareOp, (values: NumericArray, b: number) => Int32Array> = {
  gt(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! > b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
  ge(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! >= b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
  lt(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! < b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
  le(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! <= b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
  eq(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! === b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
  ne(v, b) {
    const idx = new Int32Array(v.length);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      idx[k] = i;
      k += v[i]! !== b ? 1 : 0;
    }
    return idx.subarray(0, k);
  },
};
