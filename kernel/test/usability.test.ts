/**
 * What a notebook user meets first, through a real client (test/py/usability_checks.py): views with no
 * import of `@streamz-ts/widgets`, a failing map reported with its StreamError line first, and a source
 * whose map fails 300 times printing a few short lines, not 60 lines of object dump per failure.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

describe("a notebook user's first cells", () => {
  const checks = scriptFacts("usability_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  for (const view of ["chart", "table", "output", "display"]) {
    it(`shows ${view === "display" ? "display(stream)" : `stream.${view}()`} live with no import`, () => {
      assert.equal(facts()[view].status, "ok", facts()[view].evalue);
      assert.equal(facts()[view].views, 1);
    });
  }

  it("reports a failing map with its StreamError line first", () => {
    const f = facts().sync_failure;
    assert.equal(f.status, "error");
    assert.match(f.traceback[0], /^StreamError: map\(explode\) failed on element 3: Error: bad 3$/);
    assert.ok(!f.traceback.some((l: string) => /throw error;|^\s*\^/.test(l)), f.traceback.join("\n"));
  });

  it("prints a failing source's failures as a few one-line messages", () => {
    const lines = facts()
      .detached.stderr.split("\n")
      .filter((l: string) => l !== "");
    assert.equal(facts().detached.status, "ok");
    assert.equal(lines[0], "StreamError: map(explode2) failed on element 1: Error: boom");
    assert.ok(lines.length >= 2 && lines.length <= 5, `${lines.length} lines for 320 failures:\n${lines.join("\n")}`);
    // One line a second, and one saying how many more there were in that second.
    const ok = (l: string): boolean => l === lines[0] || /^\.\.\. and \d+ more failures? of map\(explode2\) in the last second$/.test(l);
    assert.ok(lines.every(ok), lines.join("\n"));
  });
});
