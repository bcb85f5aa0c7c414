import { randomUUID } from "node:crypto";
import { Queue, QueueEvents } from "bullmq";
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
  /** Batches (jobs) in flight at once. Default 32. */
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
  private readonly events: QueueEvents;
  private readonly batcher: Batcher;
  private readonly runId = randomUUID();
  private seq = 0;
  private closed = false;

  constructor(options: RedisPoolOptions) {
    const connection = redisConnection(options.url);
    const name = options.queue ?? DEFAULT_QUEUE;
    this.description = `redis(${connection.host}:${connection.port}/${name})`;
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    // The BullMQ connections report their errors as events; without a listener Node would treat them as
    // fatal. They are retried (Redis down is a wait, not a failure), so they are only worth a line.
    this.queue.on("error", (e) => this.warn(e));
    this.events.on("error", (e) => this.warn(e));
    // Transient: a send that fails because the worker's job failed (not the user's function) is retried.
    this.batcher = new Batcher((b) => this.send(b), options.inFlight ?? 32, () => this.description, options);
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

  private async send(batch: Batch): Promise<BatchResult> {
    const jobId = `${this.runId}-${++this.seq}`;
    const job = await this.queue.add("batch", { payload: encodeBatch(batch) }, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: 3600, count: 100_000 },
      removeOnFail: { age: 24 * 3600 },
    });
    const encoded = (await job.waitUntilFinished(this.events)) as string;
    return decodeResult(encoded);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.batcher.close();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
  }
}
