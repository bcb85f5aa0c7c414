import { Backlog } from "../backlog";
import { below, requireCount } from "../options";
import { registerBuiltin } from "../api";
import { Stream, type Pending, type StreamOptions } from "../stream";

declare module "../stream" {
  interface Stream<T> {
    /**
     * Lets up to `n` elements wait here while downstream is busy, so the emitter runs ahead by `n`;
     * beyond that, `emit` returns a promise (back pressure). Failures below a buffer go to `onError()`
     * (or stderr): the emitter was already released. streamz: `buffer`.
     * @example `source.buffer(100).sink(writeToDatabase)`
     */
    buffer(n: number, options?: StreamOptions): Stream<T>;
    /**
     * Never blocks the emitter: while downstream is busy, keeps only the newest element and delivers it
     * when downstream is ready; older waiting ones are dropped. streamz: `latest`.
     * @example `ticks.latest().sink(slowRedraw)`
     */
    latest(options?: StreamOptions): Stream<T>;
  }
}

/** Node behind {@link Stream.buffer}. */
export class BufferNode<T> extends Stream<T> {
  private readonly backlog: Backlog<T>;
  private draining = false;

  constructor(
    upstream: Stream<T>,
    private readonly n: number,
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    requireCount("buffer", "n", n, 1);
    this.backlog = new Backlog<T>(() => this.describe(), n);
    this.attach(upstream);
  }
  override get kind(): string {
    return "buffer";
  }
  protected override detail(): string {
    return String(this.n);
  }
  /** Elements waiting here now. */
  get size(): number {
    return this.backlog.length;
  }
  override get buffered(): number {
    return this.backlog.length;
  }
  override update(x: unknown): Pending {
    const r = this.backlog.offer(x as T);
    if (!this.draining) this.drain();
    return r;
  }
  /** Emits waiting elements in order; synchronous while downstream is, resumes when a promise settles. */
  private drain(): void {
    this.draining = true;
    while (this.backlog.length > 0) {
      const r = this.emitDetached(this.backlog.take()!);
      if (r !== undefined) {
        void r.then(() => this.drain()); // emitDetached's promise never rejects
        return;
      }
    }
    this.draining = false;
  }
  protected override teardown(): void {
    this.backlog.clear();
  }
}

/** Node behind {@link Stream.latest}. */
export class LatestNode<T> extends Stream<T> {
  private busy = false;
  private waiting = false;
  private next: T | undefined = undefined;

  constructor(upstream: Stream<T>, options?: StreamOptions) {
    super(below(upstream, options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "latest";
  }
  override update(x: unknown): undefined {
    if (this.busy) {
      this.next = x as T;
      this.waiting = true;
      return undefined;
    }
    this.deliver(x as T);
    return undefined;
  }
  private deliver(x: T): void {
    const r = this.emitDetached(x);
    if (r === undefined) return;
    this.busy = true;
    void r.then(() => {
      this.busy = false;
      if (this.waiting && !this.isDestroyed) {
        const next = this.next as T;
        this.next = undefined;
        this.waiting = false;
        this.deliver(next);
      }
    });
  }
  protected override teardown(): void {
    this.next = undefined;
    this.waiting = false;
  }
}

registerBuiltin("buffer", function buffer(this: Stream<any>, n: number, options?: StreamOptions) {
  return new BufferNode(this, n, options);
});
registerBuiltin("latest", function latest(this: Stream<any>, options?: StreamOptions) {
  return new LatestNode(this, options);
});
