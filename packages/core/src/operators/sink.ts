import { below, fnName, requireCount, requireFn } from "../options";
import { registerBuiltin } from "../api";
import { Stream, type Pending, type StreamOptions } from "../stream";

declare module "../stream" {
  interface Stream<T> {
    /**
     * Calls `fn` on every element. When `fn` returns a promise, the emit waits for it: an async sink
     * applies back pressure to `await source.emit(x)`. The node is kept alive by its upstream.
     * streamz: `sink`.
     * @example `source.sink(console.log)`; `source.sink(async (row) => db.insert(row))`
     */
    sink(fn: (x: T) => unknown, options?: StreamOptions): Stream<never>;
    /**
     * Appends every element to the returned array (the list lives as long as the graph). streamz:
     * `sink_to_list`.
     * @example `const out = source.map(inc).sinkToList()`
     */
    sinkToList(options?: StreamOptions): T[];
    /**
     * Iterates the stream: `for await (const x of stream)`. Up to 1,000 elements wait for the loop;
     * beyond that the emitter waits. Leaving the loop detaches it. {@link Stream.iterate} sets the bound.
     */
    [Symbol.asyncIterator](): AsyncIterableIterator<T>;
    /**
     * Iterates the stream with `highWaterMark` elements allowed to wait for the loop (default 1,000);
     * beyond that the emitter waits (back pressure). Leaving the loop detaches it.
     * @example `for await (const x of source.iterate({ highWaterMark: 10 })) await slowWork(x);`
     */
    iterate(options?: { highWaterMark?: number }): AsyncIterableIterator<T>;
  }
}

/** Node behind {@link Stream.sink}. */
export class SinkNode<T> extends Stream<never> {
  constructor(
    upstream: Stream<T>,
    private readonly fn: (x: T) => unknown,
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    requireFn("sink", fn);
    this.attach(upstream);
  }
  override get kind(): string {
    return "sink";
  }
  protected override detail(): string | undefined {
    return fnName(this.fn);
  }
  override update(x: unknown): Pending {
    let r: unknown;
    try {
      r = this.fn(x as T);
    } catch (e) {
      return this.fail(e, x);
    }
    if (r !== undefined && r !== null && typeof (r as PromiseLike<unknown>).then === "function") {
      return this.guardAsync(r as Promise<unknown>, x);
    }
    return undefined;
  }
}

/** Node behind {@link Stream.sinkToList}. */
export class ListSinkNode<T> extends Stream<never> {
  readonly list: T[] = [];
  constructor(upstream: Stream<T>, options?: StreamOptions) {
    super(below(upstream, options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "sinkToList";
  }
  override update(x: unknown): undefined {
    this.list.push(x as T);
    return undefined;
  }
}

/** The node a `for await` loop reads from: a bounded queue between the graph and the loop. */
export class IteratorSinkNode<T> extends Stream<never> {
  private queue: T[] = [];
  private reader: ((r: IteratorResult<T>) => void) | undefined;
  private space: (() => void)[] = [];

  constructor(
    upstream: Stream<T>,
    private readonly highWaterMark = 1000,
  ) {
    super(below(upstream, undefined));
    requireCount("asyncIterator", "highWaterMark", highWaterMark, 1);
    this.attach(upstream);
  }
  override get kind(): string {
    return "asyncIterator";
  }
  override update(x: unknown): Pending {
    if (this.reader !== undefined) {
      const read = this.reader;
      this.reader = undefined;
      read({ value: x as T, done: false });
      return undefined;
    }
    this.queue.push(x as T);
    if (this.queue.length < this.highWaterMark) return undefined;
    return new Promise<void>((resolve) => this.space.push(resolve));
  }
  /** The next element, waiting for one if none is queued; done once the node is destroyed. */
  read(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift()!;
      this.space.shift()?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.isDestroyed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.reader = resolve));
  }
  /** The iterator protocol over this node; leaving the loop destroys the node. */
  iterator(): AsyncIterableIterator<T> {
    const it: AsyncIterableIterator<T> = {
      next: () => this.read(),
      return: () => {
        this.destroy();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it;
  }
  protected override teardown(): void {
    this.queue = [];
    for (const release of this.space.splice(0)) release();
    const read = this.reader;
    this.reader = undefined;
    read?.({ value: undefined, done: true });
  }
}

registerBuiltin("sink", function sink(this: Stream<any>, fn: (x: any) => unknown, options?: StreamOptions) {
  return new SinkNode(this, fn, options);
});
registerBuiltin("sinkToList", function sinkToList(this: Stream<any>, options?: StreamOptions) {
  return new ListSinkNode(this, options).list;
});
registerBuiltin("iterate", function iterate(this: Stream<any>, options?: { highWaterMark?: number }) {
  const highWaterMark = requireCount("iterate", "highWaterMark", options?.highWaterMark ?? 1000, 1);
  return new IteratorSinkNode(this, highWaterMark).iterator();
});
Object.defineProperty(Stream.prototype, Symbol.asyncIterator, {
  value: function asyncIterator(this: Stream<any>) {
    return new IteratorSinkNode(this).iterator();
  },
  writable: true,
  configurable: true,
});
