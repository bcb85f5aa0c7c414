/**
 * Arrow tables and record batches as ColumnFrames. Float and 8/16/32-bit integer columns without nulls
 * hand over their buffers without a copy; dictionary-encoded strings keep their integer codes, which
 * is what makes group-by an integer-indexed loop. This works on Arrow's `Data` directly: building
 * `Vector`s per frame costs more than the frame's whole aggregation.
 *
 * Input is recognised by its shape, not with `instanceof`: apache-arrow ships a CommonJS and an
 * ES-module build whose classes differ, and a notebook may load either (or another copy). Types are
 * read from `typeId`s (what Arrow's own `DataType.isX` checks do), and values that need decoding are
 * read through the input's own `Vector`s.
 */
import { DataType, RecordBatch, Table, type Data, type Field as ArrowField } from "apache-arrow";
import { columnFrom, encodeStrings, type CodeArray, type Column, type DType, type NumericArray } from "../column";
import { ColumnFrame, sharedNames } from "../frame";
import { DictionaryCache } from "./dictionary";

/** A record batch's columns, from any build: its `Data` and, for values that need decoding, its `Vector`s. */
interface BatchLike {
  readonly data: { readonly children: readonly Data[] };
  getChildAt(i: number): { readonly length: number; isValid(i: number): boolean; get(i: number): unknown } | null;
}

function isSchema(s: unknown): s is { fields: ArrowField[] } {
  const fields = (s as { fields?: unknown } | null | undefined)?.fields;
  return Array.isArray(fields) && fields.every((f) => typeof f?.name === "string" && typeof f?.type?.typeId === "number");
}

function isRecordBatchLike(x: unknown): x is RecordBatch {
  const b = x as { schema?: unknown; data?: { children?: unknown }; getChildAt?: unknown } | null;
  return typeof b === "object" && b !== null && Array.isArray(b.data?.children) && typeof b.getChildAt === "function" && isSchema(b.schema);
}

function isTableLike(x: unknown): x is Table {
  const t = x as { schema?: unknown; batches?: unknown[] } | null;
  return typeof t === "object" && t !== null && Array.isArray(t.batches) && t.batches.every(isRecordBatchLike) && isSchema(t.schema);
}

/** Whether `x` is an Arrow Table or RecordBatch, from this copy of apache-arrow or any other (either build). */
export function isArrow(x: unknown): x is Table | RecordBatch {
  return x instanceof Table || x instanceof RecordBatch || isTableLike(x) || isRecordBatchLike(x);
}

const dictionaries = new DictionaryCache();

/** An Arrow Table or RecordBatch as a ColumnFrame (zero-copy where the layout allows). */
export function fromArrow(input: Table | RecordBatch): ColumnFrame {
  const fields = input.schema.fields;
  const names = sharedNames(fields.map((f) => f.name));
  if (!("batches" in input)) return fromBatch(names, fields, input);
  if (input.batches.length === 1) return fromBatch(names, fields, input.batches[0]!);
  const empty = new ColumnFrame(
    names,
    fields.map((f) => columnFrom(dtypeOf(f.name, f.type), [])),
  );
  return input.batches.length === 0
    ? empty
    : ColumnFrame.concat(
        empty,
        input.batches.map((b) => fromBatch(names, fields, b)),
      );
}

function fromBatch(names: readonly string[], fields: ArrowField[], batch: BatchLike): ColumnFrame {
  const children = batch.data.children;
  const columns = new Array<Column>(children.length);
  for (let i = 0; i < children.length; i++) columns[i] = fromColumnData(fields[i]!.name, children[i]!, batch, i);
  return new ColumnFrame(names, columns);
}

function fromColumnData(name: string, d: Data, batch: BatchLike, i: number): Column {
  const type = d.type;
  if (d.length === 0) return columnFrom(dtypeOf(name, type), []); // empty data may have no buffers at all
  if (d.nullCount === 0) {
    if (DataType.isFloat(type) && (type as { precision: number }).precision > 0) return { dtype: "float", values: rows(d) as NumericArray };
    if (DataType.isInt(type) && (type as { bitWidth: number }).bitWidth <= 32) return { dtype: "int", values: rows(d) as NumericArray };
    if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary) && d.dictionary) {
      return { dtype: "string", codes: rows(d) as CodeArray, dictionary: dictionaries.decode(d.dictionary.data[0]!) };
    }
  }
  // nulls, bit-packed booleans, 64-bit integers, timestamps: value by value through the batch's own Vector
  const dtype = dtypeOf(name, type);
  const v = batch.getChildAt(i)!;
  const plain: unknown[] = new Array(v.length);
  for (let r = 0; r < v.length; r++) plain[r] = v.isValid(r) ? v.get(r) : null;
  return dtype === "string" ? encodeStrings(plain) : columnFrom(dtype, plain);
}

/** The column type for an Arrow type, or an error naming the column. */
function dtypeOf(name: string, type: DataType): DType {
  if (DataType.isFloat(type) || DataType.isDecimal(type)) return "float";
  if (DataType.isInt(type)) return "int";
  if (DataType.isBool(type)) return "bool";
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return "timestamp";
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isDictionary(type)) return "string";
  throw new TypeError(
    `Arrow input: column "${name}" has type ${String(type)}, which streaming frames do not support (numbers, booleans, strings, timestamps)`,
  );
}

/**
 * The data's values for its own rows. Arrow's JS `Data` keeps `values` starting at its first row (a
 * slice cuts the buffer; `offset` counts only in the null bitmap, as Arrow's own getters read it), and
 * a buffer may be padded past the last row.
 */
function rows(d: Data): ArrayLike<number> {
  const values = d.values as NumericArray;
  return values.length === d.length ? values : values.subarray(0, d.length);
}
