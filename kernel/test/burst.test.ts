/**
 * Bursts through a real client (test/py/burst_checks.py): 10,000 and 100,000 printed lines, 1,000
 * queued cells, 300 views opened by one cell and flushed in one tick, 200 `request_states` at once.
 * Every message sent must arrive; before the send queue, zeromq's EBUSY lost most of them.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

describe("bursts through jupyter_client", () => {
  const checks = scriptFacts("burst_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  it("delivers every printed line, in order, coalesced into few messages", () => {
    for (const n of [10_000, 100_000]) {
      const f = facts()[`print_${n}`];
      assert.equal(f.status, "ok");
      assert.equal(f.lines, n, `${n} lines printed`);
      assert.equal(f.in_order, true);
      assert.ok(f.messages <= 64, `${n} lines came in ${f.messages} stream messages`);
    }
  });

  it("answers 1,000 queued cells, each with its result", () => {
    assert.equal(facts().queued_cells.replies, 1000);
    assert.equal(facts().queued_cells.results_right, 1000);
  });

  it("opens and shows 300 views from one cell", () => {
    assert.deepEqual(facts().views, { status: "ok", comm_open: 300, display_data: 300 });
  });

  it("brings 300 views that flush in the same tick to their last value", () => {
    assert.deepEqual(facts().flush_same_tick, { views: 300, right: 300 });
  });

  it("answers each of 200 request_states sent at once with every model", () => {
    assert.deepEqual(facts().request_states, { answers: 200, complete: 200 });
  });

  it("is still alive", () => {
    assert.equal(facts().alive, true);
    assert.equal(facts().shutdown_exception, undefined);
  });
});
