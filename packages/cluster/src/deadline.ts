/**
 * Per-item deadlines for batches running on threads. Each batch in flight has a slot in one shared
 * buffer, given to every thread once when it starts (piscina's `workerData`); before each item the
 * thread writes the item's number and its start time into the batch's slot (two atomic stores, no
 * message). The kernel side looks only when a deadline may have passed (one timer per batch, re-armed
 * to the current item's deadline), so a batch that finishes in time costs a setTimeout/clearTimeout
 * pair. A function stuck in a synchronous loop cannot answer anything, which is why the thread reports
 * progress by itself instead of being asked.
 */

/** Int32s per slot: the item running plus one (0: not started), its start time (ms since `base`, wrapping). */
const WIDTH = 2;

/** What every thread receives once: the shared slots and the time base of their start times. */
export interface ProgressShared {
  readonly buffer: SharedArrayBuffer;
  readonly base: number;
}

/** Milliseconds since `base`, wrapping at 2^32: differences stay right for spans below 2^31 ms (24 days). */
function clock(base: number): number {
  return (Date.now() - base) | 0;
}

/** On a thread: reports that item `i` of the batch in `slot` starts now. */
export function reportStart(shared: ProgressShared, slots: Int32Array, slot: number, i: number): void {
  Atomics.store(slots, slot * WIDTH + 1, clock(shared.base));
  Atomics.store(slots, slot * WIDTH, i + 1);
}

/** The kernel side: the shared slots and which are free. Grows (a new buffer, for new threads) never. */
export class ProgressSlots {
  readonly shared: ProgressShared;
  private readonly slots: Int32Array;
  private readonly free: number[] = [];

  constructor(readonly size: number) {
    this.shared = { buffer: new SharedArrayBuffer(size * WIDTH * 4), base: Date.now() };
    this.slots = new Int32Array(this.shared.buffer);
    for (let s = size - 1; s >= 0; s--) this.free.push(s);
  }

  /** A slot for a batch about to be sent, reset; undefined when all are taken (that batch goes unwatched). */
  take(): number | undefined {
    const s = this.free.pop();
    if (s !== undefined) Atomics.store(this.slots, s * WIDTH, 0);
    return s;
  }

  /** Gives a slot back once its batch settled (its thread answered, or was stopped). */
  release(slot: number): void {
    this.free.push(slot);
  }

  /** The item running in `slot` (-1: not started) and for how long, in ms. */
  read(slot: number): { item: number; elapsed: number } {
    const item = Atomics.load(this.slots, slot * WIDTH) - 1;
    const started = Atomics.load(this.slots, slot * WIDTH + 1);
    return { item, elapsed: (clock(this.shared.base) - started) | 0 };
  }
}

/** Watches one batch in flight; {@link expired} is set (and `expire` called) when an item overstays. */
export class DeadlineWatch {
  /** The item that ran past its deadline, if one did. */
  expired: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly slots: ProgressSlots,
    private readonly slot: number,
    private readonly ms: number,
    private readonly expire: () => void,
  ) {
    // Infinity (no deadline) and anything setTimeout cannot hold (over ~24.8 days) arm nothing.
    if (ms < 2 ** 31 - 1) this.arm(ms);
  }

  /** The batch settled: no more checks. */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), Math.max(1, ms));
  }

  private check(): void {
    const { item, elapsed } = this.slots.read(this.slot);
    if (item < 0) return this.arm(this.ms); // still queued for a thread: its clock has not started
    if (elapsed < this.ms) return this.arm(this.ms - elapsed);
    this.expired = item;
    this.expire();
  }
}
