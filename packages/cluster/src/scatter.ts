import { below, registerApi, Stream, type Pending, type StreamOptions } from "@streamz-ts/core";
import { ClusterNode, type ClusterStream } from "./cluster-stream";
import { Future } from "./future";
import type { Pool, PoolOptions } from "./pool";
import type { RedisPoolOptions } from "./redis-pool";
import { ThreadPool } from "./thread-pool";

/** Options of `stream.scatter()`. */
export interface ScatterOptions extends StreamOptions, PoolOptions {
  /** Worker threads of the default backend; default one per core. */
  threads?: number;
  /** Run on Redis workers instead (`npx streamz-ts-worker --redis URL`), e.g. `redis://127.0.0.1:6379`. */
  redis?: string;
  /** BullMQ queue name for the Redis backend; workers must use the same. Default `streamz-ts`. */
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
    scatter(options?: ScatterOptions): ClusterStream<T>;
  }
}

/** Node behind {@link Stream.scatter}: wraps each element in a ready future. Owns its pool unless given one. */
export class ScatterNode<T> extends ClusterNode<T> {
  private readonly ownsPool: boolean;

  constructor(upstream: Stream<T>, options: ScatterOptions = {}) {
    super({ ...below(upstream, options), pool: options.pool ?? makePool(options), singular: true });
    this.ownsPool = options.pool === undefined;
    this.attach(upstream);
  }
  override get kind(): string {
    return "scatter";
  }
  protected override detail(): string {
    return this.pool.description;
  }
  override update(x: unknown): Pending {
    return this._emit(Future.of(x) as unknown as T);
  }
  /** Closes the pool this node made (its threads or Redis connections). */
  protected override teardown(): void {
    if (this.ownsPool) this.pool.close().catch((e: unknown) => console.error(`${this.describe()}: closing the pool failed`, e));
  }
}

function makePool(options: ScatterOptions): Pool {
  if (options.redis !== undefined) {
    // Loaded only here: a kernel that never uses Redis does not load BullMQ.
    const { RedisPool } = require("./redis-pool") as typeof import("./redis-pool");
    const redisOptions: RedisPoolOptions = { ...options, url: options.redis };
    return new RedisPool(redisOptions);
  }
  return new ThreadPool(options);
}

registerApi("scatter", function scatter(this: Stream<any>, options?: ScatterOptions) {
  return new ScatterNode(this, options);
});
