import {
  Stream,
  type AccumulateOptions,
  type CombineLatestOptions,
  type NodeOptions,
  type PartitionOptions,
  type StreamOptions,
} from "@streamz-ts/core";
import type { Pool } from "./pool";

/** Options of a cluster operator that ships a function. */
export interface ShipOptions<A> extends StreamOptions {
  /**
   * Values the function needs, passed to it as its last argument (shipped functions cannot close over
   * kernel variables). Must survive structured cloning.
   * @example `.map((x, a) => x * a.factor, { args: { factor: 3 } })`
   */
  args?: A;
}

/** Options of {@link ClusterStream.accumulate}. */
export type ClusterAccumulateOptions<S, A> = Omit<AccumulateOptions<S>, "resetStream"> & ShipOptions<A>;

/** What every cluster node is built from: its pool and whether each element still stands for exactly one. */
export interface ClusterNodeOptions extends NodeOptions {
  pool: Pool;
  /** False below `filter` or `flatten`, where a future may hold zero or several elements. */
  singular: boolean;
  /** True below `scatter({ key })` while each future still carries its element's key (see {@link ClusterNode.keyed}). */
  keyed?: boolean;
}

/**
 * Base of the nodes of a cluster stream (see {@link ClusterStream} for what users see): elements are futures of work on a pool (worker threads or Redis workers). Made by
 * `stream.scatter()`; its operators submit work without waiting and pass futures on; `gather()` brings
 * the values back to the kernel in emission order; `buffer(n)` lets `n` elements be in flight.
 *
 * Supported here: `map`, `starmap`, `filter`, `accumulate`, `flatten`, `zip`, `combineLatest`,
 * `partition`, `slidingWindow`, `union`, `buffer`, `delay`, `rateLimit`, `latest`, `timedWindow`,
 * `sink`, `gather`. Operators that look at values in the kernel (`pluck`, `unique`, `sinkToList`, ...)
 * throw: call `gather()` first.
 *
 * @example
 * ```ts
 * const source = new Stream<number>();
 * const out = source.scatter().map((x) => x * x).buffer(8).gather().sinkToList();
 * ```
 */
export class ClusterNode<T> extends Stream<T> {
  /** Where this node's work runs. */
  readonly pool: Pool;
  /** Whether each future holds exactly one element (false below `filter`/`flatten`). */
  readonly singular: boolean;
  /**
   * Whether each future carries its element's key (below `scatter({ key })`, through `map`, `filter`,
   * `flatten`, `accumulate` and `buffer`-like operators; joins and windows drop it): `accumulate` then
   * keeps one state per key.
   */
  readonly keyed: boolean;

  constructor(options: ClusterNodeOptions) {
    super(options);
    this.pool = options.pool;
    this.singular = options.singular;
    this.keyed = options.keyed === true;
  }
}

/** Operators a cluster stream has in its own form, and local ones it refuses. */
type NotLocal =
  | "map"
  | "starmap"
  | "filter"
  | "accumulate"
  | "flatten"
  | "zip"
  | "combineLatest"
  | "partition"
  | "slidingWindow"
  | "union"
  | "buffer"
  | "sink"
  | "pluck"
  | "slice"
  | "unique"
  | "collect"
  | "sinkToList"
  | "zipLatest"
  | "scatter"
  | "delay"
  | "rateLimit"
  | "latest"
  | "timedWindow"
  // views (@streamz-ts/widgets) read values in the kernel: refused (./guard)
  | "chart"
  | "table"
  | "output";

/** A stream or cluster stream of `U`'s element types, as a tuple. */
export type ClusterStreamsOf<U extends readonly unknown[]> = { [K in keyof U]: ClusterStream<U[K]> | Stream<U[K]> };

/**
 * What `stream.scatter()` returns: a stream whose elements are futures of work on a pool. Its operators
 * submit work without waiting and pass futures on; `gather()` brings values back to the kernel in
 * emission order; `buffer(n)` lets `n` elements be in flight. It has the node API of a `Stream`
 * (`destroy`, `onError`, `describe`, ...) but only the operators that make sense on futures; operators
 * that read values in the kernel are left out (and throw if reached anyway): `gather()` first.
 * Functions may take the values they need through `{ args }`, as their last argument.
 */
export interface ClusterStream<T> extends Omit<Stream<T>, NotLocal> {
  /** Where this stream's work runs. */
  readonly pool: Pool;
  /** Whether each future holds exactly one element (false below `filter`/`flatten`). */
  readonly singular: boolean;
  /** Whether elements carry their key from `scatter({ key })` (then `accumulate` keeps one state per key). */
  readonly keyed: boolean;
  /** Runs `fn` on the pool for every element; an async `fn` is awaited there. */
  map<U>(fn: (x: T) => Promise<U>, options?: StreamOptions): ClusterStream<U>;
  map<U>(fn: (x: T) => U, options?: StreamOptions): ClusterStream<U>;
  map<U, A>(fn: (x: T, args: A) => U | Promise<U>, options: ShipOptions<A> & { args: A }): ClusterStream<U>;
  /** Runs `fn(...x)` on the pool for every (array) element; with `{ args }`, `fn(...x, args)`. */
  starmap<U>(fn: T extends readonly unknown[] ? (...a: T) => U : never, options?: StreamOptions): ClusterStream<U>;
  starmap<U, A>(fn: (...a: any[]) => U | Promise<U>, options: ShipOptions<A> & { args: A }): ClusterStream<U>;
  /** Keeps the elements for which `predicate`, run on the pool, is truthy (no predicate: truthy elements). */
  filter<S extends T>(predicate: (x: T) => x is S, options?: StreamOptions): ClusterStream<S>;
  filter(predicate?: ((x: T) => unknown) | null, options?: StreamOptions): ClusterStream<T>;
  filter<A>(predicate: (x: T, args: A) => unknown, options: ShipOptions<A> & { args: A }): ClusterStream<T>;
  /**
   * Running reduction on the pool: `state = fn(state, x)`, emitting each state (or, with `returnsState`,
   * `fn` returns `[state, output]`). Steps run one after another; without `start` the first element is
   * the state and is emitted as is. `resetStream` is not supported here. Below `scatter({ key })` it
   * keeps one state per key, each key's steps in order, different keys in parallel.
   * @example `source.scatter({ key: (s) => s.user }).accumulate((n, s) => n + s.amount, { start: 0 }).gather()`
   */
  accumulate<S, R>(
    fn: (state: S, x: T) => readonly [S, R],
    options: AccumulateOptions<S> & { start: S; returnsState: true },
  ): ClusterStream<R>;
  accumulate<S, R, A>(
    fn: (state: S, x: T, args: A) => readonly [S, R],
    options: ShipOptions<A> & AccumulateOptions<S> & { start: S; returnsState: true; args: A },
  ): ClusterStream<R>;
  accumulate<S, A>(
    fn: (state: S, x: T, args: A) => S,
    options: ShipOptions<A> & AccumulateOptions<S> & { start: S; returnsState?: false; args: A },
  ): ClusterStream<S>;
  accumulate<S>(fn: (state: S, x: T) => S, options: AccumulateOptions<S> & { start: S; returnsState?: false }): ClusterStream<S>;
  accumulate(fn: (state: T, x: T) => T, options?: AccumulateOptions<T> & { returnsState?: false }): ClusterStream<T>;
  accumulate<R>(fn: (state: T, x: T) => readonly [T, R], options: AccumulateOptions<T> & { returnsState: true }): ClusterStream<T | R>;
  /** Emits each item of every array element. Runs in the kernel; no task is sent. */
  flatten(options?: StreamOptions): ClusterStream<T extends Iterable<infer U> ? U : never>;
  /** Pairs elements up by arrival; each tuple is one future. Needs one element per future (no `filter`/`flatten` above). */
  zip<U extends unknown[]>(...others: ClusterStreamsOf<U>): ClusterStream<[T, ...U]>;
  /** The latest future of every upstream whenever one updates. Needs one element per future. */
  combineLatest<U extends unknown[]>(...others: ClusterStreamsOf<U>): ClusterStream<[T, ...U]>;
  combineLatest<U extends unknown[]>(...args: [...ClusterStreamsOf<U>, CombineLatestOptions]): ClusterStream<[T, ...U]>;
  /** Groups `n` futures into one future of an array. Needs one element per future; `key` is not supported. */
  partition(n: number, options?: PartitionOptions<T>): ClusterStream<T[]>;
  /** Windows of the last `n` futures, each one future of an array. Needs one element per future. */
  slidingWindow(n: number, options?: StreamOptions & { returnPartial?: boolean }): ClusterStream<T[]>;
  /** Merges cluster streams (and local ones, whose elements become ready futures). */
  union<U extends unknown[]>(...others: ClusterStreamsOf<U>): ClusterStream<T | U[number]>;
  /** Time-based operators work on futures unchanged (a time window's future holds an array). */
  delay(ms: number, options?: StreamOptions): ClusterStream<T>;
  rateLimit(ms: number, options?: StreamOptions): ClusterStream<T>;
  latest(options?: StreamOptions): ClusterStream<T>;
  timedWindow(ms: number, options?: StreamOptions): ClusterStream<T[]>;
  /** Lets up to `n` futures be in flight ahead of `gather()`; beyond that `emit` waits. */
  buffer(n: number, options?: StreamOptions): ClusterStream<T>;
  /** Waits for each future in emission order and emits its value(s) in the kernel. */
  gather(options?: StreamOptions): Stream<T>;
  /** Calls `fn` in the kernel on every value, in emission order (a `gather()` then a `sink`). */
  sink(fn: (x: T) => unknown, options?: StreamOptions): Stream<never>;
}

/** Adds an operator to cluster streams (the cluster counterpart of `registerApi`). */
export function defineClusterOp(name: string, impl: (this: ClusterNode<any>, ...args: any[]) => unknown): void {
  Object.defineProperty(ClusterNode.prototype, name, { value: impl, writable: true, configurable: true });
}
