/**
 * Dropping rows with missing values (pandas' `dropna`): a missing value is NaN in a number column and
 * a null in a string column (booleans are never missing). The rows kept are taken lazily, as a filter's.
 */
import type { Column } from "./column";
import type { ColumnFrame } from "./frame";

/** Options of `sdf.dropna`. */
export interface DropnaOptions {
  /** "any" (default): drop a row missing any value; "all": only a row missing every value. */
  how?: "any" | "all";
  /** The columns to look at; default all. */
  subset?: readonly string[];
}

/** Whether row `i` of `c` is missing. */
function missingAt(c: Column, i: number): boolean {
  if (c.dtype === "string") return c.codes[i]! < 0;
  const v = c.values[i]!;
  return v !== v;
}

/** The indices of the rows to keep, given the columns looked at. */
export function keptRows(columns: readonly Column[], length: number, how: "any" | "all" = "any"): Int32Array {
  if (how !== "any" && how !== "all") throw new RangeError(`dropna: how must be "any" or "all", not ${JSON.stringify(how)}`);
  const idx = new Int32Array(length);
  let k = 0;
  for (let i = 0; i < length; i++) {
    let missing = 0;
    for (const c of columns) missing += missingAt(c, i) ? 1 : 0;
    const drop = how === "any" ? missing > 0 : missing === columns.length && columns.length > 0;
    if (!drop) idx[k++] = i;
  }
  return idx.subarray(0, k);
}

/** `frame` without the rows `options` says to drop (the frame itself when none is). */
export function dropnaFrame(frame: ColumnFrame, options: DropnaOptions = {}): ColumnFrame {
  const names = options.subset ?? frame.names;
  const idx = keptRows(
    names.map((n) => frame.column(n)),
    frame.length,
    options.how,
  );
  return idx.length === frame.length ? frame : frame.take(idx);
}
