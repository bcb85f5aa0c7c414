import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import "../src/index";
import { expectDeadlines, expectUnclonableFailsAlone } from "./fault-scenarios";
import { tempDir } from "./helpers";
import { redisAndWorkers } from "./redis-workers";

describe("Redis backend: deadlines and results that cannot be sent back (real redis-server and worker)", () => {
  const cluster = redisAndWorkers("deadlines");
  const tmp = tempDir("redis-deadline");
  after(() => tmp.remove());

  it(
    "a task past its deadline fails naming the operator and the element; the worker's thread is replaced; the rest goes on",
    { timeout: 90_000 },
    async (t) => {
      const runs = await expectDeadlines(
        { redis: cluster.redis.url, queue: "deadlines", timeoutMs: 500 },
        join(tmp.dir, "hang-runs"),
        (f) => t.after(f),
      );
      assert.ok(
        runs.every(([, pid]) => pid === String(cluster.workers[0]!.pid)),
        "the same worker process ran everything: only its thread was replaced",
      );
    },
  );

  it(
    "one unclonable result fails that element alone, with the real reason; the function runs once per element",
    { timeout: 90_000 },
    async (t) => {
      await expectUnclonableFailsAlone({ redis: cluster.redis.url, queue: "deadlines" }, join(tmp.dir, "clone-runs"), (f) => t.after(f));
    },
  );
});
