import { deserialize, serialize } from "node:v8";
import type { Batch, BatchResult } from "./task";

/**
 * How batches and results are written into BullMQ jobs (which hold JSON): V8's serialisation, the same
 * structured clone the thread pool uses, so typed arrays, Maps, Dates and BigInts arrive as sent.
 */
export function encodeBatch(b: Batch): string {
  return serialize(b).toString("base64");
}
export function decodeBatch(s: string): Batch {
  return deserialize(Buffer.from(s, "base64")) as Batch;
}
export function encodeResult(r: BatchResult): string {
  return serialize(r).toString("base64");
}
export function decodeResult(s: string): BatchResult {
  return deserialize(Buffer.from(s, "base64")) as BatchResult;
}
