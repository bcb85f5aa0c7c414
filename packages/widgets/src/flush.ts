/**
 * The one flush timer per kernel. Widgets never send from the hot path: a new value only marks the
 * widget dirty; this timer later sends each dirty widget's update, no earlier than its interval after
 * the previous one. Only one timer is armed at a time (for the earliest due widget), and none while no
 * widget is dirty, so an idle kernel does no work and a fast stream costs one flag check per element.
 */
import { getDefaultScheduler, type Scheduler, type TimerHandle } from "@streamz-ts/core";

/** What the flush timer drives. */
export interface Flushable {
  /** Clock time (scheduler ms) before which no update may be sent. */
  nextAllowedAt(): number;
  /** Sends the pending update; called at most once per dirty period. */
  flush(now: number): void;
}

/** Drives all dirty widgets of one clock with a single timer. */
export class FlushTimer {
  private readonly dirty = new Set<Flushable>();
  private handle: TimerHandle | undefined;
  private armedAt = Infinity;

  constructor(readonly scheduler: Scheduler) {}

  /** Number of widgets waiting for their update. */
  get pending(): number {
    return this.dirty.size;
  }

  /** Queues `w` for its next update (idempotent while it waits). */
  schedule(w: Flushable): void {
    this.dirty.add(w);
    const at = w.nextAllowedAt();
    if (at < this.armedAt) this.arm(at);
  }

  /** Drops `w` (a closed widget). */
  cancel(w: Flushable): void {
    this.dirty.delete(w);
  }

  private arm(at: number): void {
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = this.scheduler.setTimeout(() => this.tick(), Math.max(0, at - this.scheduler.now()));
    // Our timer must not keep a plain node process alive; the kernel's sockets do that.
    (this.handle as { unref?: () => void }).unref?.();
  }

  private tick(): void {
    this.handle = undefined;
    this.armedAt = Infinity;
    const now = this.scheduler.now();
    let next = Infinity;
    for (const w of [...this.dirty]) {
      const at = w.nextAllowedAt();
      if (at <= now) {
        this.dirty.delete(w);
        w.flush(now);
      } else if (at < next) {
        next = at;
      }
    }
    // Widgets that became dirty again during a flush were re-added through schedule().
    for (const w of this.dirty) next = Math.min(next, w.nextAllowedAt());
    if (next < Infinity && next < this.armedAt) this.arm(next);
  }
}

const TIMERS = Symbol.for("streamz-ts.widgets.flush-timers");

/**
 * The flush timer for `scheduler` (default: core's default clock). Kept on `globalThis` so that two
 * copies of this package in one kernel still share one timer per clock.
 */
export function flushTimerFor(scheduler: Scheduler = getDefaultScheduler()): FlushTimer {
  const g = globalThis as Record<symbol, unknown>;
  let timers = g[TIMERS] as Map<Scheduler, FlushTimer> | undefined;
  if (!timers) g[TIMERS] = timers = new Map();
  let t = timers.get(scheduler);
  if (!t) timers.set(scheduler, (t = new FlushTimer(scheduler)));
  return t;
}
