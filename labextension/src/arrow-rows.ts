/**
 * Turning the Arrow IPC bytes of a row batch (protocol `RowsState.rows`) into what the views use:
 * plain row objects plus the column names and their Arrow types.
 */
import { tableFromIPC, DataType } from "apache-arrow";
import type { Table } from "apache-arrow";

/** One column as the views show it. */
export interface ColumnInfo {
  name: string;
  /** Arrow type, readable (`Float64`, `Int32`, `Utf8`, `Timestamp<MILLISECOND>`, ...). */
  type: string;
  /** Whether the values are numbers (the table right-aligns them). */
  numeric: boolean;
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

function describe(table: Table): ColumnInfo[] {
  return table.schema.fields.map((field) => {
    const t = field.type;
    const numeric = DataType.isInt(t) || DataType.isFloat(t) || DataType.isDecimal(t);
    return { name: field.name, type: String(t), numeric };
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
    for (let c = 0; c < columns.length; c++) row[columns[c].name] = plain(vectors[c]?.get(i));
    rows[i] = row;
  }
  return { columns, rows, byteLength: bytes.byteLength };
}
