import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream, StreamError } from "@streamz-ts/core";
import "../src/index";
import { linesOf, tempDir } from "./helpers";

/** Every tenth result is a function, which cannot be sent back; every run is logged. */
function sometimesAFunction(x: number, a: { log: string }): unknown {
  require("node:fs").appendFileSync(a.log, `${x}\n`);
  return x % 10 === 7 ? () => x : x + 1;
}

describe("a result that cannot be sent back from a worker thread", () => {
  it("fails its own element only, with the real reason, and the function runs once per element", { timeout: 60_000 }, async (t) => {
    const { dir, remove } = tempDir("unclonable");
    try {
      const log = join(dir, "runs");
      const source = new Stream<number>();
      t.after(() => source.destroy());
      const out = source.scatter({ threads: 2 }).map(sometimesAFunction, { args: { log } }).gather().sinkToList();
      const xs = Array.from({ length: 40 }, (_, i) => i);
      const emits = xs.map((x) => Promise.resolve(source.emit(x))); // one burst: batches of several elements
      const settled = await Promise.allSettled(emits);
      const failed = xs.filter((_, i) => settled[i]!.status === "rejected");
      assert.deepEqual(failed, [7, 17, 27, 37]);
      for (const s of settled) {
        if (s.status !== "rejected") continue;
        assert.ok(s.reason instanceof StreamError);
        assert.match(s.reason.message, /map\(sometimesAFunction\) failed on element \d+: DataCloneError: \(\) => x could not be cloned/);
      }
      assert.deepEqual(out, xs.filter((x) => x % 10 !== 7).map((x) => x + 1));
      assert.deepEqual(linesOf(log).map(Number).sort((a, b) => a - b), xs, "each element ran exactly once");
      source.destroy();
    } finally {
      remove();
    }
  });
});
