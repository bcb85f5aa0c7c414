/**
 * ColumnFrames as Arrow tables, types kept: float as Float64 (the buffer itself when it is one), int as
 * Int32 (Int64 beyond 32 bits), bool as Bool, timestamp as Timestamp (ms), string as a dictionary. This
 * is how `.plot` hands frames to the widgets: columns, not row objects, and each column's type goes on
 * to the view (an int column is labelled int, a timestamp shows as a date and time).
 */
import { Bool, Dictionary, Int32, Int64, Table, TimestampMillisecond, Utf8, makeVector, vectorFromArray, type Vector } from "apache-arrow";
import type { Column, NumericArray } from "../column";
import type { ColumnFrame } from "../frame";

/** Values with NaN as null (missing), mapped by `f`. */
function withNulls(values: NumericArray, f: (v: number) => unknown = (v) => v): unknown[] {
  const out = new Array<unknown>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = v !== v ? null : f(v);
  }
  return out;
}

function intVector(values: NumericArray): Vector {
  if (
    values instanceof Int32Array ||
    values instanceof Int16Array ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Uint8Array
  ) {
    return makeVector(Int32Array.from(values));
  }
  let fits = true;
  let missing = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== v) missing = true;
    else if (v < -2147483648 || v > 2147483647) fits = false;
  }
  if (fits && !missing) return makeVector(Int32Array.from(values));
  if (fits) return vectorFromArray(withNulls(values) as (number | null)[], new Int32());
  return vectorFromArray(withNulls(values, (v) => BigInt(Math.trunc(v))) as (bigint | null)[], new Int64());
}

/** One column as an Arrow vector of its type. */
export function columnVector(c: Column): Vector {
  switch (c.dtype) {
    case "float":
      return c.values instanceof Float64Array ? makeVector(c.values) : makeVector(Float64Array.from(c.values));
    case "int":
      return intVector(c.values);
    case "bool":
      return vectorFromArray(
        Array.from(c.values, (v) => v !== 0),
        new Bool(),
      );
    case "timestamp":
      // whole milliseconds: Arrow stores them as 64-bit integers (a clock may give fractions)
      return vectorFromArray(withNulls(c.values, Math.round) as (number | null)[], new TimestampMillisecond());
    case "string": {
      const values = new Array<string | null>(c.codes.length);
      for (let i = 0; i < c.codes.length; i++) {
        const code = c.codes[i]!;
        values[i] = code < 0 ? null : c.dictionary[code]!;
      }
      return vectorFromArray(values, new Dictionary(new Utf8(), new Int32()));
    }
  }
}

/**
 * A frame as an Arrow table with the same columns, in order, each in its own type.
 * @example `sdf.frames.map(toArrow).chart(spec)`
 */
export function toArrow(frame: ColumnFrame): Table {
  const vectors: Record<string, Vector> = {};
  frame.names.forEach((name, i) => (vectors[name] = columnVector(frame.columns[i]!)));
  return new Table(vectors);
}
