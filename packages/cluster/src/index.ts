/**
 * @streamz-ts/cluster: `stream.scatter()` / `.gather()` for streamz-ts graphs. Importing it adds
 * `scatter` to every `Stream`. Operators after `scatter()` run on worker threads in the kernel (default,
 * one per core) or on Redis workers (`scatter({ redis: url })`, workers run `npx streamz-ts-worker`).
 *
 * @example
 * ```ts
 * import { Stream } from "@streamz-ts/core";
 * import "@streamz-ts/cluster";
 * const source = new Stream<number>();
 * const out = source.scatter().map((x) => x * x).buffer(8).gather().sinkToList();
 * for (let i = 0; i < 10; i++) await source.emit(i);
 * source.destroy(); // stops the pool
 * ```
 */
export {
  ClusterNode,
  type ClusterStream,
  type ClusterStreamsOf,
  type ShipOptions,
  type ClusterAccumulateOptions,
  type ClusterNodeOptions,
} from "./cluster-stream";
export { ScatterNode, type ScatterOptions } from "./scatter";
import "./cluster-map";
import "./cluster-accumulate";
import "./cluster-flatten";
import "./cluster-relay";
import "./gather";
import "./guard";
export { ClusterMapNode } from "./cluster-map";
export { ClusterAccumulateNode } from "./cluster-accumulate";
export { ClusterKeyedAccumulateNode } from "./cluster-keyed-accumulate";
export { ClusterFlattenNode } from "./cluster-flatten";
export { ClusterRelayNode } from "./cluster-relay";
export { GatherNode, GATHER_MAX_WAITING } from "./gather";
export { Future, Many } from "./future";
export { ThreadPool, type ThreadPoolOptions } from "./thread-pool";
export { type Pool, type PoolOptions, type KeyedSupport, DEFAULT_TIMEOUT_MS } from "./pool";
export { NoWorkerError } from "./no-worker";
export { shipFunction, ShipError, type ShippedFn } from "./ship";
export { RemoteError, type Op, type Batch, type BatchResult, type ErrorInfo, type KeyedPart, type StateRef } from "./task";
export type { RedisPool, RedisPoolOptions } from "./redis-pool";
export { redisPool } from "./redis";
