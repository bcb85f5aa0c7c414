import { availableParallelism } from "node:os";
import { Worker } from "bullmq";
import { DEFAULT_QUEUE, redisConnection } from "./redis-connection";
import { RedisStateStore } from "./redis-state";
import type { Batch } from "./task";
import { ThreadRunner } from "./thread-runner";
import { decodeBatch, encodeResult } from "./wire";

/** Options of a Redis worker (`streamz-ts-worker`). */
export interface RedisWorkerOptions {
  /** `redis://host:port`. */
  redis: string;
  /** BullMQ queue name; default `streamz-ts`. */
  queue?: string;
  /** Jobs run at once, each on its own thread of this process. Default 1. */
  concurrency?: number;
  /** How long a job's lock lasts without renewal: after that a dead worker's job is taken over. Default 30 s. */
  lockMs?: number;
}

/**
 * Runs jobs from `scatter({ redis })` until closed. User functions that throw do not fail the job: the
 * error travels back as data for that element, so only a dead worker (or a broken link) makes BullMQ
 * retry a job. Jobs run on threads of this process ({@link ThreadRunner}), so the process keeps renewing
 * its job locks whatever a function does, and an element past the deadline the kernel set
 * (`scatter({ timeoutMs })`) fails alone while its thread is replaced; a result that cannot be sent
 * back fails its own element.
 */
export async function startRedisWorker(options: RedisWorkerOptions): Promise<Worker> {
  const lockDuration = options.lockMs ?? 30_000;
  const concurrency = options.concurrency ?? 1;
  const threads = new ThreadRunner(concurrency);
  let store: RedisStateStore | undefined; // made at the first keyed batch
  const worker = new Worker(
    options.queue ?? DEFAULT_QUEUE,
    async (job) => {
      const batch = decodeBatch((job.data as { payload: string }).payload);
      if (batch.keyed?.ref === undefined) return encodeResult(await threads.run(batch));
      return runKeyed((store ??= new RedisStateStore(options.redis)), threads, batch);
    },
    {
      connection: redisConnection(options.redis),
      concurrency,
      // In its connection's name, so kernels can count the threads connected and send that many jobs (./redis-pool).
      name: `${concurrency}threads`,
      lockDuration,
      // Check for stalled jobs often enough that a dead worker's job moves on about one lock period later.
      stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
      maxStalledCount: 3,
      autorun: false,
    },
  );
  worker.on("error", (e) => console.warn(`streamz-ts-worker: ${e.message} (retrying)`));
  worker.on("closed", () => {
    store?.close();
    void threads.close();
  });
  void worker.run();
  await worker.waitUntilReady();
  return worker;
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

/** Default concurrency suggestion for a machine: one worker process per core. */
export const CORES = availableParallelism();
