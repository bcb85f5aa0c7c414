import { availableParallelism } from "node:os";
import { join } from "node:path";
import { requireCount } from "@streamz-ts/core";
import { Piscina } from "piscina";
import { packArrow, unpackArrow } from "./arrow";
import { DeadlineWatch, ProgressSlots } from "./deadline";
import { DEFAULT_TIMEOUT_MS } from "./pool";
import { timeoutInfo, type Batch, type BatchResult, type ErrorInfo } from "./task";
import type { ThreadTask } from "./thread-worker";
import { transferablesOf } from "./transfer";

/**
 * Runs batches on a piscina pool of threads, each item under its deadline: the kernel's thread backend
 * ({@link ThreadPool}) and every `streamz-ts-worker` process use it. The threads start with the first
 * batch. An item past its deadline fails with a `TimeoutError`; its thread is stopped (piscina starts a
 * new one) and the batch's other items run again on another thread: the ones after it had not run, the
 * ones before it had, but their results died with the thread (execution is at least once, as after a
 * crash). A thread that dies otherwise rejects the batch, for the caller to retry.
 */
export class ThreadRunner {
  readonly threads: number;
  private piscina: Piscina | undefined;
  /** One progress slot per batch in flight; more batches than this at once go without a deadline. */
  private readonly progress = new ProgressSlots(MAX_WATCHED);
  private closed = false;
  /** Runs piscina has not answered yet: `close` lets them finish, since piscina throws an uncaught
   * "Unexpected message from Worker" when a thread answers a task of a pool already destroyed. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(threads = availableParallelism()) {
    this.threads = requireCount("scatter", "threads", threads, 1);
  }

  /** Whether the threads were started (the first batch starts them). */
  get started(): boolean {
    return this.piscina !== undefined;
  }

  /** Runs `batch`; its `timeoutMs` (default {@link DEFAULT_TIMEOUT_MS}) bounds each item. */
  async run(batch: Batch): Promise<BatchResult> {
    if (this.closed) throw new Error(`threads(${this.threads}) are closed`);
    this.piscina ??= new Piscina({
      filename: join(__dirname, "thread-worker.js"),
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: Infinity,
      workerData: this.progress.shared,
    });
    const ms = batch.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const items = packArrow(batch.items);
    const transferList = transferablesOf(items);
    // Items whose buffers move to the thread cannot run again if that thread is stopped.
    const moved =
      transferList.length === 0 ? undefined : new Set(batch.items.flatMap((x, i) => (transferablesOf([x]).length > 0 ? [i] : [])));
    const slot = this.progress.take();
    const task: ThreadTask = { batch: items === batch.items ? batch : { ...batch, items }, slot };
    const abort = new AbortController();
    const watch = slot === undefined ? undefined : new DeadlineWatch(this.progress, slot, ms, () => abort.abort());
    let run: Promise<unknown> | undefined;
    try {
      run = this.piscina.run(task, { transferList, signal: abort.signal });
      this.inFlight.add(run);
      const r = (await run) as BatchResult;
      const values = unpackArrow(r.values);
      return values === r.values ? r : { ...r, values: values as unknown[] };
    } catch (e) {
      if (watch?.expired === undefined) throw e;
      return await this.afterTimeout(batch, watch.expired, ms, moved);
    } finally {
      watch?.stop();
      if (slot !== undefined) this.progress.release(slot);
      if (run !== undefined) this.inFlight.delete(run);
    }
  }

  /** Item `late` timed out and its thread was stopped: it fails, the others run again. */
  private async afterTimeout(batch: Batch, late: number, ms: number, moved: Set<number> | undefined): Promise<BatchResult> {
    const values: unknown[] = new Array(batch.items.length);
    const errors: [number, ErrorInfo][] = [[late, timeoutInfo(ms)]];
    const again: number[] = [];
    let states: BatchResult["states"]; // keyed-accumulate: the run without the late item changed these
    for (let i = 0; i < batch.items.length; i++) {
      if (i === late) continue;
      if (moved?.has(i)) errors.push([i, lostWithThread(late, ms)]);
      else again.push(i);
    }
    if (again.length > 0) {
      const rest = await this.run({ ...batch, items: again.map((i) => batch.items[i]) });
      again.forEach((i, k) => (values[i] = rest.values[k]));
      for (const [k, info] of rest.errors) errors.push([again[k]!, info]);
      states = rest.states;
    }
    return { values, errors: errors.sort((a, b) => a[0] - b[0]), ...(states === undefined ? {} : { states }) };
  }

  /** Stops the threads once the batches in flight are done, or after a grace period for ones that hang. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const p = this.piscina;
    this.piscina = undefined;
    if (p === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS).unref()));
    await Promise.race([Promise.allSettled([...this.inFlight]), grace]);
    clearTimeout(timer);
    await p.destroy();
  }
}

const CLOSE_GRACE_MS = 2000;
/** Batches watched at once: far more than are ever in flight (two per thread, or one per Redis job). */
const MAX_WATCHED = 4096;

function lostWithThread(late: number, ms: number): ErrorInfo {
  return {
    name: "Error",
    message: `another element of its batch (#${late}) ran past its deadline (${ms} ms) and the thread was stopped; this element's typed arrays had been moved to that thread, so it cannot run again`,
  };
}
