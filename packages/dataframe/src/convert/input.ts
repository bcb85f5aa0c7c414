/**
 * What users may emit into a StreamingDataFrame, and its conversion to a ColumnFrame.
 */
import type { RecordBatch, Table } from "apache-arrow";
import type { DataFrame as DanfoFrame } from "danfojs-node";
import { ColumnFrame, type Field } from "../frame";
import { fromArrow, isArrow } from "./arrow";
import { fromDanfo, isDanfoFrame } from "./danfo";

/** A danfojs DataFrame: danfojs-node's own, or the base class its operations (head, query, ...) return. */
export type AnyDanfoFrame = DanfoFrame | ReturnType<DanfoFrame["head"]>;

/** A frame as users hand it in: a danfojs DataFrame, an Arrow Table or RecordBatch, or a ColumnFrame. */
export type FrameInput = AnyDanfoFrame | Table | RecordBatch | ColumnFrame;

/** `x` as a ColumnFrame; `hint` settles numeric types where danfojs's inference is ambiguous. */
export function toColumnFrame(x: FrameInput, hint?: readonly Field[]): ColumnFrame {
  if (x instanceof ColumnFrame) return x;
  if (isArrow(x)) return fromArrow(x);
  if (isDanfoFrame(x)) return fromDanfo(x, hint);
  const what = x === null ? "null" : typeof x === "object" ? ((x as object).constructor?.name ?? "an object") : typeof x;
  throw new TypeError(`a streaming frame takes danfojs DataFrames, Arrow Tables or RecordBatches, or ColumnFrames; got ${what}`);
}
