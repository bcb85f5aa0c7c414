import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { Batcher } from "./batcher";
import { JobOutcome } from "./job-outcome";
import { NoWorkerError } from "./no-worker";
import { keyedTuning, timeoutOf, type KeyedSupport, type Pool, type PoolOptions } from "./pool";
import { DEFAULT_QUEUE, redisConnection } from "./redis-connection";
import { IdleMeter } from "./machine-idle";
import {
  defineJobScripts,
  ensureGroup,
  GROUP,
  queueKeys,
  threadsConnected,
  workersConnected,
  type JobScripts,
  type QueueKeys,
} from "./redis-jobs";
import { InFlightTuner } from "./redis-in-flight";
import { ResultReader } from "./redis-results";
import type { ShippedFn } from "./ship";
import type { Batch, BatchResult, Op } from "./task";
import { decodeResult, encodeBatch } from "./wire";

/** Options of the Redis backend. */
export interface RedisPoolOptions extends PoolOptions {
  /** `redis://host:port`. */
  url: string;
  /** Queue name; the workers must use the same. Default `streamz-ts`. */
  queue?: string;
  /**
   * Batches (jobs) in flight at once. Default: per worker thread connected to the queue (counted at the
   * first job and again every second), two while the work is a fair share of a job's round trip (one
   * running, one waiting on that worker, which holds it already, so no thread idles for a round trip),
   * one while the round trip dominates (light functions: fewer, larger jobs; a job costs its hops
   * through Redis whatever its size), and for heavy functions while this machine's CPUs are all busy
   * and run some of the workers (each job's hops then cost their functions CPU), see ./redis-in-flight.
   */
  inFlight?: number;
}

/**
 * The scale-out backend: each batch is a job in a Redis stream (./redis-jobs), run by
 * `streamz-ts-worker` processes on any machine. Jobs persist in Redis, so a worker that dies mid-job has
 * it taken over by another once its lease expires, and a Redis restart (with an append-only file) loses
 * nothing: the connections retry until Redis is back and pending commands are sent again. Job ids are
 * fixed when a batch is first sent and the first result of a job settles it, so a job run twice is
 * delivered once.
 */
export class RedisPool implements Pool {
  readonly description: string;
  private readonly name: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private readonly keys: QueueKeys;
  private readonly cmd: Redis & JobScripts;
  private readonly results: ResultReader;
  private ready: Promise<void> | undefined;
  private readonly batcher: Batcher;
  private readonly runId = randomUUID();
  private seq = 0;
  private closed = false;
  readonly keyed: KeyedSupport;
  private readonly fixedInFlight: boolean;
  /** When the workers were last counted (ms, Date.now()), to follow workers that come and go. */
  private countedAt = -Infinity;
  private threads = 1;
  /** Some of the workers run on this machine: their functions share its CPUs with the kernel's hops. */
  private localWorkers = false;
  private readonly idle = new IdleMeter();
  private readonly tuner = new InFlightTuner();
  private slots: number;
  private readonly maxBatch: number;

  constructor(options: RedisPoolOptions) {
    const connection = redisConnection(options.url);
    const name = options.queue ?? DEFAULT_QUEUE;
    this.description = `redis(${connection.host}:${connection.port}/${name})`;
    this.name = name;
    this.url = options.url;
    this.timeoutMs = timeoutOf(options);
    this.keys = queueKeys(name);
    // Connection errors are retried (Redis down is a wait, not a failure), so they are only worth a line.
    const warn = (e: Error): void => this.warn(e);
    this.cmd = defineJobScripts(new Redis({ ...connection, lazyConnect: true }));
    this.cmd.on("error", warn);
    const reader = new Redis({ ...connection, lazyConnect: true });
    reader.on("error", warn);
    this.results = new ResultReader(reader, this.cmd, this.keys.results(this.runId), warn);
    const inFlight = options.inFlight ?? 2;
    this.fixedInFlight = options.inFlight !== undefined;
    this.slots = inFlight;
    this.maxBatch = options.maxBatch ?? 64;
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
   * Waits for a job's result. It normally arrives at once; if none came for a while, Redis is asked
   * where the job is, so nothing waits forever: a job gone without a result (lost with Redis's data)
   * fails, to be sent again; a job no worker took within `timeoutMs` of being queued, while no worker
   * is connected, fails with {@link NoWorkerError}.
   */
  private async finished(outcome: JobOutcome, queuedAt: number): Promise<string> {
    const poll = Math.min(5_000, this.timeoutMs);
    for (;;) {
      const value = await outcome.within(poll);
      if (value !== undefined) return value;
      const [state] = await this.cmd.jobState(this.keys.jobs, GROUP, outcome.entryId);
      if (state === "gone") {
        await this.results.catchUp();
        if (!outcome.done) throw new Error(`job ${outcome.jobId} is no longer in Redis and left no result`);
        continue;
      }
      await this.unlessNoWorker(outcome, queuedAt);
    }
  }

  /**
   * Throws {@link NoWorkerError} (after removing the job) if, `timeoutMs` after it was queued, no worker is
   * connected and the job is still waiting, or was taken by a worker that is gone (held, its lease not
   * renewed for a while: the takeover of a dead worker's jobs runs only in a live worker).
   */
  private async unlessNoWorker(outcome: JobOutcome, queuedAt: number): Promise<void> {
    if (Date.now() - queuedAt < this.timeoutMs || (await threadsConnected(this.cmd, this.name)) > 0) return;
    // 0: done meanwhile, or taken by a worker that connected since: wait on.
    const removed = await this.cmd.jobRemove(this.keys.jobs, GROUP, outcome.entryId, ABANDONED_MS);
    if (removed !== 0) throw new NoWorkerError(this.name, this.url, this.timeoutMs, removed === 2);
  }

  /** Sets the jobs in flight for the worker threads connected (counted at most every second). */
  private followWorkers(): void {
    if (this.fixedInFlight || Date.now() - this.countedAt < RECOUNT_MS) return;
    this.countedAt = Date.now();
    workersConnected(this.cmd, this.name).then(
      ({ threads, local }) => {
        this.threads = threads;
        this.localWorkers = local > 0;
        this.updateSlots();
      },
      () => undefined, // Redis away: keep the current number; the next send counts again
    );
  }

  /** Sets the jobs in flight from the workers connected, the work's weight, how busy the machine is and the elements about (./redis-in-flight). */
  private updateSlots(): void {
    if (this.fixedInFlight) return;
    const idle = this.idle.read();
    if (idle !== undefined) this.tuner.machine(idle, this.localWorkers);
    const slots = this.tuner.slots(this.threads, this.batcher.pending, this.maxBatch);
    if (slots === this.slots) return;
    this.slots = slots;
    this.batcher.setSlots(slots);
  }

  /**
   * How many jobs per thread a worker may hold, told with each job: the jobs in flight per worker
   * thread, 1 or 2. With 1, a worker does not take a next job while it runs one, so a job freed by
   * another worker's result goes to a worker that is idle, not to one still busy (which Redis, serving
   * the longest-blocked read first, would otherwise often pick).
   */
  private hold(): number {
    if (this.fixedInFlight) return 2;
    return Math.min(2, Math.max(1, Math.ceil(this.slots / Math.max(1, this.threads))));
  }

  private async send(batch: Batch): Promise<BatchResult> {
    const payload = encodeBatch(batch); // may throw DataCloneError: nothing is waited for yet
    this.ready ??= ensureGroup(this.cmd, this.keys.jobs);
    await this.ready;
    this.followWorkers();
    const outcome = new JobOutcome(`${this.runId}-${++this.seq}`);
    this.results.expect(outcome); // before the add, so its result cannot pass unheard
    try {
      if (this.closed) throw new Error(`${this.description} was closed`);
      const queuedAt = Date.now();
      const sentAt = performance.now();
      outcome.entryId = (await this.cmd.xadd(
        this.keys.jobs,
        "*",
        "job",
        outcome.jobId,
        "reply",
        this.results.key,
        "hold",
        String(this.hold()),
        "payload",
        payload,
      )) as string;
      const result = decodeResult(await this.finished(outcome, queuedAt));
      this.tuner.observe(outcome.ranMs, performance.now() - sentAt); // keyed batches report no time: not counted
      this.updateSlots();
      return result;
    } finally {
      this.results.forget(outcome);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    const waiting = [...this.results.pending];
    for (const w of waiting) w.settle({ error: new Error(`${this.description} was closed`) });
    this.results.close();
    // Jobs no worker took yet will not run for nobody; the results stream goes with the pool.
    // Best effort: with Redis away, closing must not wait for it to come back.
    const removals = waiting.filter((w) => w.entryId !== "").map((w) => this.cmd.xdel(this.keys.jobs, w.entryId));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS).unref()));
    await Promise.race([Promise.allSettled([...removals, this.cmd.del(this.results.key)]), grace]);
    clearTimeout(timer);
    this.cmd.disconnect();
  }
}

const RECOUNT_MS = 1_000;
/** A job held by a worker that has not renewed it for this long, while no worker is connected, is a dead worker's. */
const ABANDONED_MS = 1_000;
const CLOSE_GRACE_MS = 1_000;
