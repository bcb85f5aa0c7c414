import { Backlog } from "../backlog";
import { below, requireCount, requireMs } from "../options";
import type { TimerHandle } from "../scheduler";
import { registerBuiltin } from "../api";
import { Stream, type Pending, type StreamOptions } from "../stream";

/** Options of the time operators: how many elements may wait in them before emitters get an error. */
export interface TimeOptions extends StreamOptions {
  /** Elements that may wait in the node (default 10,000); past that, `emit` throws a clear error. */
  maxBacklog?: number;
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Lets no two elements through less than `ms` apart: an early element waits, and so does its
     * emitter if it awaits `emit` (back pressure). streamz: `rate_limit` (seconds there, ms here).
     * @example `source.rateLimit(200)` // at most 5 elements per second
     */
    rateLimit(ms: number, options?: TimeOptions): Stream<T>;
    /**
     * Every `ms`, emits an array of the elements that arrived since the last tick (empty arrays too).
     * It ticks from creation until `destroy()`. streamz: `timed_window`.
     * @example `clicks.timedWindow(1000).map((w) => w.length)` // clicks per second
     */
    timedWindow(ms: number, options?: TimeOptions): Stream<T[]>;
    /**
     * Emits each element `ms` after it arrived, in order. streamz: `delay` (see the README: streamz 0.6.4
     * only spaces elements apart).
     * @example `source.delay(500)`
     */
    delay(ms: number, options?: TimeOptions): Stream<T>;
  }
}

const DEFAULT_BACKLOG = 10_000;

function backlogOf(options: TimeOptions | undefined): number {
  return options?.maxBacklog === undefined ? DEFAULT_BACKLOG : requireCount("time operator", "maxBacklog", options.maxBacklog, 1);
}

/** Node behind {@link Stream.rateLimit}. */
export class RateLimitNode<T> extends Stream<T> {
  private next = -Infinity;
  private readonly waiting = new Map<TimerHandle, () => void>();
  private readonly maxBacklog: number;

  constructor(
    upstream: Stream<T>,
    private readonly interval: number,
    options?: TimeOptions,
  ) {
    super(below(upstream, options));
    requireMs("rateLimit", interval);
    this.maxBacklog = backlogOf(options);
    this.attach(upstream);
  }
  override get kind(): string {
    return "rateLimit";
  }
  override get buffered(): number {
    return this.waiting.size;
  }
  protected override detail(): string {
    return `${this.interval}ms`;
  }
  override update(x: unknown): Pending {
    const now = this.scheduler.now();
    const due = this.next;
    if (now >= due) {
      this.next = now + this.interval;
      return this._emit(x as T);
    }
    if (this.waiting.size >= this.maxBacklog) {
      throw new Error(`${this.describe()}: ${this.waiting.size} elements already wait; await emit() to respect back pressure`);
    }
    this.next = due + this.interval;
    return new Promise<void>((resolve, reject) => {
      const timer = this.scheduler.setTimeout(() => {
        this.waiting.delete(timer);
        try {
          const r = this._emit(x as T);
          if (r === undefined) resolve();
          else r.then(resolve, reject);
        } catch (e) {
          reject(e);
        }
      }, due - now);
      this.waiting.set(timer, resolve);
    });
  }
  protected override teardown(): void {
    for (const [timer, release] of this.waiting) {
      this.scheduler.clearTimeout(timer);
      release();
    }
    this.waiting.clear();
  }
}

/** Node behind {@link Stream.timedWindow}. */
export class TimedWindowNode<T> extends Stream<T[]> {
  private window: T[] = [];
  private last: Pending = undefined;
  private timer: TimerHandle | undefined;
  private readonly maxBacklog: number;

  constructor(
    upstream: Stream<T>,
    private readonly interval: number,
    options?: TimeOptions,
  ) {
    super(below(upstream, options));
    requireMs("timedWindow", interval);
    if (interval === 0) throw new RangeError("timedWindow: interval must be > 0 ms");
    this.maxBacklog = backlogOf(options);
    this.attach(upstream);
    this.schedule();
  }
  override get kind(): string {
    return "timedWindow";
  }
  override get buffered(): number {
    return this.window.length;
  }
  protected override detail(): string {
    return `${this.interval}ms`;
  }
  override update(x: unknown): Pending {
    if (this.window.length >= this.maxBacklog) {
      throw new Error(`${this.describe()}: window already holds ${this.window.length} elements (maxBacklog)`);
    }
    this.window.push(x as T);
    return this.last;
  }
  private schedule(): void {
    this.timer = this.scheduler.setTimeout(() => this.tick(), this.interval);
  }
  private tick(): void {
    this.timer = undefined;
    const out = this.window;
    this.window = [];
    const r = this.emitDetached(out);
    this.last = r;
    if (r === undefined) this.schedule();
    else
      void r.then(() => {
        if (this.last === r) this.last = undefined;
        if (!this.isDestroyed) this.schedule();
      });
  }
  protected override teardown(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.window = [];
  }
}

interface Delayed<T> {
  x: T;
  due: number;
}

/** Node behind {@link Stream.delay}. */
export class DelayNode<T> extends Stream<T> {
  private readonly queue: Backlog<Delayed<T>>;
  private timer: TimerHandle | undefined;
  private busy = false;

  constructor(
    upstream: Stream<T>,
    private readonly interval: number,
    options?: TimeOptions,
  ) {
    super(below(upstream, options));
    requireMs("delay", interval);
    this.queue = new Backlog(() => this.describe(), backlogOf(options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "delay";
  }
  override get buffered(): number {
    return this.queue.length;
  }
  protected override detail(): string {
    return `${this.interval}ms`;
  }
  override update(x: unknown): Pending {
    const r = this.queue.offer({ x: x as T, due: this.scheduler.now() + this.interval });
    this.wake();
    return r;
  }
  /** Arms the timer for the oldest element unless one is armed or an emission is in progress. */
  private wake(): void {
    if (this.busy || this.timer !== undefined) return;
    const head = this.queue.peek();
    if (head === undefined) return;
    this.timer = this.scheduler.setTimeout(() => this.release(), head.due - this.scheduler.now());
  }
  private release(): void {
    this.timer = undefined;
    const now = this.scheduler.now();
    for (let head = this.queue.peek(); head !== undefined && head.due <= now; head = this.queue.peek()) {
      this.queue.take();
      const r = this.emitDetached(head.x);
      if (r !== undefined) {
        this.busy = true;
        void r.then(() => {
          this.busy = false;
          if (!this.isDestroyed) this.release();
        });
        return;
      }
    }
    this.wake();
  }
  protected override teardown(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.clear();
  }
}

registerBuiltin("rateLimit", function rateLimit(this: Stream<any>, ms: number, options?: TimeOptions) {
  return new RateLimitNode(this, ms, options);
});
registerBuiltin("timedWindow", function timedWindow(this: Stream<any>, ms: number, options?: TimeOptions) {
  return new TimedWindowNode(this, ms, options);
});
registerBuiltin("delay", function delay(this: Stream<any>, ms: number, options?: TimeOptions) {
  return new DelayNode(this, ms, options);
});
