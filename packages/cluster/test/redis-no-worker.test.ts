import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { RedisServer } from "../src/redis-server";
import { startWorkerProcess, stopProcess } from "../src/worker-process";
import { collect, fileAppears, linesOf, tempDir } from "./helpers";

/** Logs each run, so the test sees which elements ever ran. */
function logged(x: number, a: { log: string }): number {
  require("node:fs").appendFileSync(a.log, `${x}\n`);
  return x * 2;
}

/** Holds the job at element 1 (the first time) until the test kills the worker, after writing its pid to `a.marker`. */
function holdsAtOne(x: number, a: { marker: string }): number {
  const fs = require("node:fs");
  if (x === 1 && !fs.existsSync(a.marker)) {
    fs.writeFileSync(a.marker, String(process.pid));
    const end = Date.now() + 60_000;
    while (Date.now() < end);
  }
  return x * 2;
}

describe("Redis backend with no worker running (real redis-server)", () => {
  let redis: RedisServer;
  let worker: ChildProcess | undefined;
  const tmp = tempDir("no-worker");
  before(async () => {
    redis = await RedisServer.start();
  });
  after(async () => {
    if (worker) await stopProcess(worker, "SIGKILL");
    await redis.destroy();
    tmp.remove();
  });

  it(
    "tasks no worker took fail after their deadline, naming the queue and how to start a worker; they never run later",
    { timeout: 90_000 },
    async (t) => {
      const log = join(tmp.dir, "runs");
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const errors = collect(source.onError());
      const out = collect(
        source.scatter({ redis: redis.url, queue: "absent", timeoutMs: 300 }).map(logged, { args: { log } }).buffer(4).gather(),
      );
      for (let x = 0; x < 6; x++) await source.emit(x);
      await errors.reached(6);
      assert.deepEqual(
        errors.list.map((e) => e.element),
        [0, 1, 2, 3, 4, 5],
      );
      for (const e of errors.list) {
        assert.match(e.error.message, /^map\(logged\) failed on element \d: NoWorkerError: no worker took the task within 300 ms/);
        assert.ok(e.error.message.includes(`queue "absent" at ${redis.url}`), e.error.message);
        assert.ok(e.error.message.includes(`npx streamz-ts-worker --redis ${redis.url} --queue absent`), e.error.message);
      }
      assert.deepEqual(out.list, []);

      // A worker started now runs what comes next, and never the tasks that failed.
      worker = await startWorkerProcess(redis.url, ["--queue", "absent"]);
      for (let x = 10; x < 16; x++) await source.emit(x);
      await out.reached(6);
      assert.deepEqual(out.list, [20, 22, 24, 26, 28, 30]);
      assert.deepEqual(linesOf(log).map(Number), [10, 11, 12, 13, 14, 15], "the failed tasks were removed from Redis");
      assert.equal(errors.list.length, 6);
    },
  );

  it(
    "the only worker killed mid-task: the task fails after its deadline, saying so, instead of waiting for a worker forever",
    { timeout: 90_000 },
    async (t) => {
      const marker = join(tmp.dir, "held");
      const lonely = await startWorkerProcess(redis.url, ["--queue", "lonely", "--lock-ms", "1000"]);
      t.after(() => stopProcess(lonely, "SIGKILL"));
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const errors = collect(source.onError());
      const out = collect(
        source.scatter({ redis: redis.url, queue: "lonely", timeoutMs: 1500 }).map(holdsAtOne, { args: { marker } }).buffer(4).gather(),
      );
      await source.emit(0);
      await out.reached(1);
      const held = fileAppears(tmp.dir, "held");
      await source.emit(1);
      await held;
      assert.equal(Number(readFileSync(marker, "utf8")), lonely.pid);
      await stopProcess(lonely, "SIGKILL");
      await errors.reached(1);
      assert.equal(errors.list[0]!.element, 1);
      assert.match(
        errors.list[0]!.error.message,
        /NoWorkerError: the worker running the task died and no other took it within 1500 ms: no streamz-ts-worker is connected to queue "lonely"/,
      );
      assert.deepEqual(out.list, [0]);
    },
  );
});
