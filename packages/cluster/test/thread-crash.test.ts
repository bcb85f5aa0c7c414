import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";

describe("a worker thread that crashes", () => {
  it("is replaced, and its task runs again on the new thread: every element arrives once, in order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "streamz-crash-"));
    try {
      const source = new Stream<number>();
      const out = source
        .scatter({ threads: 2 })
        .map(
          (x: number, a: { dir: string; victim: number }) => {
            const fs = require("node:fs");
            const path = require("node:path");
            const { threadId } = require("node:worker_threads");
            fs.appendFileSync(path.join(a.dir, "threads"), `${threadId}\n`);
            // The first time it meets the victim, the thread dies as hard as a thread can.
            if (x === a.victim && !fs.existsSync(path.join(a.dir, "crashed"))) {
              fs.writeFileSync(path.join(a.dir, "crashed"), String(threadId));
              process.exit(1);
            }
            return x * 2;
          },
          { args: { dir, victim: 5 } },
        )
        .gather()
        .sinkToList();
      for (let i = 0; i < 10; i++) await source.emit(i);
      assert.deepEqual(out, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
      const crashed = readFileSync(join(dir, "crashed"), "utf8");
      const threads = new Set(readFileSync(join(dir, "threads"), "utf8").trim().split("\n"));
      const after = readFileSync(join(dir, "threads"), "utf8").trim().split("\n").slice(-4);
      assert.ok(!after.includes(crashed), "the dead thread ran nothing afterwards");
      assert.ok(threads.size >= 2, "a new thread took over");
      source.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("fails the element with a clear error when its thread keeps dying", async () => {
    const source = new Stream<number>();
    source
      .scatter({ threads: 1, retries: 2 })
      .map((x: number) => (x === 1 ? process.exit(3) : x))
      .gather()
      .sinkToList();
    await source.emit(0);
    await assert.rejects(Promise.resolve(source.emit(1)), /map: its worker failed 3 times/);
    source.destroy();
  });
});
