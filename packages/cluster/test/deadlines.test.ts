import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { DEFAULT_TIMEOUT_MS } from "../src/index";
import { expectDeadlines, hangs } from "./fault-scenarios";
import { tempDir } from "./helpers";

describe("task deadlines on worker threads", () => {
  it(
    "a task past its deadline fails naming the operator and the element; its thread is replaced; the rest goes on, in order",
    { timeout: 60_000 },
    async (t) => {
      const { dir, remove } = tempDir("deadline");
      try {
        await expectDeadlines({ threads: 2, timeoutMs: 400 }, join(dir, "runs"), (f) => t.after(f));
      } finally {
        remove();
      }
    },
  );

  it(
    "without onError, the emitter of the hung element gets the TimeoutError and the next element flows",
    { timeout: 60_000 },
    async (t) => {
      const { dir, remove } = tempDir("deadline");
      try {
        const source = new Stream<number>();
        t.after(() => source.destroy());
        const out = source
          .scatter({ threads: 1, timeoutMs: 300 })
          .map(hangs, { args: { log: join(dir, "runs") } })
          .gather()
          .sinkToList();
        await source.emit(1);
        await assert.rejects(Promise.resolve(source.emit(3)), /map\(hangs\) failed on element 3: TimeoutError/);
        await source.emit(4);
        assert.deepEqual(out, [10, 40]);
        source.destroy();
      } finally {
        remove();
      }
    },
  );

  it("has a default deadline of one minute, and Infinity turns it off", () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 60_000);
    assert.throws(() => new Stream<number>().scatter({ timeoutMs: 0 }), /timeoutMs must be/);
    assert.doesNotThrow(() => new Stream<number>().scatter({ timeoutMs: Infinity }).destroy());
  });
});
