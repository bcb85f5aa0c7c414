import { join } from "node:path";
import { describe, it } from "node:test";
import { expectUnclonableFailsAlone } from "./fault-scenarios";
import { tempDir } from "./helpers";

describe("a result that cannot be sent back from a worker thread", () => {
  it("fails its own element only, with the real reason, and the function runs once per element", { timeout: 60_000 }, async (t) => {
    const { dir, remove } = tempDir("unclonable");
    try {
      await expectUnclonableFailsAlone({ threads: 2 }, join(dir, "runs"), (f) => t.after(f));
    } finally {
      remove();
    }
  });
});
