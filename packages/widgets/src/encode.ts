/**
 * Rows on the wire: Apache Arrow IPC (see `RowsState` in the protocol), with each column's type kept.
 * Elements that are Arrow tables or record batches (streaming frames' `.plot` sends those) carry their
 * types: ints stay ints, timestamps timestamps, dictionary strings dictionaries. Plain JavaScript values
 * are typed by what they hold: numbers Float64 (marked as JavaScript numbers in the field's metadata,
 * protocol `JS_NUMBER_FIELD`: a view labels them "number", not "float"), Dates Timestamp (ms), booleans Bool,
 * strings Utf8.
 */
import {
  Bool,
  DataType,
  Float64,
  RecordBatch,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type Field,
  type Vector,
} from "apache-arrow";
import { JS_NUMBER_FIELD } from "@streamz-ts/protocol";
import { columnsOf, type Row } from "./rows";

/** Column types known from Arrow elements, by column name (shared by a model's batches). */
export type ColumnTypes = Map<string, DataType>;

// The classes, read once: apache-arrow's CommonJS exports are getters, too slow for a check per element.
const ArrowTable = Table;
const ArrowBatch = RecordBatch;

/** Whether `x` is an Arrow Table or RecordBatch: a frame of typed rows. */
export function isArrowFrame(x: unknown): x is Table | RecordBatch {
  return typeof x === "object" && x !== null && (x instanceof ArrowTable || x instanceof ArrowBatch);
}

/** The type a column is sent as: temporal types as Timestamp (ms), others as they are. */
function wireType(t: DataType): DataType {
  return DataType.isTimestamp(t) || DataType.isDate(t) ? new TimestampMillisecond() : t;
}

/**
 * The rows of an Arrow frame, read column by column (a timestamp as epoch ms, a dictionary string as
 * the string), and its column types recorded in `types`: the latest frame's, since a whole state is
 * shown in its own types (danfojs types each frame from its values: `[1, 2]` is int32, `[1.5]` float32).
 */
export function arrowRows(frame: Table | RecordBatch, types: ColumnTypes): Row[] {
  const fields: Field[] = frame.schema.fields;
  const n = frame.numRows;
  const rows = new Array<Row>(n);
  for (let i = 0; i < n; i++) rows[i] = {};
  for (const f of fields) {
    types.set(f.name, wireType(f.type));
    const v = frame.getChild(f.name);
    if (!v) continue;
    for (let i = 0; i < n; i++) rows[i]![f.name] = v.get(i);
  }
  return rows;
}

/** One column of plain values, typed by what it holds. */
function inferred(raw: unknown[]): Vector {
  let numeric = true;
  let boolean = true;
  let dates = true;
  let any = false;
  for (const v of raw) {
    if (v === null || v === undefined) continue;
    any = true;
    if (typeof v !== "number" && typeof v !== "bigint" && !(v instanceof Date)) numeric = false;
    if (!(v instanceof Date)) dates = false;
    if (typeof v !== "boolean") boolean = false;
  }
  const nulls = (f: (v: unknown) => unknown) => raw.map((v) => (v === null || v === undefined ? null : f(v)));
  if (any && boolean)
    return vectorFromArray(
      nulls((v) => v),
      new Bool(),
    );
  if (any && dates)
    return vectorFromArray(
      nulls((v) => (v as Date).getTime()),
      new TimestampMillisecond(),
    );
  if (numeric)
    return vectorFromArray(
      nulls((v) => (v instanceof Date ? v.getTime() : Number(v))),
      new Float64(),
    );
  return vectorFromArray(
    nulls((v) => (typeof v === "string" ? v : safeJson(v))),
    new Utf8(),
  );
}

/** One column in a known Arrow type (values as `arrowRows` read them; Dates as epoch ms). */
function typed(raw: unknown[], type: DataType): Vector {
  const temporal = DataType.isTimestamp(type);
  const integral = DataType.isInt(type);
  const wide = integral && (type as { bitWidth: number }).bitWidth === 64;
  try {
    const values = raw.map((v) => {
      if (v === null || v === undefined) return null;
      if (temporal) return v instanceof Date ? v.getTime() : typeof v === "number" ? Math.round(v) : v; // whole ms: stored as int64
      if (integral && typeof v === "number" && !Number.isInteger(v)) throw new TypeError("a fraction in an int column"); // never truncated
      if (wide && typeof v === "number") return BigInt(v);
      return v;
    });
    return vectorFromArray(values as never[], type);
  } catch {
    return inferred(raw); // a value that does not fit the type (a stream that changed its shape)
  }
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Encodes rows as one Arrow IPC stream (schema plus one record batch; zero rows gives a schema only).
 * Columns named in `types` keep that type; others are typed by their values.
 * @example `encodeRows([{ t: new Date(), x: 1 }])  // t: Timestamp<MILLISECOND>, x: Float64`
 */
export function encodeRows(rows: readonly Row[], columns: readonly string[] = columnsOf(rows), types?: ColumnTypes): DataView {
  const vectors: Record<string, Vector> = {};
  const jsNumbers = new Set<string>();
  for (const name of columns) {
    const raw = rows.map((r) => r[name]);
    const type = types?.get(name);
    const vector = type ? typed(raw, type) : inferred(raw);
    vectors[name] = vector;
    if (!type && DataType.isFloat(vector.type)) jsNumbers.add(name);
  }
  const table = new Table(vectors);
  for (const f of table.schema.fields) if (jsNumbers.has(f.name)) f.metadata.set(JS_NUMBER_FIELD.key, JS_NUMBER_FIELD.value);
  const bytes = tableToIPC(table, "stream");
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
