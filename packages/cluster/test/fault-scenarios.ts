/**
 * The fault scenarios that both backends must pass, written once: worker threads
 * (`deadlines.test.ts`, `unclonable.test.ts`) and Redis (`redis-deadlines.test.ts`) run them with their
 * own `scatter` options and add their backend's own checks on what the runs logged.
 */
import assert from "node:assert/strict";
import { Stream, StreamError } from "@streamz-ts/core";
import "../src/index";
import { collect, linesOf } from "./helpers";

type ScatterOptions = NonNullable<Parameters<Stream<number>["scatter"]>[0]>;

/**
 * Element 3 never returns (a synchronous loop), element 6 returns a promise that never settles. Every
 * run appends `x pid threadId` to a log, so a test sees which process and thread ran what, how often.
 */
export function hangs(x: number, a: { log: string }): unknown {
  const fs = require("node:fs");
  const { threadId } = require("node:worker_threads");
  fs.appendFileSync(a.log, `${x} ${process.pid} ${threadId}\n`);
  if (x === 3) for (;;);
  if (x === 6) return new Promise(() => undefined);
  return x * 10;
}

/** Every tenth result is a function, which cannot be sent back; every run is logged. */
export function sometimesAFunction(x: number, a: { log: string }): unknown {
  require("node:fs").appendFileSync(a.log, `${x}\n`);
  return x % 10 === 7 ? () => x : x + 1;
}

/**
 * 20 elements through `hangs` under `onError()`: 3 and 6 fail with a TimeoutError naming the operator,
 * the element and the deadline, the 18 others arrive in order, none twice; the thread that hung runs
 * nothing afterwards and no timed-out element runs again. Returns the logged runs (`[x, pid, thread]`).
 */
export async function expectDeadlines(
  scatter: ScatterOptions & { timeoutMs: number },
  log: string,
  onEnd: (f: () => void) => void,
): Promise<string[][]> {
  const source = new Stream<number>();
  onEnd(() => source.destroy());
  const errors = collect(source.onError());
  const out = collect(source.scatter(scatter).map(hangs, { args: { log } }).buffer(4).gather());
  const xs = Array.from({ length: 20 }, (_, i) => i);
  for (const x of xs) await source.emit(x);
  await out.reached(18);
  await errors.reached(2);
  assert.deepEqual(
    out.list,
    xs.filter((x) => x !== 3 && x !== 6).map((x) => x * 10),
    "none lost, none duplicated, in order",
  );
  assert.deepEqual(
    errors.list.map((e) => e.element),
    [3, 6],
  );
  for (const e of errors.list) {
    assert.match(
      e.error.message,
      new RegExp(`^map\\(hangs\\) failed on element ${e.element as number}: TimeoutError: .*${scatter.timeoutMs} ms`),
    );
  }
  const runs = linesOf(log).map((l) => l.split(" "));
  const hung = new Set(runs.filter(([x]) => x === "3" || x === "6").map(([, , t]) => t));
  assert.ok(
    runs.slice(-4).every(([, , t]) => !hung.has(t)),
    `later elements ran on new threads: ${JSON.stringify(runs)}`,
  );
  assert.equal(runs.filter(([x]) => x === "3").length, 1, "a timed-out element is not run again");
  return runs;
}

/**
 * 40 elements in one burst (batches of several) through `sometimesAFunction`: exactly 7, 17, 27 and 37
 * fail, each with the real reason, the others arrive, and the function ran once per element.
 */
export async function expectUnclonableFailsAlone(scatter: ScatterOptions, log: string, onEnd: (f: () => void) => void): Promise<void> {
  const source = new Stream<number>();
  onEnd(() => source.destroy());
  const out = source.scatter(scatter).map(sometimesAFunction, { args: { log } }).gather().sinkToList();
  const xs = Array.from({ length: 40 }, (_, i) => i);
  const settled = await Promise.allSettled(xs.map((x) => Promise.resolve(source.emit(x))));
  assert.deepEqual(
    xs.filter((_, i) => settled[i]!.status === "rejected"),
    [7, 17, 27, 37],
  );
  for (const s of settled) {
    if (s.status !== "rejected") continue;
    assert.ok(s.reason instanceof StreamError);
    assert.match(s.reason.message, /map\(sometimesAFunction\) failed on element \d+: DataCloneError: \(\) => x could not be cloned/);
  }
  assert.deepEqual(
    out,
    xs.filter((x) => x % 10 !== 7).map((x) => x + 1),
  );
  assert.deepEqual(
    linesOf(log)
      .map(Number)
      .sort((a, b) => a - b),
    xs,
    "each element ran exactly once",
  );
}
