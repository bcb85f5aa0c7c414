/**
 * Schema checks: every frame entering a StreamingDataFrame must have the example's columns, with
 * compatible types. Mismatches are rejected with an error naming the column.
 */
import type { Column, DType } from "./column";
import { ColumnFrame } from "./frame";

/** A frame whose columns do not match the stream's example. */
export class SchemaError extends TypeError {
  /** @param column the offending column's name */
  constructor(
    message: string,
    readonly column: string,
  ) {
    super(message);
    this.name = "SchemaError";
  }
}

/** Types a column may arrive as and still be taken as `expected` (numbers are interchangeable). */
function compatible(expected: DType, got: DType): boolean {
  if (expected === got) return true;
  if (expected === "string" || got === "string") return false;
  if (expected === "bool") return false; // numbers are not silently turned into flags
  return true;
}

/**
 * `frame` with the example's column order and types, or a {@link SchemaError} naming the first column
 * that is missing, unexpected, or of an incompatible type. A frame that matches exactly is returned as is.
 */
export function conform(frame: ColumnFrame, example: ColumnFrame): ColumnFrame {
  const names = example.names;
  let same = frame.names.length === names.length;
  for (let i = 0; same && i < names.length; i++) {
    same = frame.names[i] === names[i] && frame.dtypeAt(i) === example.dtypeAt(i);
  }
  if (same) return frame;
  for (const name of frame.names) {
    if (!example.has(name)) {
      throw new SchemaError(`frame has a column "${name}" that the stream's example has not (expected columns: ${names.join(", ")})`, name);
    }
  }
  const columns = names.map((name, i) => {
    const want = example.dtypeAt(i);
    if (!frame.has(name)) throw new SchemaError(`frame is missing column "${name}" (expected columns: ${names.join(", ")})`, name);
    const got = frame.column(name);
    if (!compatible(want, got.dtype)) throw new SchemaError(`column "${name}": expected ${want}, got ${got.dtype}`, name);
    return got.dtype === want ? got : ({ dtype: want, values: (got as Exclude<Column, { dtype: "string" }>).values } as Column);
  });
  return new ColumnFrame(names, columns);
}
