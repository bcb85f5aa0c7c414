/**
 * Columns: the typed arrays the hot paths loop over. A frame is a list of these; numbers live in typed
 * arrays (often the very buffers of an Arrow batch), strings are dictionary-encoded (integer codes into
 * a small dictionary), so filters and group-bys are integer loops.
 */

/** Column types. `timestamp` holds epoch milliseconds in a Float64Array. */
export type DType = "float" | "int" | "bool" | "string" | "timestamp";

/** Typed arrays a numeric column may hold (Arrow hands over its own buffers without copying). */
export type NumericArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/** Typed arrays dictionary codes may come in. */
export type CodeArray = Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array;

/** A column of numbers (`float`, `int`, `timestamp`) or booleans (`bool`, as 0/1 in a Uint8Array). */
export interface NumericColumn {
  readonly dtype: "float" | "int" | "bool" | "timestamp";
  readonly values: NumericArray;
}

/** A column of strings: `codes[i]` indexes `dictionary`; -1 is a missing value. */
export interface StringColumn {
  readonly dtype: "string";
  readonly codes: CodeArray;
  readonly dictionary: readonly string[];
}

/** One column of a frame. */
export type Column = NumericColumn | StringColumn;

/** A single value of a column, as users see it (timestamps as epoch ms). */
export type Scalar = number | string | boolean | null;

/** The number of rows of a column. */
export function columnLength(c: Column): number {
  return c.dtype === "string" ? c.codes.length : c.values.length;
}

/** Whether a dtype holds numbers one can sum (booleans count as 0/1, as in pandas). */
export function isNumeric(dtype: DType): boolean {
  return dtype !== "string";
}

/** A float column over `values`. */
export function floatColumn(values: NumericArray): NumericColumn {
  return { dtype: "float", values };
}

/** The value at row `i`, as users see it. */
export function valueAt(c: Column, i: number): Scalar {
  if (c.dtype === "string") {
    const code = c.codes[i]!;
    return code < 0 ? null : c.dictionary[code]!;
  }
  const v = c.values[i]!;
  return c.dtype === "bool" ? v !== 0 : v;
}

/** All values of a column as a plain array. */
export function columnValues(c: Column): Scalar[] {
  const n = columnLength(c);
  const out = new Array<Scalar>(n);
  for (let i = 0; i < n; i++) out[i] = valueAt(c, i);
  return out;
}

/** Encodes strings (null/undefined as missing) as a dictionary column. */
export function encodeStrings(values: ArrayLike<unknown>): StringColumn {
  const n = values.length;
  const codes = new Int32Array(n);
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = -1;
      continue;
    }
    const s = typeof v === "string" ? v : String(v);
    let code = index.get(s);
    if (code === undefined) {
      code = dictionary.length;
      index.set(s, code);
      dictionary.push(s);
    }
    codes[i] = code;
  }
  return { dtype: "string", codes, dictionary };
}

/** A column of `dtype` from plain values (numbers, booleans, strings, Dates, nulls). */
export function columnFrom(dtype: DType, values: ArrayLike<unknown>): Column {
  if (dtype === "string") return encodeStrings(values);
  const n = values.length;
  if (dtype === "bool") {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0;
    return { dtype, values: out };
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : v instanceof Date ? v.getTime() : Number(v);
  }
  return { dtype, values: out };
}

/** Rows `indices` of `c`, in that order. */
export function takeRows(c: Column, indices: Int32Array): Column {
  const n = indices.length;
  if (c.dtype === "string") {
    const src = c.codes;
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = src[indices[i]!]!;
    return { dtype: "string", codes, dictionary: c.dictionary };
  }
  const src = c.values;
  const values = c.dtype === "bool" ? new Uint8Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = src[indices[i]!]!;
  return { dtype: c.dtype, values };
}

/** Rows `start` (inclusive) to `end` (exclusive) of `c`, sharing its buffers. */
export function sliceRows(c: Column, start: number, end: number): Column {
  if (c.dtype === "string") return { dtype: "string", codes: c.codes.subarray(start, end), dictionary: c.dictionary };
  return { dtype: c.dtype, values: c.values.subarray(start, end) };
}

/** Columns of one dtype joined end to end; string dictionaries are merged. */
export function concatColumns(dtype: DType, parts: readonly Column[]): Column {
  let n = 0;
  for (const p of parts) n += columnLength(p);
  if (dtype === "string") {
    const codes = new Int32Array(n);
    const index = new Map<string, number>();
    const dictionary: string[] = [];
    let at = 0;
    for (const p of parts as StringColumn[]) {
      const remap = p.dictionary.map((s) => {
        let code = index.get(s);
        if (code === undefined) {
          code = dictionary.length;
          index.set(s, code);
          dictionary.push(s);
        }
        return code;
      });
      for (let i = 0; i < p.codes.length; i++) {
        const code = p.codes[i]!;
        codes[at++] = code < 0 ? -1 : remap[code]!;
      }
    }
    return { dtype, codes, dictionary };
  }
  const values = dtype === "bool" ? new Uint8Array(n) : new Float64Array(n);
  let at = 0;
  for (const p of parts as NumericColumn[]) {
    values.set(p.values, at);
    at += p.values.length;
  }
  return { dtype, values };
}
