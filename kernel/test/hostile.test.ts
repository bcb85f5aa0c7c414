/**
 * Hostile and odd input through a real client (test/py/hostile_checks.py): a history search that
 * backtracks exponentially as a regular expression, a header nested 100,000 arrays deep, a 1 MB comm
 * id, and top-level names that start with `__`. Each once wedged, crashed into a cell, flooded the
 * log or failed to compile.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

describe("hostile input through jupyter_client", () => {
  const checks = scriptFacts("hostile_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  it("keeps top-level names that start with __", () => {
    assert.deepEqual(facts().dunder, { first: ["ok", "1"], later: ["ok", "2"] });
  });

  it("answers a pathological history search (linear-time glob), and still finds real matches", () => {
    assert.equal(facts().history_search.status, "ok");
    assert.deepEqual(facts().history_search.history, []);
    assert.equal(facts().history_found, 1);
  });

  it("answers a header nested 100,000 deep with an error reply, echoing nothing into a cell", () => {
    assert.equal(facts().deep_header.msg_type, "kernel_info_reply");
    assert.equal(facts().deep_header.status, "error");
    assert.equal(facts().deep_header.ename, "BadRequest");
    assert.match(facts().deep_header.evalue, /^header (nests deeper than 200 levels|is larger than 65536 bytes)$/);
    assert.deepEqual(facts().deep_content, { status: "error", evalue: "content nests deeper than 200 levels" });
    assert.equal(facts().streams_echoed, 0);
  });

  it("keeps serving, and keeps its log lines short whatever a client sends", () => {
    assert.equal(facts().alive, true);
    assert.deepEqual(facts().after, ["'after'"]);
    const longest = Math.max(
      ...checks
        .run()
        .stderr.split("\n")
        .map((l) => l.length),
    );
    assert.ok(longest < 2000, `the longest log line has ${longest} characters`);
    assert.match(checks.run().stderr, /no open comm with id x{200}\.\.\. \(999800 more characters\)/);
  });
});
