import { requireCount } from "@streamz-ts/core";
import type { ShippedFn } from "./ship";
import type { Batch, BatchResult, Op } from "./task";

/**
 * Where cluster operators send work: the thread pool ({@link ThreadPool}) or Redis workers
 * ({@link RedisPool}). A pool batches what it is given, runs it, and settles one promise per element.
 */
export interface Pool {
  /** For messages and `visualize()`, e.g. `threads(2)`. */
  readonly description: string;
  /**
   * Runs `fn` for one element and settles with its result: rejected with a {@link RemoteError} when the
   * function threw, or with an `Error` when the pool could not run it (closed, full, workers failing).
   */
  submit(op: Op, fn: ShippedFn, item: unknown): Promise<unknown>;
  /** Elements submitted and not settled yet (waiting for a worker or running), for `graph()`; read when asked. */
  readonly inFlight?: number;
  /** Stops the workers; elements not finished are rejected. Idempotent. */
  close(): Promise<void>;
  /** What a keyed `accumulate` (after `scatter({ key })`) needs of the pool. */
  readonly keyed: KeyedSupport;
}

/**
 * The pool's side of keyed state: partitions that each run one batch at a time, and where the keys'
 * states live between batches (see ./keyed-dispatch).
 */
export interface KeyedSupport {
  /** How many partitions keys are spread over; each runs one batch at a time, in order. */
  readonly partitions: number;
  /** `kernel`: the kernel keeps each key's state and sends it with the batch (threads); `redis`: workers load and commit it in Redis. */
  readonly states: "kernel" | "redis";
  readonly maxBatch: number;
  readonly maxQueued: number;
  readonly retries: number;
  readonly timeoutMs: number;
  /** Runs one batch, once: rejects when its worker died or the link broke (the caller retries). */
  run(batch: Batch): Promise<BatchResult>;
}

/** Tuning shared by both pools. */
export interface PoolOptions {
  /**
   * Most elements sent to a worker in one task; more per task amortise the per-task cost. Default 64
   * (256 for a keyed `accumulate`, whose batches hold the elements ready in one partition).
   */
  maxBatch?: number;
  /** Most elements waiting for a worker before `submit` throws (a bound, not a queue to fill). Default 100,000. */
  maxQueued?: number;
  /** How many times a task is re-run after its worker died. Default 3. */
  retries?: number;
  /**
   * Deadline of one element on a worker, in ms, from when its function starts there (time spent waiting
   * for a free worker does not count). An element past it fails with a `TimeoutError` naming the
   * operator and the element; its thread is stopped and replaced, and the elements behind it go on.
   * Default {@link DEFAULT_TIMEOUT_MS} (one minute); `Infinity` for none.
   */
  timeoutMs?: number;
  /**
   * Partitions of the keys of a keyed scatter (`scatter({ key })`): a keyed `accumulate` runs one batch
   * per partition at a time, so this bounds its parallelism. Default: 2 per thread; Redis: 8.
   */
  partitions?: number;
}

/** The tuning a keyed accumulate takes from the pool's options. */
export function keyedTuning(options: PoolOptions, defaultPartitions: number): Omit<KeyedSupport, "states" | "run"> {
  const partitions = requireCount("scatter", "partitions", options.partitions ?? defaultPartitions, 1);
  return {
    partitions,
    maxBatch: options.maxBatch ?? 256,
    maxQueued: options.maxQueued ?? 100_000,
    retries: options.retries ?? 3,
    timeoutMs: timeoutOf(options),
  };
}

/** The default deadline of one element on a worker: one minute. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** `options.timeoutMs`, checked, or the default. */
export function timeoutOf(options: PoolOptions): number {
  const ms = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(ms > 0)) throw new RangeError(`scatter: timeoutMs must be a number of ms > 0 (or Infinity), got ${String(options.timeoutMs)}`);
  return ms;
}
