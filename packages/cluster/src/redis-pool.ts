import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { Batcher } from "./batcher";
import { JobOutcome } from "./job-outcome";
import { NoWorkerError } from "./no-worker";
import { keyedTuning, timeoutOf, type KeyedSupport, type Pool, type PoolOptions } from "./pool";
import { DEFAULT_QUEUE, redisConnection } from "./redis-connection";
import type { ShippedFn } from "./ship";
import type { Batch, BatchResult, Op } from "./task";
import { decodeResult, encodeBatch } from "./wire";

/** Options of the Redis backend. */
export interface RedisPoolOptions extends PoolOptions {
  /** `redis://host:port`. */
  url: string;
  /** BullMQ queue name; the workers must use the same. Default `streamz-ts`. */
  queue?: string;
  /**
   * Batches (jobs) in flight at once. Default: twice the worker threads connected to the queue (counted
   * at the first job and again every few seconds), at least 2: one job running on each worker thread
   * and one waiting for it, so no worker idles for a round trip, while each job holds as many elements
   * as possible (a job costs a worker a few Redis round trips whatever its size).
   */
  inFlight?: number;
}

/**
 * The scale-out backend: each batch is a BullMQ job in Redis, run by `streamz-ts-worker` processes on
 * any machine. Jobs persist in Redis, so a worker that dies mid-job has it taken over by another once
 * its lock expires (BullMQ's stalled-job check), and a Redis restart (with an append-only file) loses
 * nothing: the connections retry until Redis is back and pending commands are sent again. Job ids are
 * fixed when a batch is first sent, so sending one twice cannot run or deliver it twice.
 */
export class RedisPool implements Pool {
  readonly description: string;
  private readonly queue: Queue;
  private readonly name: string;
  private readonly connection: ReturnType<typeof redisConnection>;
  private readonly url: string;
  private readonly timeoutMs: number;
  private events: Promise<QueueEvents> | undefined;
  private readonly batcher: Batcher;
  private readonly runId = randomUUID();
  private seq = 0;
  private closed = false;
  readonly keyed: KeyedSupport;
  private readonly fixedInFlight: boolean;
  /** When the workers were last counted (ms, Date.now()), to follow workers that come and go. */
  private countedAt = -Infinity;
  /** The jobs being waited for: closing the pool ends their waits. */
  private readonly waiting = new Set<JobOutcome>();

  constructor(options: RedisPoolOptions) {
    const connection = redisConnection(options.url);
    const name = options.queue ?? DEFAULT_QUEUE;
    this.description = `redis(${connection.host}:${connection.port}/${name})`;
    this.name = name;
    this.connection = connection;
    this.url = options.url;
    this.timeoutMs = timeoutOf(options);
    this.queue = new Queue(name, { connection });
    // The BullMQ connections report their errors as events; without a listener Node would treat them as
    // fatal. They are retried (Redis down is a wait, not a failure), so they are only worth a line.
    this.queue.on("error", (e) => this.warn(e));
    const inFlight = options.inFlight ?? 2;
    this.fixedInFlight = options.inFlight !== undefined;
    // A send that fails because the job failed (not the user's function, whose errors are data) is retried.
    this.batcher = new Batcher(
      (b) => this.send(b),
      inFlight,
      () => this.description,
      options,
      true,
    );
    // Workers load each key's state from Redis and commit it there with the batch (./redis-state).
    this.keyed = { ...keyedTuning(options, 8), states: "redis", run: (b) => this.send(b) };
  }

  private lastWarning = "";
  private warn(e: Error): void {
    if (this.closed || e.message === this.lastWarning) return;
    this.lastWarning = e.message;
    console.warn(`${this.description}: ${e.message} (retrying)`);
  }

  get inFlight(): number {
    return this.batcher.pending;
  }

  submit(op: Op, fn: ShippedFn, item: unknown): Promise<unknown> {
    return this.batcher.submit(op, fn, item);
  }

  /**
   * The completion events, read from a moment just before this pool's first job: BullMQ's own default
   * ("events from when the reader starts") can miss a job that finishes before its first read.
   * The moment is Redis's clock, not ours, since event ids are stamped by Redis.
   */
  private completions(): Promise<QueueEvents> {
    this.events ??= (async () => {
      const probe = new Redis({ ...this.connection, lazyConnect: true });
      probe.on("error", (e: Error) => this.warn(e));
      let sec: string | number | undefined;
      try {
        [sec] = await probe.time();
      } finally {
        probe.disconnect();
      }
      if (sec === undefined) throw new Error(`Redis at ${this.description} answered TIME without seconds`);
      const events = new QueueEvents(this.name, { connection: this.connection, lastEventId: `${(Number(sec) - 1) * 1000}-0` });
      events.on("error", (e) => this.warn(e));
      events.setMaxListeners(0); // two listeners per job in flight (./job-outcome), removed when it settles
      await events.waitUntilReady();
      return events;
    })();
    return this.events;
  }

  /**
   * Waits for a job's result. The event normally arrives at once; if none came for a while (a lost
   * notification, a Redis restart), the job itself is asked, so nothing waits forever. A job no worker
   * took within `timeoutMs` of being queued, while no worker is connected, fails ({@link NoWorkerError}).
   */
  private async finished(outcome: JobOutcome, queuedAt: number): Promise<string> {
    const poll = Math.min(5_000, this.timeoutMs);
    const id = outcome.jobId;
    for (;;) {
      const value = await outcome.within(poll);
      if (value !== undefined) return value;
      const now = await this.queue.getJob(id);
      if (now === undefined) throw new Error(`job ${id} is no longer in Redis`);
      if (now.finishedOn !== undefined && (await now.isCompleted())) return now.returnvalue as string;
      if (await now.isFailed()) throw new Error(now.failedReason);
      await this.unlessNoWorker(id, queuedAt);
    }
  }

  /**
   * Throws {@link NoWorkerError} (after removing the job) if, `timeoutMs` after it was queued, no worker is
   * connected and the job is still waiting, or was taken by a worker that is gone (active, its lock
   * expired: BullMQ's stalled-job check, which would hand it on, runs only in a live worker).
   */
  private async unlessNoWorker(jobId: string, queuedAt: number): Promise<void> {
    if (Date.now() - queuedAt < this.timeoutMs) return;
    const state = await this.queue.getJobState(jobId);
    if ((state !== "waiting" && state !== "active") || (await this.queue.getWorkersCount()) > 0) return;
    // 0: it is locked, by a worker that took it meanwhile or whose lock has not expired yet: wait on.
    if ((await this.queue.remove(jobId)) === 1) throw new NoWorkerError(this.name, this.url, this.timeoutMs, state === "active");
  }

  /** Sets the jobs in flight to twice the worker threads connected (at most every few seconds). */
  private followWorkers(): void {
    if (this.fixedInFlight || Date.now() - this.countedAt < RECOUNT_MS) return;
    this.countedAt = Date.now();
    this.queue.getWorkers().then(
      (ws) => this.batcher.setSlots(Math.min(MAX_IN_FLIGHT, Math.max(2, 2 * ws.reduce((n, w) => n + concurrencyOf(w), 0)))),
      () => undefined, // Redis away: keep the current number; the next send counts again
    );
  }

  private async send(batch: Batch): Promise<BatchResult> {
    this.followWorkers();
    const events = await this.completions();
    const jobId = `${this.runId}-${++this.seq}`;
    const payload = encodeBatch(batch); // may throw DataCloneError: nothing is listened for yet
    const outcome = new JobOutcome(events, jobId); // before the add, so its end cannot pass unheard
    this.waiting.add(outcome);
    try {
      if (this.closed) throw new Error(`${this.description} was closed`);
      await this.queue.add(
        "batch",
        { payload },
        { jobId, attempts: 1, removeOnComplete: { age: 3600, count: 100_000 }, removeOnFail: { age: 24 * 3600 } },
      );
      return decodeResult(await this.finished(outcome, Date.now()));
    } finally {
      outcome.stop();
      this.waiting.delete(outcome);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    for (const w of this.waiting) w.settle({ error: new Error(`${this.description} was closed`) });
    const events = this.events;
    this.events = undefined;
    await Promise.allSettled([events?.then((e) => e.close()), this.queue.close()]);
  }
}

const RECOUNT_MS = 5_000;
const MAX_IN_FLIGHT = 64;

/** A worker's thread count, which `streamz-ts-worker` puts in its connection name (`...:w:<n>threads`); else 1. */
function concurrencyOf(w: { [k: string]: string }): number {
  const m = /:w:(\d+)threads/.exec(w.name ?? "");
  return m ? Number(m[1]) : 1;
}
