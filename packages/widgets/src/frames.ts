/**
 * Frames a stream may carry, whole: Arrow tables and record batches, and danfojs DataFrames. danfojs is
 * recognised by its shape, never imported: it is an optional peer (loading it costs seconds), and a
 * frame made by any copy of it is still a frame. A danfojs frame becomes an Arrow table typed by its own
 * column types (`int32` as Int32, `float32` as Float64, `boolean`, `string`, `datetime` as Timestamp in
 * ms), so a view labels and formats it as pandas would show it; an index that is not the default
 * 0..n-1 (row labels, a filtered or sorted frame's) comes first, as pandas shows it.
 */
import {
  Bool,
  Float64,
  Int32,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
  type DataType,
  type RecordBatch,
  type Vector,
} from "apache-arrow";
import { FRAME_INDEX_COLUMN } from "@streamz-ts/protocol";
import { isArrowFrame } from "./encode";

/** What a danfojs DataFrame looks like from here (its public getters, as danfojs-node 1.x has them). */
export interface DanfoFrameLike {
  readonly $isSeries: false;
  readonly columns: string[];
  readonly dtypes: string[];
  /** Column-major values, one array per column. */
  readonly getColumnData: unknown[][];
  readonly shape: number[];
  /** Row labels: 0..n-1 unless set (`{ index }`, `setIndex`) or kept by a filter or a sort. */
  readonly index?: readonly unknown[];
}

/**
 * Whether `x` is a danfojs DataFrame (not a Series): checked by shape, so it costs a property read on
 * an object that is not one.
 * @example `isDanfoFrame(new dfd.DataFrame({ x: [1] })) // true`
 */
export function isDanfoFrame(x: unknown): x is DanfoFrameLike {
  const d = x as DanfoFrameLike | null;
  return (
    typeof d === "object" &&
    d !== null &&
    d.$isSeries === false &&
    Array.isArray(d.columns) &&
    Array.isArray(d.dtypes) &&
    "getColumnData" in d
  );
}

/** A frame shown whole: an Arrow table or record batch, or a danfojs DataFrame. */
export type WholeFrame = Table | RecordBatch | DanfoFrameLike;

/** Whether `x` is a {@link WholeFrame}. */
export function isWholeFrame(x: unknown): x is WholeFrame {
  return isArrowFrame(x) || isDanfoFrame(x);
}

/** Each danfojs type: its Arrow type, and the value as stored there, or undefined when it does not fit. */
const DANFO_TYPES: Record<string, { type: () => DataType; cell: (v: unknown) => unknown }> = {
  int32: { type: () => new Int32(), cell: (v) => (Number.isInteger(v) && Math.abs(v as number) < 2 ** 31 ? v : undefined) },
  // danfojs calls every JavaScript number float32; the values are doubles
  float32: { type: () => new Float64(), cell: (v) => (typeof v === "number" ? v : undefined) },
  boolean: { type: () => new Bool(), cell: (v) => (typeof v === "boolean" ? v : undefined) },
  string: { type: () => new Utf8(), cell: (v) => (typeof v === "string" ? v : undefined) },
  datetime: { type: () => new TimestampMillisecond(), cell: (v) => epochMs(v) },
};

function epochMs(v: unknown): number | undefined {
  const t = v instanceof Date ? v.getTime() : typeof v === "string" || typeof v === "number" ? new Date(v).getTime() : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/**
 * One danfojs column as an Arrow vector of its own type. danfojs infers a column's type from its first
 * values, so a column may hold values of another type: it then travels as text, never coerced (a
 * string in an int32 column would otherwise read 0).
 */
function danfoColumn(values: readonly unknown[], dtype: string | undefined): Vector {
  const kind = dtype !== undefined && Object.hasOwn(DANFO_TYPES, dtype) ? DANFO_TYPES[dtype] : undefined;
  const missing = (v: unknown) => v === null || v === undefined || (typeof v === "number" && Number.isNaN(v) && dtype !== "float32");
  if (kind) {
    const cells = values.map((v) => (missing(v) ? null : kind.cell(v)));
    if (!cells.includes(undefined)) return vectorFromArray(cells as never[], kind.type());
  }
  return vectorFromArray(
    values.map((v) => (missing(v) ? null : typeof v === "string" ? v : String(v))),
    new Utf8(),
  );
}

/** The danfojs type of an index's labels (as danfojs would type a column of them), or undefined when mixed. */
function labelType(labels: readonly unknown[]): string | undefined {
  if (labels.every((v) => typeof v === "string")) return "string";
  if (labels.every((v) => Number.isInteger(v))) return "int32";
  if (labels.every((v) => typeof v === "number")) return "float32";
  if (labels.every((v) => v instanceof Date)) return "datetime";
  return undefined;
}

/** A frame's index when it says something: not the default 0..n-1 (which the table's row numbers say already). */
function labelsOf(df: DanfoFrameLike, rows: number): readonly unknown[] | undefined {
  const index = df.index;
  if (!Array.isArray(index) || index.length !== rows || df.columns.includes(FRAME_INDEX_COLUMN)) return undefined;
  return index.every((v, i) => v === i) ? undefined : index;
}

/**
 * A danfojs DataFrame as an Arrow table with its column types, its index first (protocol
 * `FRAME_INDEX_COLUMN`) when it is not the default 0..n-1, as pandas shows an index.
 * @example `danfoToArrow(new dfd.DataFrame({ n: [1, 2], s: ["a", "b"] })).schema.fields.map(String) // ["n: Int32", "s: Utf8"]`
 * @example `danfoToArrow(new dfd.DataFrame({ n: [1, 2] }, { index: ["a", "b"] })).schema.fields.map(String) // ["(index): Utf8", "n: Int32"]`
 */
export function danfoToArrow(df: DanfoFrameLike): Table {
  const rows = df.shape[0] ?? 0;
  const data = rows === 0 ? [] : df.getColumnData;
  const vectors: Record<string, Vector> = {};
  const labels = labelsOf(df, rows);
  if (labels) vectors[FRAME_INDEX_COLUMN] = danfoColumn(labels, labelType(labels));
  df.columns.forEach((name, i) => {
    vectors[name] = danfoColumn(rows === 0 ? [] : (data[i] ?? []), rows === 0 ? undefined : df.dtypes[i]);
  });
  return new Table(vectors);
}

/** A whole frame as Arrow (an Arrow frame as it is). */
export function frameToArrow(frame: WholeFrame): Table | RecordBatch {
  return isArrowFrame(frame) ? frame : danfoToArrow(frame);
}

/** How many rows a whole frame holds. */
export function frameRows(frame: WholeFrame): number {
  return isArrowFrame(frame) ? frame.numRows : (frame.shape[0] ?? 0);
}
