/**
 * Every notebook in notebooks/ runs top to bottom with nbclient (Debian's python3-nbclient) against the
 * streamz-ts kernel; a failing cell fails the test.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { factsOf, runPython, tempKernelspec, PY_DIR, REPO } from "./support";

const dir = join(REPO, "notebooks");
const notebooks = readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort();

describe("notebooks run headlessly against the streamz-ts kernel", () => {
  let spec: ReturnType<typeof tempKernelspec>;
  const results = new Map<string, Record<string, any>>();
  before(() => {
    spec = tempKernelspec();
  });
  after(() => spec.dispose());

  it("finds the notebooks", () => {
    assert.ok(notebooks.includes("01-map-accumulate.ipynb"), notebooks.join(", "));
  });

  for (const name of notebooks) {
    it(`runs ${name} without a failing cell`, async () => {
      const facts = factsOf(await runPython([`${PY_DIR}/run_notebook.py`, join(dir, name)], spec.env));
      results.set(name, facts);
      assert.equal(facts.ok, true, facts.error);
    });
  }

  it("01-map-accumulate shows live widgets and results", () => {
    const facts = results.get("01-map-accumulate.ipynb");
    assert.ok(facts, "the notebook ran above");
    const outputs: string[][] = facts.cells;
    assert.deepEqual(outputs[2], ["display_data", "execute_result"], "display(doubled) then total, both live outputs");
    assert.deepEqual(outputs[5], ["display_data", "execute_result"], "a table and a chart");
  });
});
