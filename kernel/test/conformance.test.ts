/**
 * The Jupyter community's kernel conformance suite (jupyter_kernel_test, from Debian) against the
 * streamz-ts kernel. The Python test class is test/py/test_conformance.py.
 */
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { runPython, tempKernelspec, type PyRun } from "./support";

let spec: ReturnType<typeof tempKernelspec>;
let run: PyRun;

before(async () => {
  spec = tempKernelspec();
  run = await runPython(["-m", "unittest", "-v", "test_conformance"], spec.env);
});
after(() => spec.dispose());

it("passes jupyter_kernel_test", () => {
  assert.equal(run.code, 0, run.stderr.slice(-6000));
  assert.match(run.stderr, /\nOK/);
});

it("really runs the conformance checks it configures (not skips)", () => {
  const passed = [...run.stderr.matchAll(/^(test_\w+) .*\.\.\. ok$/gm)].map((m) => m[1]);
  for (const t of ["test_kernel_info", "test_execute_stdout", "test_execute_stderr", "test_completion", "test_is_complete", "test_error", "test_execute_result", "test_display_data", "test_inspect"]) {
    assert.ok(passed.includes(t), `${t} passed (passed: ${passed.join(", ")})`);
  }
});
