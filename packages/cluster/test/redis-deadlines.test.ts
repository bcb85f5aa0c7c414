import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import "../src/index";
import { RedisServer } from "../src/redis-server";
import { startWorkerProcess, stopProcess } from "../src/worker-process";
import { expectDeadlines, expectUnclonableFailsAlone } from "./fault-scenarios";
import { tempDir } from "./helpers";

describe("Redis backend: deadlines and results that cannot be sent back (real redis-server and worker)", () => {
  let redis: RedisServer;
  let worker: ChildProcess;
  const tmp = tempDir("redis-deadline");
  before(async () => {
    redis = await RedisServer.start();
    worker = await startWorkerProcess(redis.url, ["--queue", "deadlines"]);
  });
  after(async () => {
    await stopProcess(worker, "SIGKILL"); // SIGKILL: a worker stuck in a function cannot handle SIGTERM
    await redis.destroy();
    tmp.remove();
  });

  it(
    "a task past its deadline fails naming the operator and the element; the worker's thread is replaced; the rest goes on",
    { timeout: 90_000 },
    async (t) => {
      const runs = await expectDeadlines({ redis: redis.url, queue: "deadlines", timeoutMs: 500 }, join(tmp.dir, "hang-runs"), (f) =>
        t.after(f),
      );
      assert.ok(
        runs.every(([, pid]) => pid === String(worker.pid)),
        "the same worker process ran everything: only its thread was replaced",
      );
    },
  );

  it(
    "one unclonable result fails that element alone, with the real reason; the function runs once per element",
    { timeout: 90_000 },
    async (t) => {
      await expectUnclonableFailsAlone({ redis: redis.url, queue: "deadlines" }, join(tmp.dir, "clone-runs"), (f) => t.after(f));
    },
  );
});
