import { randomUUID } from "node:crypto";
import { Queue, QueueEvents, type Job } from "bullmq";
import { Redis } from "ioredis";
import { Batcher } from "./batcher";
import type { Pool, PoolOptions } from "./pool";
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
   * Batches (jobs) in flight at once. Default 4: a job costs a worker a few Redis round trips, so fewer,
   * larger jobs go faster; raise it to about twice the number of worker processes when there are many.
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
  private events: Promise<QueueEvents> | undefined;
  private readonly batcher: Batcher;
  private readonly runId = randomUUID();
  private seq = 0;
  private closed = false;

  constructor(options: RedisPoolOptions) {
    const connection = redisConnection(options.url);
    const name = options.queue ?? DEFAULT_QUEUE;
    this.description = `redis(${connection.host}:${connection.port}/${name})`;
    this.name = name;
    this.connection = connection;
    this.queue = new Queue(name, { connection });
    // The BullMQ connections report their errors as events; without a listener Node would treat them as
    // fatal. They are retried (Redis down is a wait, not a failure), so they are only worth a line.
    this.queue.on("error", (e) => this.warn(e));
    const inFlight = options.inFlight ?? 4;
    this.queue.setMaxListeners(inFlight * 4 + 16); // waitUntilFinished adds a 'closing' listener per job
    // A send that fails because the job failed (not the user's function, whose errors are data) is retried.
    this.batcher = new Batcher((b) => this.send(b), inFlight, () => this.description, options);
  }

  private lastWarning = "";
  private warn(e: Error): void {
    if (this.closed || e.message === this.lastWarning) return;
    this.lastWarning = e.message;
    console.warn(`${this.description}: ${e.message} (retrying)`);
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
      let sec: string | number;
      try {
        [sec] = await probe.time();
      } finally {
        probe.disconnect();
      }
      const events = new QueueEvents(this.name, { connection: this.connection, lastEventId: `${(Number(sec) - 1) * 1000}-0` });
      events.on("error", (e) => this.warn(e));
      events.setMaxListeners(0); // two listeners per job in flight, removed when it settles
      await events.waitUntilReady();
      return events;
    })();
    return this.events;
  }

  /**
   * Waits for a job's result. The event normally arrives at once; if none came for a while (a lost
   * notification, a Redis restart), the job itself is asked, so nothing waits forever.
   */
  private async finished(job: Job, events: QueueEvents): Promise<string> {
    for (;;) {
      try {
        return (await job.waitUntilFinished(events, 5_000)) as string;
      } catch (e) {
        if (!/timed out before finishing/.test((e as Error).message)) throw e;
      }
      const now = await this.queue.getJob(job.id!);
      if (now === undefined) throw new Error(`job ${job.id} is no longer in Redis`);
      if (now.finishedOn !== undefined && (await now.isCompleted())) return now.returnvalue as string;
      if (await now.isFailed()) throw new Error(now.failedReason);
    }
  }

  private async send(batch: Batch): Promise<BatchResult> {
    const events = await this.completions();
    const jobId = `${this.runId}-${++this.seq}`;
    const job = await this.queue.add("batch", { payload: encodeBatch(batch) }, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 3600, count: 100_000 },
      removeOnFail: { age: 24 * 3600 },
    });
    return decodeResult(await this.finished(job, events));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    const events = this.events;
    this.events = undefined;
    await Promise.allSettled([events?.then((e) => e.close()), this.queue.close()]);
  }
}
