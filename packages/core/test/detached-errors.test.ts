import assert from "node:assert/strict";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, it } from "node:test";
import { fromPeriodic, Stream, StreamError, VirtualScheduler } from "../src";

describe("failures no caller can receive", () => {
  let lines: string[];
  const original = console.error;
  beforeEach(() => {
    lines = [];
    console.error = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  });
  afterEach(() => {
    console.error = original;
  });

  it("print one line each, at most one per node per second, then how many more there were", async () => {
    const clock = new VirtualScheduler();
    const src = fromPeriodic(() => 1, 10, { scheduler: clock });
    src.map(function explode(): number {
      throw new Error("boom");
    });
    src.start();
    await clock.advance(2500); // 250 ticks, each failing
    src.stop();
    assert.deepEqual(lines.slice(0, 2), [
      "StreamError: map(explode) failed on element 1: Error: boom",
      "... and 99 more failures of map(explode) in the last second",
    ]);
    assert.ok(lines.length <= 6, `${lines.length} lines for 250 failures in 2.5 s:\n${lines.join("\n")}`);
    assert.ok(
      lines.every((l) => !l.includes("\n")),
      "one line each",
    );
  });

  it("never dump the node: a StreamError prints as its message, stack and cause", () => {
    const s = new Stream<number>({ name: "numbers" });
    s.map(function explode(): number {
      throw new Error("boom");
    });
    let err: unknown;
    try {
      s.emit(3);
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof StreamError);
    const text = inspect(err);
    assert.ok(!/upstreams|scheduler|downstreams/.test(text), text);
    assert.equal(err.element, 3, "the element is still there to read");
    assert.equal(err.node.describe(), "map(explode)");
  });
});
