import { parseArgs } from "node:util";
import { startRedisWorker } from "./redis-worker";

const USAGE = `usage: streamz-ts-worker --redis redis://host:port [--queue streamz-ts] [--concurrency 1] [--lock-ms 30000]
Runs the tasks of scatter({ redis }) graphs, each job on a thread of this process (--concurrency threads),
under the deadline the graph set (scatter({ timeoutMs })); the per-key states of scatter({ key }) graphs
live in the same Redis, so any worker can take over any key. Start as many as you like, on any machine.`;

/** Entry point of the `streamz-ts-worker` bin. Prints `ready` once it takes jobs; SIGTERM/SIGINT drain and exit. */
export async function main(argv: string[]): Promise<void> {
  let values: { redis?: string; queue?: string; concurrency?: string; "lock-ms"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        redis: { type: "string" },
        queue: { type: "string" },
        concurrency: { type: "string" },
        "lock-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help || !values.redis) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const worker = await startRedisWorker({
    redis: values.redis,
    queue: values.queue,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    lockMs: values["lock-ms"] ? Number(values["lock-ms"]) : undefined,
  });
  console.log(`streamz-ts-worker: ready (pid ${process.pid}, queue ${worker.queue})`);
  const stop = (): void => {
    worker.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
