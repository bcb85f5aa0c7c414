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

it("really runs every check it configures: only the pager and clear_output are skipped", () => {
  assert.match(run.stderr, /^Ran 12 tests in /m);
  assert.match(run.stderr, /^OK \(skipped=2\)$/m, "history (tail, range, search) and all the rest ran");
  for (const t of ["test_pager", "test_clear_output"]) assert.match(run.stderr, new RegExp(`^${t} .*skipped`, "m"));
});
