/**
 * Turning the Arrow IPC bytes of a row batch (protocol `RowsState.rows`) into what the views use:
 * plain row objects plus the column names and their Arrow types.
 */
import { tableFromIPC, DataType, type Table } from "apache-arrow";
import { FRAME_INDEX_COLUMN, JS_NUMBER_FIELD } from "@streamz-ts/protocol";

/** What a column holds, as the table formats and labels it. */
export type ColumnKind = "int" | "float" | "bool" | "string" | "timestamp" | "other";

/** One column as the views show it. */
export interface ColumnInfo {
  name: string;
  /**
   * Short type label shown under the column name: `int`, `float`, `bool`, `string`, `timestamp`, or
   * `number` for plain JavaScript numbers (the kernel marks those in the field's metadata).
   */
  type: string;
  /** What the values are (how they are formatted). */
  kind: ColumnKind;
  /** The Arrow type, as Arrow writes it (`Int32`, `Timestamp<MILLISECOND>`, `Dictionary<Int32, Utf8>`). */
  arrowType: string;
  /** Whether the values are numbers (the table right-aligns them). */
  numeric: boolean;
  /** Whether the column is a frame's index (protocol `FRAME_INDEX_COLUMN`): row labels, set apart from the values. */
  index: boolean;
}

/** A decoded batch. */
export interface DecodedRows {
  columns: ColumnInfo[];
  /** One object per row, column name to value (bigints turned into numbers, dates into epoch ms). */
  rows: Record<string, unknown>[];
  /** Size of the IPC bytes the batch came in. */
  byteLength: number;
}

/** Views a `DataView` (what ipywidgets hands us for a binary buffer) as bytes, without copying. */
function bytesOf(view: DataView | ArrayBuffer | Uint8Array): Uint8Array {
  if (view instanceof Uint8Array) return view;
  if (view instanceof ArrayBuffer) return new Uint8Array(view);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** Vega and the table want plain numbers: int64 columns arrive as bigint, dates as Date. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return value.getTime();
  return value;
}

/** The kind of an Arrow type (a dictionary by its values). */
export function kindOf(t: DataType): ColumnKind {
  if (DataType.isDictionary(t)) return kindOf(t.dictionary);
  if (DataType.isInt(t)) return "int";
  if (DataType.isFloat(t) || DataType.isDecimal(t)) return "float";
  if (DataType.isBool(t)) return "bool";
  if (DataType.isTimestamp(t) || DataType.isDate(t)) return "timestamp";
  if (DataType.isUtf8(t) || DataType.isLargeUtf8(t)) return "string";
  return "other";
}

function describe(table: Table): ColumnInfo[] {
  return table.schema.fields.map((field) => {
    const t = field.type;
    const kind = kindOf(t);
    const jsNumber = kind === "float" && field.metadata.get(JS_NUMBER_FIELD.key) === JS_NUMBER_FIELD.value;
    const type = jsNumber ? "number" : kind === "other" ? String(t) : kind;
    const index = field.name === FRAME_INDEX_COLUMN;
    return { name: field.name, type, kind, arrowType: String(t), numeric: kind === "int" || kind === "float", index };
  });
}

/**
 * Decodes one Arrow IPC stream message. An empty buffer (or a zero-row table) gives no rows.
 *
 * @example
 * const { columns, rows } = decodeRows(model.get("rows"));
 */
export function decodeRows(buffer: DataView | ArrayBuffer | Uint8Array | null | undefined): DecodedRows {
  if (!buffer || buffer.byteLength === 0) return { columns: [], rows: [], byteLength: 0 };
  const bytes = bytesOf(buffer);
  const table = tableFromIPC(bytes);
  const columns = describe(table);
  const vectors = columns.map((c) => table.getChild(c.name));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c++) row[columns[c]!.name] = plain(vectors[c]?.get(i));
    rows[i] = row;
  }
  return { columns, rows, byteLength: bytes.byteLength };
}
