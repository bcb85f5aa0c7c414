import { Batcher } from "./batcher";
import { keyedTuning, type KeyedSupport, type Pool, type PoolOptions } from "./pool";
import type { ShippedFn } from "./ship";
import type { Op } from "./task";
import { ThreadRunner } from "./thread-runner";

/** Options of the default, in-kernel backend. */
export interface ThreadPoolOptions extends PoolOptions {
  /** Worker threads; default one per core (`os.availableParallelism()`). */
  threads?: number;
}

/**
 * The default backend: a piscina pool of worker threads inside the kernel, created at the first
 * element (a graph that is only built costs no threads) and stopped by {@link close}. A thread that
 * dies is replaced by piscina; the batch it was running is retried by the {@link Batcher}. An element
 * past its deadline (`timeoutMs`) fails alone and its thread is replaced (see {@link ThreadRunner}).
 */
export class ThreadPool implements Pool {
  readonly threads: number;
  private readonly runner: ThreadRunner;
  private readonly batcher: Batcher;
  private closed = false;
  readonly keyed: KeyedSupport;

  constructor(options: ThreadPoolOptions = {}) {
    this.runner = new ThreadRunner(options.threads);
    this.threads = this.runner.threads;
    // Two batches per thread in flight: one running, one already waiting there, so a thread never idles
    // for a round trip to the kernel.
    this.batcher = new Batcher(
      (b) => this.runner.run(b),
      this.threads * 2,
      () => this.description,
      options,
    );
    // Threads share the kernel's memory and die with it: the kernel keeps the keys' states itself.
    this.keyed = { ...keyedTuning(options, this.threads * 2), states: "kernel", run: (b) => this.runner.run(b) };
  }

  get description(): string {
    return `threads(${this.threads})`;
  }

  /** Whether the threads were started (the first element starts them). */
  get started(): boolean {
    return this.runner.started;
  }

  get inFlight(): number {
    return this.batcher.pending;
  }

  submit(op: Op, fn: ShippedFn, item: unknown): Promise<unknown> {
    return this.batcher.submit(op, fn, item);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    await this.runner.close();
  }
}
