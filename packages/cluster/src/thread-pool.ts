import { availableParallelism } from "node:os";
import { join } from "node:path";
import { Piscina } from "piscina";
import { Batcher } from "./batcher";
import type { Pool, PoolOptions } from "./pool";
import type { ShippedFn } from "./ship";
import type { Batch, BatchResult, Op } from "./task";
import { transferablesOf } from "./transfer";
import { packArrow, unpackArrow } from "./arrow";

/** Options of the default, in-kernel backend. */
export interface ThreadPoolOptions extends PoolOptions {
  /** Worker threads; default one per core (`os.availableParallelism()`). */
  threads?: number;
}

/**
 * The default backend: a piscina pool of worker threads inside the kernel, created at the first
 * element (a graph that is only built costs no threads) and stopped by {@link close}. A thread that
 * dies is replaced by piscina; the batch it was running is retried by the {@link Batcher}.
 */
export class ThreadPool implements Pool {
  readonly threads: number;
  private piscina: Piscina | undefined;
  private readonly batcher: Batcher;
  private closed = false;
  /** Runs piscina has not answered yet: `close` lets them finish, since piscina throws an uncaught
   * "Unexpected message from Worker" when a thread answers a task of a pool already destroyed. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: ThreadPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`scatter: threads must be an integer >= 1, got ${String(threads)}`);
    this.threads = threads;
    // Two batches per thread in flight: one running, one already waiting there, so a thread never idles
    // for a round trip to the kernel.
    this.batcher = new Batcher((b) => this.send(b), threads * 2, () => this.description, options);
  }

  get description(): string {
    return `threads(${this.threads})`;
  }

  /** Whether the threads were started (the first element starts them). */
  get started(): boolean {
    return this.piscina !== undefined;
  }

  submit(op: Op, fn: ShippedFn, item: unknown): Promise<unknown> {
    return this.batcher.submit(op, fn, item);
  }

  /** Async so that anything thrown while preparing the message becomes a rejection the batcher handles. */
  private async send(batch: Batch): Promise<BatchResult> {
    if (this.closed) throw new Error(`${this.description} is closed`);
    this.piscina ??= new Piscina({
      filename: join(__dirname, "thread-worker.js"),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Infinity,
    });
    const items = packArrow(batch.items);
    const sent: Batch = items === batch.items ? batch : { ...batch, items };
    const run = this.piscina.run(sent, { transferList: transferablesOf(items) });
    this.inFlight.add(run);
    try {
      return unpackResult((await run) as BatchResult);
    } finally {
      this.inFlight.delete(run);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    const p = this.piscina;
    this.piscina = undefined;
    if (p === undefined) return;
    // Batches in flight are bounded (two per thread); wait for them, but not for a function that never
    // returns: after CLOSE_GRACE_MS the threads are terminated anyway.
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS).unref()));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    await p.destroy();
  }
}

const CLOSE_GRACE_MS = 2000;

/** Rebuilds Arrow values in a worker's result. */
export function unpackResult(r: BatchResult): BatchResult {
  const values = unpackArrow(r.values);
  return values === r.values ? r : { values: values as unknown[], errors: r.errors };
}
