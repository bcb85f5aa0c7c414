/**
 * Arrow tables and record batches as ColumnFrames. Float and 8/16/32-bit integer columns without nulls
 * hand over their buffers without a copy; dictionary-encoded strings keep their integer codes, which
 * is what makes group-by an integer-indexed loop.
 */
import { DataType, RecordBatch, Table, type Data, type Vector } from "apache-arrow";
import { columnFrom, encodeStrings, type CodeArray, type Column, type NumericArray } from "../column";
import { ColumnFrame } from "../frame";

/** Whether `x` is an Arrow Table or RecordBatch. */
export function isArrow(x: unknown): x is Table | RecordBatch {
  return x instanceof Table || x instanceof RecordBatch;
}

/** An Arrow Table or RecordBatch as a ColumnFrame (zero-copy where the layout allows). */
export function fromArrow(input: Table | RecordBatch): ColumnFrame {
  const fields = input.schema.fields;
  const columns: Column[] = [];
  for (let i = 0; i < fields.length; i++) {
    const vector = input.getChildAt(i);
    if (vector === null) throw new Error(`Arrow input: no data for column "${fields[i]!.name}"`);
    columns.push(fromVector(fields[i]!.name, vector));
  }
  return new ColumnFrame(fields.map((f) => f.name), columns);
}

function fromVector(name: string, v: Vector): Column {
  const type = v.type as DataType;
  if (v.data.length === 1 && v.nullCount === 0) {
    const d = v.data[0]!;
    if (DataType.isFloat(type) && (type as { precision: number }).precision > 0) {
      return { dtype: "float", values: window(d) as NumericArray };
    }
    if (DataType.isInt(type) && (type as { bitWidth: number }).bitWidth <= 32) {
      return { dtype: "int", values: window(d) as NumericArray };
    }
    if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && d.dictionary) {
      return { dtype: "string", codes: window(d) as CodeArray, dictionary: d.dictionary.toArray() as string[] };
    }
  }
  const values = v.toArray() as ArrayLike<unknown>;
  const plain: unknown[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) plain[i] = v.isValid(i) ? (DataType.isBool(type) ? values[i] : v.get(i)) : null;
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return columnFrom("float", plain);
  if (DataType.isInt(type)) return columnFrom("int", plain);
  if (DataType.isBool(type)) return columnFrom("bool", plain);
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return columnFrom("timestamp", plain);
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) return encodeStrings(plain);
  throw new TypeError(`Arrow input: column "${name}" has type ${String(type)}, which streaming frames do not support (numbers, booleans, strings, timestamps)`);
}

/** The data's values for its own rows (Arrow buffers may be padded and offset). */
function window(d: Data): ArrayLike<number> {
  const values = d.values as NumericArray;
  return values.length === d.length && d.offset === 0 ? values : values.subarray(d.offset, d.offset + d.length);
}
