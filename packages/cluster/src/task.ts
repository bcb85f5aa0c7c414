/**
 * What travels between the kernel and a worker (thread or Redis): a batch of elements for one
 * operator's function, and the outcome of each. Plain data, so it survives structured cloning and
 * `v8.serialize` alike.
 */

/** The operators a worker knows how to apply. */
export type Op = "map" | "starmap" | "filter" | "accumulate" | "keyed-accumulate";

/** Where the per-key states of a `keyed-accumulate` batch live: the Redis backend's checkpoint (see ./redis-state). */
export interface StateRef {
  /** Unique per accumulate node and run. */
  readonly id: string;
  readonly partition: number;
  /** Batch number within its partition, from 1, fixed when the batch is first sent (a retry keeps it). */
  readonly seq: number;
}

/** What a `keyed-accumulate` batch carries besides its `[key, element]` items. */
export interface KeyedPart {
  /** States of the batch's keys before it, as `[key, state]` (keys without one start afresh). Filled by the kernel (threads) or the Redis worker. */
  readonly states?: readonly (readonly [unknown, unknown])[];
  /** Set on the Redis backend: the worker loads the states from, and commits them to, Redis. */
  readonly ref?: StateRef;
  /** `{ value }` when the accumulate has a `start`; without one a key's first element is its state. */
  readonly start?: { readonly value: unknown };
  readonly returnsState: boolean;
}

/** One unit of work: `op` with the function `source` (and its `args`) over `items`, in order. */
export interface Batch {
  readonly op: Op;
  readonly source: string;
  readonly args: unknown;
  /**
   * `map`, `filter`: the elements; `starmap`: arrays of arguments; `accumulate`: `[state, element]` pairs;
   * `keyed-accumulate`: `[key, element]` pairs (a pair, so a subset of the items is still a batch).
   */
  readonly items: readonly unknown[];
  /** How long the function may take on one item before the item fails and its thread is stopped. */
  readonly timeoutMs?: number;
  /** Only for `keyed-accumulate`. */
  readonly keyed?: KeyedPart;
}

/** An error thrown by a user function, as data (the worker's Error objects do not cross as themselves). */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

/** What a worker sends back: one value per item, and the failures by item index. */
export interface BatchResult {
  readonly values: unknown[];
  /** `[index, error]` for the items whose function threw; their slot in `values` is undefined. */
  readonly errors: [number, ErrorInfo][];
  /** `keyed-accumulate`: the states of the keys the batch changed, after it. */
  readonly states?: [unknown, unknown][];
  /** How long the batch's functions ran on their thread (ms), for the Redis pool's jobs in flight. */
  readonly ms?: number;
}

/** The error a future rejects with when the user function threw on a worker. */
export class RemoteError extends Error {
  /** The stack as the worker saw it. */
  readonly remoteStack: string | undefined;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = info.name;
    this.remoteStack = info.stack;
    if (info.stack) this.stack = `${info.name}: ${info.message}\n    (on a worker)\n${info.stack.split("\n").slice(1).join("\n")}`;
  }
}

/** The error of an item whose function ran past its deadline. */
export function timeoutInfo(ms: number): ErrorInfo {
  return { name: "TimeoutError", message: `the function did not finish within ${ms} ms (timeoutMs); its thread was stopped and replaced` };
}

/** Turns anything thrown into {@link ErrorInfo}. */
export function errorInfo(e: unknown): ErrorInfo {
  if (e instanceof Error) return { name: e.name, message: e.message, stack: e.stack };
  return { name: "Error", message: `non-Error thrown: ${String(e)}` };
}
