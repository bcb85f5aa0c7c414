import { below, registerApi, type Stream, type Pending, type StreamOptions } from "@streamz-ts/core";
import { ClusterNode, type ClusterStream } from "./cluster-stream";
import { Future } from "./future";
import { checkKey } from "./keys";
import type { Pool, PoolOptions } from "./pool";
import type { RedisPoolOptions } from "./redis-pool";
import { ThreadPool } from "./thread-pool";

/** Options of `stream.scatter()`. */
export interface ScatterOptions<T = any> extends StreamOptions, PoolOptions {
  /**
   * Scale-out by key: `key(x)` (run in the kernel; a string or a finite number) picks each element's
   * key, and an `accumulate` below keeps one state per key, each key's elements folded in order while
   * different keys run in parallel. State survives a worker's death: kept by the kernel on threads,
   * committed to Redis with each batch on Redis (see the README for what is guaranteed).
   * @example `source.scatter({ key: (e) => e.user }).accumulate((n, e) => n + e.amount, { start: 0 }).gather()`
   */
  key?: (x: T) => string | number;
  /** Worker threads of the default backend; default one per core. */
  threads?: number;
  /** Run on Redis workers instead (`npx streamz-ts-worker --redis URL`), e.g. `redis://127.0.0.1:6379`. */
  redis?: string;
  /** Queue name for the Redis backend; workers must use the same. Default `streamz-ts`. */
  queue?: string;
  /** Use this pool (shared with other graphs, closed by its owner) instead of making one. */
  pool?: Pool;
}

declare module "@streamz-ts/core" {
  interface Stream<T> {
    /**
     * Moves the stream onto a pool: the operators after it run on worker threads (default, one per core)
     * or on Redis workers (`{ redis: url }`) and pass futures; `gather()` comes back, in order. Functions
     * travel by source text, so they take what they need through `{ args }`. streamz: `scatter`.
     * @example
     * ```ts
     * source.scatter().map((x, a) => x * a.k, { args: { k: 2 } }).buffer(8).gather().sink(console.log);
     * ```
     */
    scatter(options?: ScatterOptions<T>): ClusterStream<T>;
  }
}

/** Node behind {@link Stream.scatter}: wraps each element in a ready future. Owns its pool unless given one. */
export class ScatterNode<T> extends ClusterNode<T> {
  private readonly ownsPool: boolean;
  private readonly key: ((x: T) => string | number) | undefined;

  constructor(upstream: Stream<T>, options: ScatterOptions<T> = {}) {
    if (options.key !== undefined && typeof options.key !== "function")
      throw new TypeError(`scatter: key must be a function of the element, got ${typeof options.key}`);
    super({ ...below(upstream, options), pool: options.pool ?? makePool(options), singular: true, keyed: options.key !== undefined });
    this.ownsPool = options.pool === undefined;
    this.key = options.key;
    this.attach(upstream);
  }
  override get kind(): string {
    return "scatter";
  }
  protected override detail(): string {
    return this.pool.description;
  }
  /**
   * Elements on this node's pool now, waiting for a worker or running (a shared pool's count includes
   * its other graphs'): what `graph()` shows as "in flight". Read when asked; nothing counts per element.
   */
  get inFlight(): number | undefined {
    return this.pool.inFlight;
  }
  override update(x: unknown): Pending {
    if (this.key === undefined) return this._emit(Future.of(x) as unknown as T);
    let k: string | number;
    try {
      k = checkKey(this.key(x as T));
    } catch (e) {
      return this.fail(e, x);
    }
    return this._emit(Future.of(x, k) as unknown as T);
  }
  /** Closes the pool this node made (its threads or Redis connections). */
  protected override teardown(): void {
    if (this.ownsPool) this.pool.close().catch((e: unknown) => console.error(`${this.describe()}: closing the pool failed`, e));
  }
}

function makePool(options: ScatterOptions<any>): Pool {
  if (options.redis !== undefined) {
    // Loaded only here: a kernel that never uses Redis does not load the Redis client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
    const { RedisPool } = require("./redis-pool") as typeof import("./redis-pool");
    const redisOptions: RedisPoolOptions = { ...options, url: options.redis };
    return new RedisPool(redisOptions);
  }
  return new ThreadPool(options);
}

registerApi("scatter", function scatter(this: Stream<any>, options?: ScatterOptions) {
  return new ScatterNode(this, options);
});
