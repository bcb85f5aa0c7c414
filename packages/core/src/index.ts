/**
 * @streamz-ts/core: typed stream graphs with back pressure, in the spirit of Python's streamz.
 * Importing it adds every operator to `Stream`.
 */
// `export *` (not a named list) so that users can augment `Stream` through "@streamz-ts/core"
export * from "./stream";
export { registerApi } from "./api";
export { StreamError, type StreamErrorEvent } from "./errors";
export { onDetachedFailure, type DetachedFailureListener } from "./detached-errors";
export { RealScheduler, VirtualScheduler, getDefaultScheduler, setDefaultScheduler, type Scheduler, type TimerHandle } from "./scheduler";
export { Backlog } from "./backlog";
export { below, requireCount, requireFn, requireMs } from "./options";
export { MapNode, StarmapNode, FilterNode } from "./operators/map";
export { AccumulateNode, AccumulateReturningStateNode, type AccumulateOptions } from "./operators/accumulate";
export { PluckNode, FlattenNode, SliceNode, UniqueNode, type UniqueOptions } from "./operators/select";
export { PartitionNode, SlidingWindowNode, CollectNode, type PartitionOptions } from "./operators/windows";
export { ZipNode, CombineLatestNode, UnionNode, type CombineLatestOptions, type StreamsOf } from "./operators/join";
export { BufferNode, LatestNode } from "./operators/flow";
export { RateLimitNode, TimedWindowNode, DelayNode, type TimeOptions } from "./operators/time";
export { SinkNode, ListSinkNode, IteratorSinkNode } from "./operators/sink";
export { Source } from "./sources/source";
export { fromIterable, IterableSource } from "./sources/iterable";
export { fromPeriodic, PeriodicSource } from "./sources/periodic";
export { GraphPicture, graphToDot, dotToSvg, connectedNodes } from "./visualize";
export { fromTextFile, TextFileSource, type TextFileSourceOptions, type TextFileDrops } from "./sources/text-file";
export { filenames, FilenamesSource, type FilenamesOptions } from "./sources/filenames";
export { fromTcp, TcpSource, type TcpSourceOptions } from "./sources/tcp";
export { fromHttpServer, HttpSource, type HttpSourceOptions } from "./sources/http-server";
export { fromProcess, ProcessSource, type ProcessSourceOptions } from "./sources/process";
export { fromWebSocket, WebSocketSource, type WebSocketSourceOptions } from "./sources/websocket";
export { fromRedisStream, RedisStreamSource, type RedisStreamEntry, type RedisStreamSourceOptions } from "./sources/redis-stream";
export { PushSource } from "./sources/push-source";
export { type DropCounts } from "./sources/split";
export { TextFileSink, type TextFileSinkOptions } from "./sinks/text-file";
export { RedisStreamSink, type RedisStreamSinkOptions } from "./sinks/redis-stream";
export { WebSocketSink, type ToWebSocketOptions } from "./sinks/websocket";
