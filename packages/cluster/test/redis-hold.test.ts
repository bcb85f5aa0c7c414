import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { redisConnection } from "../src/redis-connection";
import { GROUP, queueKeys, type StreamEntry } from "../src/redis-jobs";
import { decodeResult, encodeBatch } from "../src/wire";
import { fileAppears, tempDir } from "./helpers";
import { redisAndWorkers } from "./redis-workers";

/** Notes that it started, then waits (on timers, not a busy loop) until the test opens its gate. */
const gated = `async (x, a) => {
  const fs = require("node:fs");
  fs.writeFileSync(a.started, "1");
  while (!fs.existsSync(a.gate)) await new Promise((r) => setTimeout(r, 10));
  return x + 1;
}`;

describe("Redis backend: a worker holds as many jobs per thread as the job says (real redis-server and worker)", () => {
  const cluster = redisAndWorkers("hold");
  let cmd: Redis;
  const tmp = tempDir("redis-hold");
  before(() => void (cmd = new Redis(redisConnection(cluster.redis.url))));
  after(() => {
    cmd.disconnect();
    tmp.remove();
  });

  /** Two jobs on a 1-thread worker, the first held at its gate: how many the worker took while it ran; then both results. */
  async function takenWhileFirstRuns(hold: string): Promise<{ taken: number; results: unknown[] }> {
    const keys = queueKeys("hold");
    const reply = keys.results(`test-${hold}`);
    const started = join(tmp.dir, `started-${hold}`);
    const gate = join(tmp.dir, `gate-${hold}`);
    const job = (id: string, x: number) =>
      cmd.xadd(
        keys.jobs,
        "*",
        "job",
        id,
        "reply",
        reply,
        "hold",
        hold,
        "payload",
        encodeBatch({ op: "map", source: gated, args: { started, gate }, items: [x] }),
      );
    const running = fileAppears(tmp.dir, `started-${hold}`);
    await job(`a-${hold}`, 1);
    await job(`b-${hold}`, 2);
    await running;
    const [count] = (await cmd.xpending(keys.jobs, GROUP)) as [number];
    writeFileSync(gate, "open");
    const results: unknown[] = [];
    let last = "0-0";
    while (results.length < 2) {
      const answer = (await cmd.xread("BLOCK", 0, "STREAMS", reply, last)) as [string, StreamEntry[]][];
      for (const [id, flat] of answer[0]![1]) {
        last = id;
        results.push(...decodeResult(flat[flat.indexOf("result") + 1]!).values);
      }
    }
    return { taken: count, results };
  }

  it("one per thread: the next job stays in Redis while the worker runs one (another worker that is idle takes it)", async () => {
    const { taken, results } = await takenWhileFirstRuns("1");
    assert.equal(taken, 1);
    assert.deepEqual(results, [2, 3], "both ran, in order, once");
  });

  it("two per thread: the next job is already on the worker while the first runs", async () => {
    const { taken, results } = await takenWhileFirstRuns("2");
    assert.equal(taken, 2);
    assert.deepEqual(results, [2, 3]);
  });
});
