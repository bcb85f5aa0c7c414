import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { Redis } from "ioredis";
import { DEFAULT_QUEUE, redisConnection } from "./redis-connection";
import {
  defineJobScripts,
  ensureGroup,
  fieldsOf,
  GROUP,
  MAX_DELIVERIES,
  queueKeys,
  RESULTS_MAXLEN,
  RESULTS_TTL_S,
  workerName,
  type JobScripts,
  type StreamEntry,
} from "./redis-jobs";
import { Leases, type Holder } from "./redis-leases";
import { RedisStateStore } from "./redis-state";
import type { Batch } from "./task";
import { ThreadRunner } from "./thread-runner";
import { decodeBatch, encodeResult } from "./wire";

/** Options of a Redis worker (`streamz-ts-worker`). */
export interface RedisWorkerOptions {
  /** `redis://host:port`. */
  redis: string;
  /** Queue name; default `streamz-ts`. */
  queue?: string;
  /** Jobs run at once, each on its own thread of this process. Default 1. */
  concurrency?: number;
  /** How long a job stays with a worker that stopped renewing it: after that a dead worker's job is taken over. Default 30 s. */
  lockMs?: number;
}

/** A running worker. */
export interface RedisWorker {
  readonly queue: string;
  /** Stops taking jobs, finishes the ones it holds, and disconnects. */
  close(): Promise<void>;
}

/** A job's end: `result` and the encoded result, or `error` and why; then its functions' time on the thread (ms). */
type Reply = [kind: "result" | "error", value: string, ms: number];

/** Longest wait of one blocking read (ms); closing interrupts it at once (CLIENT UNBLOCK). */
const BLOCK_MS = 5_000;
/** Tries at writing a job's result before leaving the job to be taken over. */
const FINISH_ATTEMPTS = 5;

/**
 * Runs jobs from `scatter({ redis })` until closed. User functions that throw do not fail the job: the
 * error travels back as data for that element, so only a dead worker (or a broken link) makes a job
 * run again. Jobs run on threads of this process ({@link ThreadRunner}), so the process keeps renewing
 * its leases whatever a function does, and an element past the deadline the kernel set
 * (`scatter({ timeoutMs })`) fails alone while its thread is replaced; a result that cannot be sent
 * back fails its own element. The worker holds up to two jobs per thread: while one runs, the next is
 * already here, so a thread does not wait a round trip to Redis between jobs; or one, when the kernel
 * keeps one per thread in flight (each job says which).
 */
export async function startRedisWorker(options: RedisWorkerOptions): Promise<RedisWorker> {
  const queue = options.queue ?? DEFAULT_QUEUE;
  const concurrency = options.concurrency ?? 1;
  const connection = redisConnection(options.redis);
  const warn = (e: Error): void => console.warn(`streamz-ts-worker: ${e.message} (retrying)`);
  const cmd = defineJobScripts(new Redis({ ...connection, connectionName: workerName(queue, concurrency) }));
  const blocking = defineJobScripts(new Redis(connection));
  cmd.on("error", warn);
  blocking.on("error", warn);
  const keys = queueKeys(queue);
  await ensureGroup(cmd, keys.jobs);
  const worker = new JobWorker(options, queue, cmd, blocking, new ThreadRunner(concurrency), warn);
  await worker.started;
  return worker;
}

class JobWorker implements RedisWorker, Holder {
  readonly held = new Set<string>();
  readonly started: Promise<void>;
  private readonly jobs: string;
  private readonly consumer = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  /** Jobs held per thread, as the latest job asked (./redis-in-flight): 2, one running and the next here, or 1. */
  private hold = 2;
  private readonly running = new Set<Promise<void>>();
  private readonly leases: Leases;
  private store: RedisStateStore | undefined; // made at the first keyed batch
  private closing = false;
  private roomFreed: (() => void) | undefined;
  private blockingId: number | undefined;
  /** A blocking XREADGROUP is in flight on `blocking`: nothing else can go on that connection now. */
  private readPending = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: RedisWorkerOptions,
    readonly queue: string,
    private readonly cmd: Redis & JobScripts,
    private readonly blocking: Redis & JobScripts,
    private readonly threads: ThreadRunner,
    private readonly warn: (e: Error) => void,
  ) {
    this.jobs = queueKeys(queue).jobs;
    // The blocking connection's id, for CLIENT UNBLOCK (again after each reconnection).
    const learnId = (): Promise<void> =>
      this.blocking.client("ID").then(
        (id) => void (this.blockingId = Number(id)),
        () => undefined,
      );
    this.blocking.on("ready", () => void learnId());
    this.started = learnId().then(() => void (this.reading = this.read()));
    this.leases = new Leases(cmd, this.jobs, this.consumer, options.lockMs ?? 30_000, this, warn);
  }

  room(): number {
    return this.closing ? 0 : this.hold * this.threads.threads - this.held.size;
  }

  /** Takes new jobs whenever it has room, one blocking XREADGROUP per job. */
  private async read(): Promise<void> {
    while (!this.closing) {
      const room = this.room();
      if (room <= 0) {
        await new Promise<void>((resolve) => (this.roomFreed = resolve));
        continue;
      }
      let answer: [string, StreamEntry[]][] | null;
      this.readPending = true;
      try {
        answer = (await this.blocking.call(
          "XREADGROUP",
          "GROUP",
          GROUP,
          this.consumer,
          // One at a time: of two idle workers blocked here, each gets one of two jobs (Redis serves the
          // longest-blocked first) instead of the first taking both; a busy worker still holds a next one.
          "COUNT",
          1,
          "BLOCK",
          BLOCK_MS,
          "STREAMS",
          this.jobs,
          ">",
        )) as typeof answer;
      } catch (e) {
        if (this.closing) return;
        // The group is gone (Redis lost its data): make it again.
        if (/NOGROUP/.test((e as Error).message)) await ensureGroup(this.cmd, this.jobs).catch(() => undefined);
        else this.warn(e as Error);
        await new Promise((r) => setTimeout(r, 100));
        continue;
      } finally {
        this.readPending = false;
      }
      for (const entry of answer?.[0]?.[1] ?? []) this.take(entry, 1);
    }
  }

  take([id, flat]: StreamEntry, deliveries: number): void {
    this.held.add(id);
    const f = fieldsOf(flat);
    this.hold = f.hold === "1" ? 1 : 2;
    const run: Promise<void> = this.handle(id, f, deliveries).finally(() => {
      this.release(id);
      this.running.delete(run);
    });
    this.running.add(run);
  }

  /** The job no longer takes room (its result is on its way): the read loop may take the next. */
  private release(id: string): void {
    this.held.delete(id);
    this.roomFreed?.();
    this.roomFreed = undefined;
  }

  private async handle(id: string, f: Record<string, string>, deliveries: number): Promise<void> {
    try {
      const reply: Reply =
        deliveries > MAX_DELIVERIES
          ? ["error", `job ${f.job}: its worker died or hung ${deliveries - 1} times; not run again`, NaN]
          : await this.run(f.payload);
      // A write cut by a lost connection is sent again: a second copy of the result is ignored by the kernel.
      for (let attempt = 1; ; attempt++) {
        try {
          return await (attempt === 1 ? this.finishAndRead(id, f, reply) : this.finish(this.cmd, id, f, reply));
        } catch (e) {
          if (attempt >= FINISH_ATTEMPTS) throw e;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } catch (e) {
      this.warn(e as Error); // not acknowledged: taken over once its lease expires
    }
  }

  /**
   * The job's encoded result, or why it could not run (a thread that died: the kernel sends it again),
   * and how long its functions ran on the thread (ms; NaN: not measured), which tells the kernel how
   * many jobs to keep in flight (./redis-in-flight).
   */
  private async run(payload: string | undefined): Promise<Reply> {
    try {
      if (payload === undefined) throw new Error("a job without a payload");
      const batch = decodeBatch(payload);
      if (batch.keyed?.ref !== undefined) {
        return ["result", await runKeyed((this.store ??= new RedisStateStore(this.options.redis)), this.threads, batch), NaN];
      }
      const result = await this.threads.run(batch);
      return ["result", encodeResult(result), result.ms ?? NaN];
    } catch (e) {
      return ["error", `${(e as Error).name ?? "Error"}: ${(e as Error).message ?? String(e)}`, NaN];
    }
  }

  /** Writes the result to its kernel's stream and removes the job, in one script (one command). */
  private async finish(redis: Redis & JobScripts, id: string, f: Record<string, string>, [kind, value, ms]: Reply): Promise<void> {
    const reply = f.job === undefined ? "" : (f.reply ?? "");
    await redis.jobFinish(this.jobs, reply, GROUP, id, RESULTS_MAXLEN, RESULTS_TTL_S, f.job ?? "", kind, value, String(ms));
  }

  /**
   * {@link finish}, and when no read is waiting (the worker was full), the read of the next job in the
   * same write on the blocking connection: one packet and one wake-up of Redis instead of two. The
   * job's room is given back at once so the read loop's XREADGROUP joins the script before the flush.
   */
  private finishAndRead(id: string, f: Record<string, string>, reply: Reply): Promise<void> {
    if (this.readPending || this.closing) return this.finish(this.cmd, id, f, reply);
    const socket = this.blocking.stream as { cork?: () => void; uncork?: () => void } | undefined;
    socket?.cork?.();
    const done = this.finish(this.blocking, id, f, reply);
    this.release(id);
    process.nextTick(() => socket?.uncork?.()); // after the read loop's microtask has written its read
    return done;
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.roomFreed?.();
    if (this.blockingId !== undefined) await this.cmd.client("UNBLOCK", this.blockingId).catch(() => undefined);
    await this.reading;
    await Promise.allSettled([...this.running]);
    this.leases.stop();
    this.store?.close();
    await this.threads.close();
    this.blocking.disconnect();
    await this.cmd.quit().catch(() => undefined);
  }
}

/**
 * A keyed-accumulate batch: its keys' states from Redis, the run, then one commit of the new states
 * with the result (a batch already committed returns its result without running again).
 */
async function runKeyed(store: RedisStateStore, threads: ThreadRunner, batch: Batch): Promise<string> {
  const ref = batch.keyed!.ref!;
  const keys = [...new Set(batch.items.map((pair) => (pair as [unknown, unknown])[0]))];
  const loaded = await store.load(ref, keys);
  if ("done" in loaded) return loaded.done;
  const { states, ...result } = await threads.run({ ...batch, keyed: { ...batch.keyed!, states: loaded.states } });
  return store.commit(ref, states ?? [], encodeResult(result));
}
