import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Stream, StreamError } from "@streamz-ts/core";
import "../src/index";
import { RedisServer } from "../src/redis-server";
import { startWorkerProcess, stopProcess } from "../src/worker-process";
import { collect, linesOf, tempDir } from "./helpers";

/** As in deadlines.test.ts: 3 loops forever, 6 never settles; every run is logged with its process and thread. */
function hangs(x: number, a: { log: string }): unknown {
  const fs = require("node:fs");
  const { threadId } = require("node:worker_threads");
  fs.appendFileSync(a.log, `${x} ${process.pid} ${threadId}\n`);
  if (x === 3) for (;;);
  if (x === 6) return new Promise(() => undefined);
  return x * 10;
}

function sometimesAFunction(x: number, a: { log: string }): unknown {
  require("node:fs").appendFileSync(a.log, `${x}\n`);
  return x % 10 === 7 ? () => x : x + 1;
}

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

  it("a task past its deadline fails naming the operator and the element; the worker's thread is replaced; the rest goes on", { timeout: 90_000 }, async (t) => {
    const log = join(tmp.dir, "hang-runs");
    const source = new Stream<number>();
    t.after(() => source.destroy());
    const errors = collect(source.onError());
    const out = collect(source.scatter({ redis: redis.url, queue: "deadlines", timeoutMs: 500 }).map(hangs, { args: { log } }).buffer(4).gather());
    const xs = Array.from({ length: 20 }, (_, i) => i);
    for (const x of xs) await source.emit(x);
    await out.reached(18);
    await errors.reached(2);
    assert.deepEqual(out.list, xs.filter((x) => x !== 3 && x !== 6).map((x) => x * 10), "none lost, none duplicated, in order");
    assert.deepEqual(errors.list.map((e) => e.element), [3, 6]);
    for (const e of errors.list) {
      assert.match(e.error.message, new RegExp(`^map\\(hangs\\) failed on element ${e.element as number}: TimeoutError: .*500 ms`));
    }
    const runs = linesOf(log).map((l) => l.split(" "));
    assert.ok(runs.every(([, pid]) => pid === String(worker.pid)), "the same worker process ran everything: only its thread was replaced");
    const hung = new Set(runs.filter(([x]) => x === "3" || x === "6").map(([, , t]) => t));
    assert.ok(runs.slice(-4).every(([, , t]) => !hung.has(t)), `later elements ran on new threads: ${JSON.stringify(runs)}`);
    assert.equal(runs.filter(([x]) => x === "3").length, 1, "a timed-out element is not run again");
  });

  it("one unclonable result fails that element alone, with the real reason; the function runs once per element", { timeout: 90_000 }, async (t) => {
    const log = join(tmp.dir, "clone-runs");
    const source = new Stream<number>();
    t.after(() => source.destroy());
    const out = source.scatter({ redis: redis.url, queue: "deadlines" }).map(sometimesAFunction, { args: { log } }).gather().sinkToList();
    const xs = Array.from({ length: 40 }, (_, i) => i);
    const settled = await Promise.allSettled(xs.map((x) => Promise.resolve(source.emit(x))));
    assert.deepEqual(xs.filter((_, i) => settled[i]!.status === "rejected"), [7, 17, 27, 37]);
    for (const s of settled) {
      if (s.status !== "rejected") continue;
      assert.ok(s.reason instanceof StreamError);
      assert.match(s.reason.message, /map\(sometimesAFunction\) failed on element \d+: DataCloneError: \(\) => x could not be cloned/);
    }
    assert.deepEqual(out, xs.filter((x) => x % 10 !== 7).map((x) => x + 1));
    assert.deepEqual(linesOf(log).map(Number).sort((a, b) => a - b), xs, "each element ran exactly once");
  });
});
