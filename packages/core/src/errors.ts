import type { Stream } from "./stream";

/**
 * The error a stream raises when a user function (or an asynchronous sink) fails on an element.
 * It names the node that failed, keeps the element, and chains the original error as `cause`.
 */
export class StreamError extends Error {
  override readonly name = "StreamError";
  /** The node whose function failed. */
  declare readonly node: Stream<unknown>;
  /** The element the node was processing. */
  declare readonly element: unknown;
  /** What the user function threw. */
  declare readonly cause: unknown;

  constructor(node: Stream<unknown>, element: unknown, cause: unknown) {
    super(`${node.describe()} failed on element ${preview(element)}: ${causeText(cause)}`, { cause });
    // Not enumerable: printing the error (console.error, a notebook's stderr) must not dump the node's
    // whole graph, its scheduler and its buffers, nor a large element.
    Object.defineProperty(this, "node", { value: node, enumerable: false });
    Object.defineProperty(this, "element", { value: element, enumerable: false });
  }
}

/** What {@link Stream.onError} delivers for each failed element. */
export interface StreamErrorEvent {
  readonly error: StreamError;
  readonly element: unknown;
  readonly node: Stream<unknown>;
}

function causeText(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}

/** A short, safe rendering of an element for error messages (never throws, never huge). */
export function preview(x: unknown, max = 80): string {
  let s: string;
  try {
    if (typeof x === "string") s = JSON.stringify(x);
    else if (typeof x === "bigint") s = `${x}n`;
    else if (typeof x === "function") s = `[function ${x.name || "anonymous"}]`;
    else if (typeof x === "symbol") s = x.toString();
    else if (x !== null && typeof x === "object" && ArrayBuffer.isView(x))
      s = `${x.constructor.name}(${(x as unknown as ArrayLike<unknown>).length})`;
    else s = JSON.stringify(x) ?? String(x);
  } catch {
    s = Object.prototype.toString.call(x);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
