import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

/** Young-generation bytes allocated while 1e6 elements flow through graph `name` (see fixtures/alloc-probe). */
function probe(name: string): { bytes: number; elements: number; seen: number } {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--min-semi-space-size=128", "--max-semi-space-size=128", join(__dirname, "fixtures", "alloc-probe.js"), name],
    {
      encoding: "utf8",
    },
  );
  return JSON.parse(out) as { bytes: number; elements: number; seen: number };
}

describe("no allocation per element on the synchronous path", () => {
  it("1e6 elements through map -> filter -> accumulate -> sink allocate under 0.1 byte per element", () => {
    const r = probe("linear");
    assert.ok(r.seen > 600_000, `elements reached the sink: ${r.seen}`);
    assert.ok(r.bytes < r.elements / 10, `allocated ${r.bytes} bytes for ${r.elements} elements`);
  });
  it("a 4-way fan-out allocates nothing per element either", () => {
    const r = probe("fanout");
    assert.equal(r.seen, 4 * 1_200_000);
    assert.ok(r.bytes < r.elements / 10, `allocated ${r.bytes} bytes for ${r.elements} elements`);
  });
  it("the probe does see allocation when a function allocates per element", () => {
    const r = probe("allocating");
    assert.ok(r.bytes > 16 * r.elements, `expected >= 16 bytes per element, saw ${r.bytes / r.elements}`);
  });
});
