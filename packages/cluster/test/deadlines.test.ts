import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { DEFAULT_TIMEOUT_MS } from "../src/index";
import { collect, linesOf, tempDir } from "./helpers";

/**
 * Element 3 never returns (a synchronous loop), element 6 returns a promise that never settles. Every
 * run appends `x threadId` to a log, so the test sees which thread ran what and how often.
 */
function hangs(x: number, a: { log: string }): unknown {
  const fs = require("node:fs");
  const { threadId } = require("node:worker_threads");
  fs.appendFileSync(a.log, `${x} ${threadId}\n`);
  if (x === 3) for (;;);
  if (x === 6) return new Promise(() => undefined);
  return x * 10;
}

describe("task deadlines on worker threads", () => {
  it("a task past its deadline fails naming the operator and the element; its thread is replaced; the rest goes on, in order", { timeout: 60_000 }, async (t) => {
    const { dir, remove } = tempDir("deadline");
    try {
      const log = join(dir, "runs");
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const errors = collect(source.onError());
      const out = collect(source.scatter({ threads: 2, timeoutMs: 400 }).map(hangs, { args: { log } }).buffer(4).gather());
      const xs = Array.from({ length: 20 }, (_, i) => i);
      for (const x of xs) await source.emit(x);
      await out.reached(18);
      await errors.reached(2);
      assert.deepEqual(out.list, xs.filter((x) => x !== 3 && x !== 6).map((x) => x * 10), "none lost, none duplicated, in order");
      assert.deepEqual(errors.list.map((e) => e.element), [3, 6]);
      for (const e of errors.list) {
        assert.match(e.error.message, new RegExp(`^map\\(hangs\\) failed on element ${e.element as number}: TimeoutError: .*400 ms`));
      }
      // the threads that hung ran nothing afterwards: they were stopped and replaced
      const runs = linesOf(log).map((l) => l.split(" "));
      const hungThreads = new Set(runs.filter(([x]) => x === "3" || x === "6").map(([, t]) => t));
      const lastRuns = runs.slice(-4);
      assert.ok(lastRuns.every(([, t]) => !hungThreads.has(t)), `later elements ran on new threads: ${JSON.stringify(runs)}`);
      assert.equal(runs.filter(([x]) => x === "3").length, 1, "a timed-out element is not run again");
      source.destroy();
    } finally {
      remove();
    }
  });

  it("without onError, the emitter of the hung element gets the TimeoutError and the next element flows", { timeout: 60_000 }, async (t) => {
    const { dir, remove } = tempDir("deadline");
    try {
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const out = source.scatter({ threads: 1, timeoutMs: 300 }).map(hangs, { args: { log: join(dir, "runs") } }).gather().sinkToList();
      await source.emit(1);
      await assert.rejects(Promise.resolve(source.emit(3)), /map\(hangs\) failed on element 3: TimeoutError/);
      await source.emit(4);
      assert.deepEqual(out, [10, 40]);
      source.destroy();
    } finally {
      remove();
    }
  });

  it("has a default deadline of one minute, and Infinity turns it off", () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 60_000);
    assert.throws(() => new Stream<number>().scatter({ timeoutMs: 0 }), /timeoutMs must be/);
    assert.doesNotThrow(() => new Stream<number>().scatter({ timeoutMs: Infinity }).destroy());
  });
});
