/**
 * Live updates through a real client: a displayed stream gets 10,000 values over about 3 s. The client
 * must see one comm_open, updates no closer than 500 ms apart (kernel time stamps), and the last value.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { factsOf, runPython, tempKernelspec, PY_DIR } from "./support";

let spec: ReturnType<typeof tempKernelspec>;
let facts: Record<string, any>;

before(async () => {
  spec = tempKernelspec();
  facts = factsOf(await runPython([`${PY_DIR}/live_update.py`], spec.env));
});
after(() => spec.dispose());

it("shows the stream as a live StreamOutput with one comm_open", () => {
  assert.equal(facts.display.status, "ok");
  assert.equal(facts.opens.length, 1);
  const [open] = facts.opens;
  assert.equal(open.target, "jupyter.widget");
  assert.equal(open.state._model_name, "StreamOutputModel");
  assert.equal(open.state.count, 0);
  assert.equal(facts.display.results[0]["application/vnd.jupyter.widget-view+json"].model_id, open.comm_id);
  assert.equal(facts.feed_status, "ok");
});

it("sends at most 2 updates per second", () => {
  const times: number[] = [facts.opens[0].t, ...facts.updates.map((u: { t: number }) => u.t)];
  const n = facts.updates.length;
  assert.ok(n >= 3, `updates arrived during the 3 s feed (${n})`);
  for (let i = 1; i < times.length; i++) {
    // Kernel header dates have millisecond resolution: allow that rounding, nothing more.
    assert.ok(times[i]! - times[i - 1]! >= 0.499, `messages ${i - 1} and ${i} are ${(times[i]! - times[i - 1]!).toFixed(3)} s apart`);
  }
  const span = times[times.length - 1]! - times[0]!;
  assert.ok(n <= Math.floor(span / 0.5) + 1, `${n} updates in ${span.toFixed(2)} s`);
});

it("ends with an update holding the last value", () => {
  const last = facts.updates[facts.updates.length - 1].data;
  assert.equal(last.method, "update");
  assert.equal(last.state.text, "10000");
  assert.equal(last.state.count, 10000);
  const counts = facts.updates.map((u: { data: { state: { count: number } } }) => u.data.state.count);
  assert.deepEqual(
    [...counts].sort((a, b) => a - b),
    counts,
    "counts only grow",
  );
});
