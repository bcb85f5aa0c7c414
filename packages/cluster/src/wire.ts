import { deserialize, serialize } from "node:v8";
import { packArrow, unpackArrow } from "./arrow";
import { failUnsendable } from "./sendable";
import type { Batch, BatchResult } from "./task";

/**
 * How batches and results are written into Redis jobs (text fields of stream entries): V8's serialisation, the same
 * structured clone the thread pool uses, so typed arrays, Maps, Dates and BigInts arrive as sent;
 * Arrow tables and batches go as IPC bytes (see ./arrow).
 */
/** An element `serialize` refuses throws a `DataCloneError`, as structured cloning does: the batcher then fails that element alone. */
export function encodeBatch(b: Batch): string {
  const packed = { ...b, items: packArrow(b.items) };
  try {
    return serialize(packed).toString("base64");
  } catch (e) {
    throw asCloneError(e);
  }
}
export function decodeBatch(s: string): Batch {
  const b = deserialize(Buffer.from(s, "base64")) as Batch;
  return { ...b, items: unpackArrow(b.items) };
}
/** A value `serialize` refuses fails its own item (`DataCloneError`), never the whole result. */
export function encodeResult(r: BatchResult): string {
  const packed = { ...r, values: packArrow(r.values) as unknown[] };
  try {
    return serialize(packed).toString("base64");
  } catch {
    return serialize(failUnsendable({ ...packed, values: [...packed.values] }, serializable)).toString("base64");
  }
}

function serializable(v: unknown): void {
  try {
    serialize(v);
  } catch (e) {
    throw asCloneError(e);
  }
}

/** `v8.serialize` throws a plain `Error`; named as structured cloning names it, the pools treat it alike. */
function asCloneError(e: unknown): Error {
  return Object.assign(new Error((e as Error).message), { name: "DataCloneError" });
}
export function decodeResult(s: string): BatchResult {
  const r = deserialize(Buffer.from(s, "base64")) as BatchResult;
  return { ...r, values: unpackArrow(r.values) as unknown[] };
}
