/**
 * Interrupts through a real client (test/py/interrupt_checks.py): synchronous code before and after an
 * `await`, inside a function the cell awaits (also interrupted while that function still awaited, so
 * that its loop would start after the interrupt), a cell waiting on a promise that never settles, and an
 * async loop emitting into a stream; by SIGINT to the process group (jupyter_client's way), by SIGINT
 * to the process alone, and by `interrupt_request` on control. Each must end the cell as a
 * KeyboardInterrupt, return the kernel to idle within a second, and leave its state intact.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

const CASES = [
  "sync_start_signal",
  "printed_then_blocked",
  "after_await_signal",
  "after_await_message",
  "nested_function_signal",
  "nested_function_early",
  "awaiting_pid",
  "awaiting_message",
  "async_loop_signal",
];

describe("interrupts through jupyter_client", () => {
  const checks = scriptFacts("interrupt_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  for (const name of CASES) {
    it(`stops the cell: ${name.replace(/_/g, " ")}`, () => {
      const f = facts()[name];
      assert.equal(f.status, "error");
      assert.equal(f.ename, "KeyboardInterrupt");
      // The bound: back to idle within one second of the interrupt.
      assert.ok(f.seconds <= 1, `idle ${f.seconds} s after the interrupt`);
      assert.deepEqual(f.next, ["42"], "the next cell runs, with the kernel's state intact");
      if (name.endsWith("message")) assert.equal(f.control_reply, "ok");
    });
  }

  it("stops an interrupted async loop from emitting", () => {
    const { first, after_1_5_s } = facts().async_loop_emitted;
    assert.equal(first.length, 1);
    assert.deepEqual(after_1_5_s, first, "no element emitted after the interrupt");
  });

  it("is still alive", () => {
    assert.equal(facts().alive, true);
    assert.equal(facts().shutdown_exception, undefined);
  });
});
