import type { ChildProcess } from "node:child_process";
import { after, before } from "node:test";
import { RedisServer } from "../src/redis-server";
import { startWorkerProcess, stopProcess } from "../src/worker-process";

/**
 * A real redis-server and `workers` worker processes serving `queue`, for the tests of one `describe`:
 * started before them and stopped after (SIGKILL: a worker stuck in a user function cannot handle
 * SIGTERM). `args` go to every worker (e.g. `--lock-ms`). Read `redis` inside the tests.
 */
export function redisAndWorkers(
  queue: string,
  options: { workers?: number; args?: string[] } = {},
): { readonly redis: RedisServer; readonly workers: ChildProcess[] } {
  let redis: RedisServer | undefined;
  const workers: ChildProcess[] = [];
  before(async () => {
    const server = (redis = await RedisServer.start());
    for (let i = 0; i < (options.workers ?? 1); i++) {
      workers.push(await startWorkerProcess(server.url, ["--queue", queue, ...(options.args ?? [])]));
    }
  });
  after(async () => {
    for (const w of workers) await stopProcess(w, "SIGKILL");
    await redis?.destroy();
  });
  return {
    get redis(): RedisServer {
      if (redis === undefined) throw new Error(`redisAndWorkers(${queue}): redis is started before the tests; read it inside one`);
      return redis;
    },
    workers,
  };
}
