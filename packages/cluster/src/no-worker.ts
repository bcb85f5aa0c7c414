/**
 * The Redis backend's answer to "nobody is there": a job no worker took, or whose worker died with no
 * other worker left to take it over. Its run deadline (`timeoutMs`) is kept by the worker running it,
 * so without this a graph whose workers were never started (or all died) would wait in `gather()`
 * forever. A job not finished `timeoutMs` after it was queued, while no worker is connected to its
 * queue, is removed from Redis (so it can never run later) and its elements fail with this error.
 * While some worker is connected, a job waits on: busy workers are slow, not absent, and a live worker
 * hands a dead one's job on.
 */
export class NoWorkerError extends Error {
  override readonly name = "NoWorkerError";

  constructor(
    readonly queue: string,
    readonly url: string,
    readonly waitedMs: number,
    workerDied = false,
  ) {
    super(
      `${workerDied ? "the worker running the task died and no other took it" : "no worker took the task"} within ${waitedMs} ms: ` +
        `no streamz-ts-worker is connected to queue "${queue}" at ${url}; ` +
        `start one with \`npx streamz-ts-worker --redis ${url} --queue ${queue}\` (the task was removed from Redis and will not run)`,
    );
  }
}
