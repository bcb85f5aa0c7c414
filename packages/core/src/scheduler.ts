/**
 * Time for the stream graph. Every time-based operator (rateLimit, timedWindow, delay, partition
 * timeouts, fromPeriodic) reads the clock and sets timers only through a {@link Scheduler}, so a test can
 * swap in a {@link VirtualScheduler} and run hours of stream time instantly and deterministically.
 */

/** An opaque handle returned by {@link Scheduler.setTimeout}. */
export type TimerHandle = { readonly __timer: unique symbol } | object;

/** The clock and timers a stream graph uses. Times are in milliseconds. */
export interface Scheduler {
  /** Current time in milliseconds (monotonic for the real clock). */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; cancelling an expired or cancelled timer does nothing. */
  clearTimeout(handle: TimerHandle): void;
  /** Number of timers set and not yet fired or cleared (used to prove teardown leaves none behind). */
  readonly pendingTimers: number;
}

/** The real clock: `performance.now()` and Node's timers. */
export class RealScheduler implements Scheduler {
  private live = new Set<TimerHandle>();

  now(): number {
    return performance.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle: TimerHandle = setTimeout(
      () => {
        this.live.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    this.live.add(handle);
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    if (this.live.delete(handle)) clearTimeout(handle as NodeJS.Timeout);
  }

  get pendingTimers(): number {
    return this.live.size;
  }
}

interface VirtualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that only moves when told to. `await scheduler.advance(ms)` fires every timer due within
 * `ms`, in time order, and lets promise callbacks settle between timers, so asynchronous chains that
 * react to a timer (an awaited emit, a rate-limited sink) run before the next timer fires.
 *
 * @example
 * ```ts
 * const clock = new VirtualScheduler();
 * const source = new Stream<number>({ scheduler: clock });
 * const out = source.timedWindow(100).sinkToList();
 * source.emit(1);
 * await clock.advance(100);   // out is now [[1]]
 * ```
 */
export class VirtualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private timers: VirtualTimer[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer: VirtualTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: TimerHandle): void {
    const i = this.timers.indexOf(handle as VirtualTimer);
    if (i >= 0) this.timers.splice(i, 1);
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves the clock forward by `ms`, firing due timers in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const next = this.nextDue(end);
      if (next === undefined) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = next.at;
      next.fn();
      await settle();
    }
    this.time = end;
  }

  private nextDue(end: number): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers) {
      if (t.at <= end && (best === undefined || t.at < best.at || (t.at === best.at && t.seq < best.seq))) best = t;
    }
    return best;
  }
}

/** Lets queued promise callbacks (and the callbacks they queue) run: a macrotask boundary. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

let defaultScheduler: Scheduler = new RealScheduler();

/** The scheduler new source nodes use when none is given. */
export function getDefaultScheduler(): Scheduler {
  return defaultScheduler;
}

/** Replaces the default scheduler (for example with a {@link VirtualScheduler} in a test). */
export function setDefaultScheduler(scheduler: Scheduler): void {
  defaultScheduler = scheduler;
}
