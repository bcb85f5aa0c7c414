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
const notebooks = readdirSync(dir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

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

  it("01-map-accumulate's first outputs never go past the numbers its text states (later cells feed another source)", () => {
    const facts = results.get("01-map-accumulate.ipynb");
    assert.ok(facts, "the notebook ran above");
    // The client sees each view's state as of its last update during a cell; the sum shown must never
    // pass 1,001,000, nor the doubled number 2,000 (before, a later cell fed the same source: 1,251,500).
    const shown = facts.views
      .filter((v: { model: string }) => v.model === "StreamOutputModel")
      .map((v: { text: string }) => Number(v.text));
    assert.equal(shown.length, 2);
    assert.ok(shown[0] <= 2000 && shown[1] <= 1001000 && shown[1] > 0, `shown: ${shown.join(", ")}`);
  });

  it("demo is alive under Run All: its table and chart hold rows before the stop cell stops the stream", () => {
    const facts = results.get("demo.ipynb");
    assert.ok(facts, "the notebook ran above");
    for (const v of facts.views.filter((x: { model: string }) => x.model !== "StreamOutputModel")) {
      assert.ok(v.total_rows > 100, `${v.model} saw ${v.total_rows} rows`);
    }
  });
});
