import { below, requireCount, requireMs } from "../options";
import { registerBuiltin } from "../api";
import { Stream, type Pending, type StreamOptions } from "../stream";
import type { TimerHandle } from "../scheduler";

/** Options of {@link Stream.partition}. */
export interface PartitionOptions<T> extends StreamOptions {
  /** Emit a partial partition this many ms after its first element arrived. */
  timeout?: number;
  /** Keep separate partitions per key: a field name or a function of the element. */
  key?: keyof T | ((x: T) => unknown);
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Groups elements into arrays of `n` (per key when `key` is given). streamz: `partition`.
     * @example `source.partition(3)` // [0,1,2], [3,4,5], ...
     */
    partition(n: number, options?: PartitionOptions<T>): Stream<T[]>;
    /**
     * Overlapping windows of the last `n` elements. With `returnPartial` (the default) windows are emitted
     * from the first element on; without it, only full ones. streamz: `sliding_window`.
     * @example `source.slidingWindow(3, { returnPartial: false })` // [0,1,2], [1,2,3], ...
     */
    slidingWindow(n: number, options?: StreamOptions & { returnPartial?: boolean }): Stream<T[]>;
    /**
     * Holds elements until `flush()` is called on the returned node, then emits them as one array.
     * streamz: `collect`.
     * @example `const c = source.collect(); c.sink(save); ...; c.flush();`
     */
    collect(options?: StreamOptions): CollectNode<T>;
  }
}

/** Node behind {@link Stream.partition}. */
export class PartitionNode<T> extends Stream<T[]> {
  private readonly parts = new Map<unknown, T[]>();
  private readonly timers = new Map<unknown, TimerHandle>();
  private readonly timeout: number | undefined;
  private readonly keyOf: ((x: T) => unknown) | undefined;

  constructor(
    upstream: Stream<T>,
    private readonly n: number,
    options: PartitionOptions<T> = {},
  ) {
    super(below(upstream, options));
    requireCount("partition", "n", n, 1);
    this.timeout = options.timeout === undefined ? undefined : requireMs("partition", options.timeout);
    const key = options.key;
    this.keyOf = key === undefined ? undefined : typeof key === "function" ? key : (x: T) => x[key];
    this.attach(upstream);
  }
  override get kind(): string {
    return "partition";
  }
  override get buffered(): number {
    let n = 0;
    for (const part of this.parts.values()) n += part.length;
    return n;
  }
  protected override detail(): string {
    return String(this.n);
  }
  override update(x: unknown): Pending {
    let key: unknown;
    if (this.keyOf !== undefined) {
      try {
        key = this.keyOf(x as T);
      } catch (e) {
        return this.fail(e, x);
      }
    }
    let part = this.parts.get(key);
    if (part === undefined) this.parts.set(key, (part = []));
    part.push(x as T);
    if (part.length >= this.n) return this.flushKey(key, false);
    if (part.length === 1 && this.timeout !== undefined) {
      this.timers.set(
        key,
        this.scheduler.setTimeout(() => this.flushKey(key, true), this.timeout),
      );
    }
    return undefined;
  }
  private flushKey(key: unknown, fromTimer: boolean): Pending {
    const part = this.parts.get(key);
    this.parts.delete(key);
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      this.scheduler.clearTimeout(timer);
      this.timers.delete(key);
    }
    if (part === undefined || part.length === 0) return undefined;
    return fromTimer ? this.emitDetached(part) : this._emit(part);
  }
  protected override teardown(): void {
    for (const t of this.timers.values()) this.scheduler.clearTimeout(t);
    this.timers.clear();
    this.parts.clear();
  }
}

/** Node behind {@link Stream.slidingWindow}: a ring of the last n elements, copied out per emission. */
export class SlidingWindowNode<T> extends Stream<T[]> {
  private readonly ring: T[] = [];
  private head = 0;
  private readonly returnPartial: boolean;

  constructor(
    upstream: Stream<T>,
    private readonly n: number,
    options: StreamOptions & { returnPartial?: boolean } = {},
  ) {
    super(below(upstream, options));
    requireCount("slidingWindow", "n", n, 1);
    this.returnPartial = options.returnPartial ?? true;
    this.attach(upstream);
  }
  override get kind(): string {
    return "slidingWindow";
  }
  protected override detail(): string {
    return String(this.n);
  }
  override update(x: unknown): Pending {
    const ring = this.ring;
    if (ring.length < this.n) ring.push(x as T);
    else {
      ring[this.head] = x as T;
      this.head = (this.head + 1) % this.n;
    }
    if (!this.returnPartial && ring.length < this.n) return undefined;
    const window = new Array<T>(ring.length);
    for (let i = 0; i < ring.length; i++) window[i] = ring[(this.head + i) % ring.length]!;
    return this._emit(window);
  }
  protected override teardown(): void {
    this.ring.length = 0;
  }
}

/** Node behind {@link Stream.collect}: call {@link CollectNode.flush} to emit what it holds. */
export class CollectNode<T> extends Stream<T[]> {
  private cache: T[] = [];
  constructor(upstream: Stream<T>, options?: StreamOptions) {
    super(below(upstream, options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "collect";
  }
  override update(x: unknown): Pending {
    this.cache.push(x as T);
    return undefined;
  }
  /** Emits everything held so far as one array (an empty one if nothing) and starts over. */
  flush(): Pending {
    const out = this.cache;
    this.cache = [];
    return this._emit(out);
  }
  /** How many elements are held. */
  get size(): number {
    return this.cache.length;
  }
  protected override teardown(): void {
    this.cache = [];
  }
}

registerBuiltin("partition", function partition(this: Stream<any>, n: number, options?: PartitionOptions<any>) {
  return new PartitionNode(this, n, options);
});
registerBuiltin(
  "slidingWindow",
  function slidingWindow(this: Stream<any>, n: number, options?: StreamOptions & { returnPartial?: boolean }) {
    return new SlidingWindowNode(this, n, options);
  },
);
registerBuiltin("collect", function collect(this: Stream<any>, options?: StreamOptions) {
  return new CollectNode(this, options);
});
