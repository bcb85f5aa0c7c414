/**
 * `scatter().inFlight`, what `graph()` shows on a scatter node: the elements on its pool, waiting for a
 * worker or running, read from the pool when asked. Real worker threads; the shipped function holds its
 * worker until the test opens a gate (a file), so the count is read while nothing can finish.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { ScatterNode } from "../src/index";
import { collect, tempDir } from "./helpers";

/** Holds its worker until the file `a.gate` exists, then returns `x`. */
function heldUntilGate(x: number, a: { gate: string }): number {
  const fs = require("node:fs");
  const nap = new Int32Array(new SharedArrayBuffer(4));
  while (!fs.existsSync(a.gate)) Atomics.wait(nap, 0, 0, 2);
  return x;
}

describe("scatter in flight", () => {
  it("counts the elements on the pool while workers are held, and none once they are back", async (t) => {
    const { dir, remove } = tempDir("in-flight");
    t.after(remove);
    const gate = join(dir, "open");
    const source = new Stream<number>();
    t.after(() => source.destroy());
    const scatter = source.scatter({ threads: 2 });
    assert.ok(scatter instanceof ScatterNode);
    const out = collect(scatter.map(heldUntilGate, { args: { gate } }).buffer(16).gather());
    assert.equal(scatter.inFlight, 0, "nothing sent yet");
    for (let i = 0; i < 10; i++) void source.emit(i); // the buffer takes all ten at once
    await new Promise(setImmediate); // each element is submitted one promise step after its emit
    assert.equal(scatter.inFlight, 10, "every element is on the pool, none can finish");
    writeFileSync(gate, "");
    await out.reached(10);
    assert.deepEqual(out.list, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(scatter.inFlight, 0, "all back");
  });
});
