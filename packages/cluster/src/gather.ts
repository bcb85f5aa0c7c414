import { below, Stream, type Pending, type StreamOptions } from "@streamz-ts/core";
import { type ClusterNode, defineClusterOp } from "./cluster-stream";
import { Future, itemsOf } from "./future";

/** How many elements may wait in `gather()` for earlier ones before `emit` is refused (await emit to stay below). */
export const GATHER_MAX_WAITING = 100_000;

/**
 * Node behind `gather()`: back from the pool to the kernel. Each future is awaited after the one before it
 * has been emitted, so values come out in emission order whatever order the workers finish in. The
 * promise returned for an element settles when its value(s) went downstream, or rejects with the
 * `StreamError` of the operator that failed on it: without a `buffer` in front, that reaches the emitter;
 * behind a `buffer`, it goes to `onError()` (or stderr), like any failure below a buffer.
 */
export class GatherNode<T> extends Stream<T> {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(upstream: ClusterNode<T>, options?: StreamOptions) {
    super(below(upstream, options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "gather";
  }
  /** Elements received whose values have not gone downstream yet. */
  get inFlight(): number {
    return this.waiting;
  }
  override update(x: unknown): Pending {
    if (this.waiting >= GATHER_MAX_WAITING) {
      throw new Error(
        `${this.describe()}: ${this.waiting} elements already wait here; await emit() (or use .buffer(n)) to bound the work in flight`,
      );
    }
    this.waiting++;
    const future = Future.from<T>(x);
    const done = this.tail
      .then(() => future.promise)
      .then(
        (v) => this.deliver(itemsOf(v), 0),
        // After destroy() the elements still in flight are dropped with the graph, not reported as failures.
        (e: unknown) => (this.isDestroyed ? undefined : this.fail(e, undefined)),
      );
    const settled = done.finally(() => {
      this.waiting--;
    });
    this.tail = settled.then(ignore, ignore);
    return settled;
  }
  /** Emits `items` from `i` on, waiting on downstream between them when it is busy. */
  private deliver(items: readonly T[], i: number): Pending {
    for (; i < items.length; i++) {
      if (this.isDestroyed) return undefined;
      const r = this._emit(items[i]!);
      if (r !== undefined) return i + 1 < items.length ? r.then(() => this.deliver(items, i + 1)) : r;
    }
    return undefined;
  }
  protected override teardown(): void {
    this.tail = Promise.resolve();
  }
}

const ignore = (): void => undefined;

defineClusterOp("gather", function gather(this: ClusterNode<any>, options?: StreamOptions) {
  return new GatherNode(this, options);
});
defineClusterOp("sink", function sink(this: ClusterNode<any>, fn: (x: unknown) => unknown, options?: StreamOptions) {
  return new GatherNode(this).sink(fn, options);
});
