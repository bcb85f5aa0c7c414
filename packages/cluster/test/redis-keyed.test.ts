import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Redis } from "ioredis";
import "../src/index";
import { RedisStateStore } from "../src/redis-state";
import { stopProcess } from "../src/worker-process";
import { fileAppears, tempDir } from "./helpers";
import { expectKeyedFold } from "./keyed-scenarios";
import { redisAndWorkers } from "./redis-workers";

describe("scatter({ key }) on Redis workers (real redis-server and worker processes)", () => {
  const cluster = redisAndWorkers("keyed", { workers: 2, args: ["--lock-ms", "1500"] });
  const { workers } = cluster;
  const tmp = tempDir("redis-keyed");
  after(() => tmp.remove());

  it(
    "a worker SIGKILLed mid-batch hands its keys, with their states from Redis, to the other: every total right, in order",
    { timeout: 120_000 },
    async (t) => {
      const files = { log: join(tmp.dir, "runs"), marker: join(tmp.dir, "held") };
      const held = fileAppears(tmp.dir, "held");
      const kill = async (): Promise<void> => {
        await held;
        const pid = Number(readFileSync(files.marker, "utf8"));
        const victim = workers.find((w) => w.pid === pid);
        assert.ok(victim, "the victim is one of our workers");
        await stopProcess(victim, "SIGKILL");
      };
      const runs = await expectKeyedFold({ redis: cluster.redis.url, queue: "keyed" }, files, "hold", (f) => t.after(f), kill);
      const pid = readFileSync(files.marker, "utf8");
      const victimRuns = runs.filter(([i]) => i === "333");
      assert.notEqual(victimRuns.at(-1)![1], pid, "the other worker ran it");
      const client = new Redis(cluster.redis.url);
      t.after(() => client.disconnect());
      assert.ok((await client.keys("streamz-ts:keyed:*:state")).length > 0, "the states live in Redis");
    },
  );

  it("a batch committed once is not applied again: a second run gets the first run's result; a stale one cannot commit", async (t) => {
    const store = new RedisStateStore(cluster.redis.url);
    t.after(() => store.close());
    const ref = { id: "direct", partition: 0, seq: 1 };
    assert.deepEqual(await store.load(ref, ["a"]), { states: [] });
    assert.equal(await store.commit(ref, [["a", 5]], "first"), "first");
    assert.equal(await store.commit(ref, [["a", 500]], "second"), "first", "the second run's states are dropped");
    assert.deepEqual(await store.load(ref, ["a"]), { done: "first" });
    const next = { ...ref, seq: 2 };
    assert.deepEqual(await store.load(next, ["a", "b"]), { states: [["a", 5]] });
    assert.equal(await store.commit(next, [["a", 6]], "r2"), "r2");
    await assert.rejects(store.load(ref, ["a"]), /batch 1 .* was superseded by batch 2/);
    await assert.rejects(store.commit(ref, [["a", 0]], "late"), /superseded/);
    assert.deepEqual(await store.load({ ...ref, seq: 3 }, ["a"]), { states: [["a", 6]] });
  });
});
