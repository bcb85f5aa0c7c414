/**
 * Every ```ts block of the README runs, in order, in one streamz-ts kernel (test/py/readme_blocks.py),
 * and does what the README says it does. A block added to the README is run here without a change to
 * this file; a block whose result the README states gets a check in the script's CHECKS and here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scriptFacts } from "./support";

interface Block {
  code: string;
  status: string;
  evalue: string | null;
  stdout: string;
  /** Everything the block's cell printed, also after it ended. */
  stdout_all: string;
  views: string[];
  check?: string[];
}

describe("the README's code blocks", () => {
  const checks = scriptFacts("readme_blocks.py");
  const blocks = (): Block[] => checks.facts().blocks;
  const block = (text: string): Block => {
    const found = blocks().find((b) => b.code.includes(text));
    assert.ok(found, `a block with "${text}"`);
    return found;
  };
  const withCheck = (check: string): Block => {
    const found = blocks().filter((b) => b.check !== undefined);
    const b = found.find((x) => x.check!.length > 0 && x.check![0] === check);
    assert.ok(b, `a block whose check gave ${check}; checks: ${JSON.stringify(found.map((x) => x.check))}`);
    return b;
  };

  it("all run without an error", () => {
    assert.ok(blocks().length >= 9, `${blocks().length} blocks`);
    for (const b of blocks()) assert.equal(b.status, "ok", `${b.code}\n${b.evalue}`);
  });

  it("the opening example: seen is [2, 6, 14], then [2, 6, 14, 24]", () => {
    assert.match(block("const seen = total.sinkToList();").code, /seen; \/\/ \[2, 6, 14\]/);
    withCheck(`'[2,6,14,24]'`);
  });

  it("the tour's own stream counts up to 5050 in its live output", () => {
    const shown = blocks().find((b) => b.views.length === 1 && b.code.includes("total // the last value of a cell"));
    assert.ok(shown, "a block whose last value shows as a live view");
    assert.equal(checks.facts().view_text[shown.views[0]!], "5050");
  });

  it("the tour's scatter: squares 0, 1, 4, ..., 81, in order", () => {
    withCheck(`'[0,1,4,9,16,25,36,49,64,81]'`);
  });

  it("the back-pressure loop writes every element", () => {
    withCheck(`'[1,2,3]'`);
  });

  it("the virtual clock: windows is [[1]]", () => {
    withCheck(`'[[1]]'`);
  });

  it("the tour's controls: a slider's value filters a stream, 19 readings above 0.8", () => {
    withCheck(`'[19,0.81,0.8]'`);
    assert.equal(block("kept holds the 19 above 0.8").views.length, 1, "the box of the slider and the live graph");
  });

  it("a registered operator works as a method", () => {
    withCheck("42");
  });

  it("the data frame example prints the running sum of positive x (1 + 3 = 4) and the group means", () => {
    const b = block("StreamingDataFrame");
    assert.match(b.stdout, /\b4\b/);
    assert.match(b.stdout, /-2/, "b's mean");
  });

  it("the keyed scatter: one running total per user, in emission order", () => {
    withCheck(`'[5,1,7,11]'`);
  });

  it("the scatter example prints all 100 results", () => {
    // It leaves up to 16 in flight when its cell ends: those print while the next blocks run, and the
    // kernel gives a print to the cell running at that moment. The blocks after it print no bare numbers.
    const all = blocks();
    const from = all.indexOf(block("{ args: { rounds: 100_000 } }"));
    const printed = all.slice(from).flatMap((b) => b.stdout_all.split("\n").filter((l) => /^\d+$/.test(l)));
    assert.equal(printed.length, 100, printed.join(" "));
  });
});
