import { timeoutOf, type PoolOptions } from "./pool";
import type { ShippedFn } from "./ship";
import { RemoteError, type Batch, type BatchResult, type Op } from "./task";

interface Entry {
  readonly op: Op;
  readonly fn: ShippedFn;
  readonly item: unknown;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
  /** Byte lengths of the item's buffers when first sent: a retry must not send buffers moved to a dead worker. */
  bytes: number | undefined;
  attempts: number;
  /** Set when a batch with it could not be sent: it goes alone next, so one bad element fails alone. */
  alone: boolean;
}

/** Sends one batch to some worker; rejects only when the worker could not run it (it died, the link broke). */
export type SendBatch = (batch: Batch) => Promise<BatchResult>;

/**
 * Groups elements into batches and keeps up to `slots` batches in flight. Elements submitted in the same
 * synchronous run (e.g. a source loop, or a buffer releasing several) are dispatched together one
 * microtask later; a batch takes consecutive elements of one function, about `queued / slots` of them
 * (with `fill`: its share of all the elements in flight or waiting), so work spreads over all workers
 * and a lone element still goes alone, at once.
 *
 * A batch whose worker died is re-queued at the front, up to `retries` times: delivery stays exactly once
 * and in order, execution is at least once (shipped functions should be free of side effects).
 */
export class Batcher {
  private queue: Entry[] = [];
  private head = 0;
  private inFlight = 0;
  /** Elements in the batches in flight. */
  private running = 0;
  private scheduled = false;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly retries: number;
  private readonly timeoutMs: number;
  /** Set while a batch waits to fill: sends it as it is when it fires. */
  private fillTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly send: SendBatch,
    private slots: number,
    private readonly describe: () => string,
    options: PoolOptions = {},
    /**
     * For a pool whose tasks cost far more than their elements (a Redis job): while batches are in
     * flight, a new one waits until it holds its share (`1/slots`) of the elements about (in flight
     * and waiting) and takes that many, instead of leaving at once with the one or two that came back
     * first. It waits {@link FILL_WAIT_MS} at most (the elements one result frees are all in one turn
     * of the event loop later, see `schedule`), so a worker never idles long on a batch that is not
     * coming. A lone element, with nothing in flight, goes at once.
     */
    private readonly fill = false,
  ) {
    this.maxBatch = options.maxBatch ?? 64;
    this.maxQueued = options.maxQueued ?? 100_000;
    this.retries = options.retries ?? 3;
    this.timeoutMs = timeoutOf(options);
  }

  /** Changes how many batches may be in flight (the Redis pool follows the number of workers). */
  setSlots(n: number): void {
    this.slots = n;
    this.schedule();
  }

  /** Elements waiting for a free slot. */
  get queued(): number {
    return this.queue.length - this.head;
  }

  /** Elements submitted and not settled: waiting for a free slot, or in a batch in flight. */
  get pending(): number {
    return this.queued + this.running;
  }

  submit(op: Op, fn: ShippedFn, item: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${this.describe()} is closed`));
    if (this.queued >= this.maxQueued) {
      throw new Error(
        `${this.describe()}: ${this.queued} elements are waiting for a worker; await emit() or bound the work in flight with .buffer(n)`,
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ op, fn, item, resolve, reject, bytes: undefined, attempts: 0, alone: false });
      this.schedule();
    });
  }

  /**
   * After a batch settled: on threads, the next batch at once; with `fill`, once the elements its
   * results free have come in (see {@link schedule}), so they join the ones already waiting.
   */
  private afterBatch(): void {
    if (this.fill) this.schedule();
    else this.pump();
  }

  /**
   * One pump for everything submitted meanwhile. On threads, one microtask later: the elements of one
   * synchronous run. With `fill` (Redis), at the end of this turn of the event loop (`setImmediate`):
   * a result frees its elements' places one promise step at a time (gather delivers in order, a buffer
   * lets the next emit go), so a microtask would send the first freed element alone and the rest after
   * it; a turn later they are all here and go as one batch.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.fill) setImmediate(() => this.pump());
    else queueMicrotask(() => this.pump());
  }

  private pump(force = false): void {
    this.scheduled = false;
    while (this.inFlight < this.slots && this.queued > 0 && !this.closed) {
      const share = Math.min(this.maxBatch, Math.ceil((this.queued + this.running) / this.slots));
      if (!force && this.fill && this.inFlight > 0 && this.queued < share) {
        this.fillTimer ??= setTimeout(() => {
          this.fillTimer = undefined;
          this.pump(true);
        }, FILL_WAIT_MS);
        return;
      }
      clearTimeout(this.fillTimer);
      this.fillTimer = undefined;
      const size = this.fill ? share : Math.min(this.maxBatch, Math.max(1, Math.ceil(this.queued / this.slots)));
      const first = this.queue[this.head]!;
      const entries: Entry[] = [];
      while (entries.length < size && this.queued > 0) {
        const e = this.queue[this.head]!;
        if (e.fn !== first.fn || e.op !== first.op || (entries.length > 0 && (e.alone || first.alone))) break;
        this.queue[this.head++] = undefined as never;
        entries.push(e);
      }
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      this.dispatch(entries);
    }
  }

  private dispatch(entries: Entry[]): void {
    for (const e of entries) {
      const now = byteLengthOf(e.item);
      if (e.bytes !== undefined && now !== e.bytes) {
        e.reject(new Error(`${e.fn.label}: its worker died and the element cannot be retried: its typed arrays were moved to that worker`));
        entries = entries.filter((x) => x !== e);
      }
      e.bytes ??= now;
    }
    if (entries.length === 0) return;
    const { op, fn } = entries[0]!;
    this.inFlight++;
    this.running += entries.length;
    this.send({ op, source: fn.source, args: fn.args, items: entries.map((e) => e.item), timeoutMs: this.timeoutMs }).then(
      (result) => {
        this.inFlight--;
        this.running -= entries.length;
        // Failures first: a promise settles once, so the later resolve of a failed slot is a no-op.
        for (const [i, info] of result.errors) entries[i]!.reject(new RemoteError(info));
        for (let i = 0; i < entries.length; i++) entries[i]!.resolve(result.values[i]);
        this.afterBatch();
      },
      (err: unknown) => {
        this.inFlight--;
        this.running -= entries.length;
        this.retry(entries, err);
        this.afterBatch();
      },
    );
  }

  private retry(entries: Entry[], err: unknown): void {
    if ((err as Error)?.name === "DataCloneError") return this.unsendable(entries, err as Error);
    // Not a worker's fault and no retry would help (e.g. no worker at all): each element fails with it.
    if ((err as Error)?.name === "NoWorkerError") return entries.forEach((e) => e.reject(err));
    const again: Entry[] = [];
    for (const e of entries) {
      if (this.closed || ++e.attempts > this.retries) {
        const why = this.closed ? `${this.describe()} was closed` : `its worker failed ${e.attempts} times`;
        e.reject(new Error(`${e.fn.label}: ${why} (${describe(err)})`, { cause: err }));
      } else again.push(e);
    }
    if (again.length === 0) return;
    this.queue = [...again, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  /**
   * A batch that structured cloning refused (an element holding a function, a socket, ...): no worker
   * is at fault. Alone, the element fails with a clear error; in company, each is sent again by itself.
   */
  private unsendable(entries: Entry[], err: Error): void {
    if (entries.length === 1) {
      const e = entries[0]!;
      e.reject(
        new Error(`${e.fn.label}: the element cannot be sent to a worker (${err.message}); send plain data, typed arrays or Arrow values`, {
          cause: err,
        }),
      );
      return;
    }
    for (const e of entries) e.alone = true;
    this.queue = [...entries, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  /** Rejects everything still waiting; in-flight batches are rejected by the pool that closes them. */
  close(): void {
    this.closed = true;
    clearTimeout(this.fillTimer);
    const waiting = this.queue.slice(this.head);
    this.queue = [];
    this.head = 0;
    for (const e of waiting) e.reject(new Error(`${e.fn.label}: ${this.describe()} was closed before the element ran`));
  }
}

/** How long a batch waits, at most, for its share of the elements while others are in flight (see `fill`). */
export const FILL_WAIT_MS = 2;

/** What went wrong, readable even when a thread's error arrives as a plain object. */
function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  if (err !== null && typeof err === "object" && typeof (err as Error).message === "string")
    return `${(err as Error).name ?? "Error"}: ${(err as Error).message}`;
  return String(err);
}

function byteLengthOf(v: unknown, depth = 2): number {
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (depth > 0 && Array.isArray(v)) {
    let n = 0;
    for (const w of v) n += byteLengthOf(w, depth - 1);
    return n;
  }
  return 0;
}
