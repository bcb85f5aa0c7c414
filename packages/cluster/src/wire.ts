import { deserialize, serialize } from "node:v8";
import { packArrow, unpackArrow } from "./arrow";
import type { Batch, BatchResult } from "./task";

/**
 * How batches and results are written into BullMQ jobs (which hold JSON): V8's serialisation, the same
 * structured clone the thread pool uses, so typed arrays, Maps, Dates and BigInts arrive as sent;
 * Arrow tables and batches go as IPC bytes (see ./arrow).
 */
export function encodeBatch(b: Batch): string {
  return serialize({ ...b, items: packArrow(b.items) }).toString("base64");
}
export function decodeBatch(s: string): Batch {
  const b = deserialize(Buffer.from(s, "base64")) as Batch;
  return { ...b, items: unpackArrow(b.items) };
}
export function encodeResult(r: BatchResult): string {
  return serialize({ ...r, values: packArrow(r.values) }).toString("base64");
}
export function decodeResult(s: string): BatchResult {
  const r = deserialize(Buffer.from(s, "base64")) as BatchResult;
  return { ...r, values: unpackArrow(r.values) as unknown[] };
}
