import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { collect, linesOf, tempDir } from "./helpers";
import { redisAndWorkers } from "./redis-workers";

/** Logs each run; element 0 takes `a.holdMs` (a timer, not a busy loop: the machine stays free). */
async function slowAtZero(x: number, a: { log: string; holdMs: number }): Promise<number> {
  require("node:fs").appendFileSync(a.log, `${x} ${process.pid}\n`);
  if (x === 0) await new Promise((r) => setTimeout(r, a.holdMs));
  return x + 100;
}

describe("Redis backend: a live worker keeps the jobs it holds (real redis-server and workers)", () => {
  const cluster = redisAndWorkers("leases", { workers: 2, args: ["--lock-ms", "1000"] });
  const tmp = tempDir("redis-leases");
  after(() => tmp.remove());

  it(
    "a job running for several lock periods is renewed, not taken over by the idle worker: it runs once",
    { timeout: 90_000 },
    async (t) => {
      const log = join(tmp.dir, "runs");
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const out = collect(
        source
          .scatter({ redis: cluster.redis.url, queue: "leases", maxBatch: 1 })
          .map(slowAtZero, { args: { log, holdMs: 4_000 } })
          .buffer(4)
          .gather(),
      );
      const xs = [0, 1, 2, 3, 4, 5];
      for (const x of xs) await source.emit(x);
      await out.reached(xs.length);
      assert.deepEqual(
        out.list,
        xs.map((x) => x + 100),
      );
      const runs = linesOf(log).map((l) => l.split(" ")[0]);
      assert.deepEqual(
        runs.filter((x) => x === "0"),
        ["0"],
        "element 0 ran once: its worker renewed it while it ran (4 lock periods)",
      );
      assert.equal(runs.length, xs.length, `every element ran once: ${runs.join(",")}`);
    },
  );
});
