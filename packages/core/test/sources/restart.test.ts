import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { fromPeriodic, fromTcp, VirtualScheduler } from "../../src/index";
import { collect } from "./helpers";

function sendLine(port: number, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect(port, "127.0.0.1", () => s.end(line + "\n", () => resolve()));
    s.on("error", reject);
  });
}

test("a source restarted right after stop() (same port) runs again once the old run has released it", { timeout: 20_000 }, async (t) => {
  const first = fromTcp(0);
  first.start();
  const port = await first.listening;
  first.stop();
  first.destroy();
  await first.finished;

  const src = fromTcp(port);
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  assert.equal(await src.listening, port);
  await sendLine(port, "one");
  await out.until(1);
  src.stop();
  src.start(); // before the first run has finished closing the port
  assert.equal(await src.listening, port);
  assert.equal(src.running, true);
  await sendLine(port, "two");
  await out.until(2);
  assert.deepEqual(out.items, ["one", "two"]);
  assert.equal(src.running, true);
});

test("stop() then start() at once leaves exactly one run loop going", { timeout: 20_000 }, async () => {
  const clock = new VirtualScheduler();
  let n = 0;
  const ticks = fromPeriodic(() => ++n, 100, { scheduler: clock });
  const out = ticks.sinkToList();
  ticks.start(); // emits 1 at once, then every 100 ms
  await clock.advance(100);
  assert.deepEqual(out, [1, 2]);
  ticks.stop();
  ticks.start(); // the first loop has not noticed the stop yet
  await clock.advance(1000);
  assert.equal(ticks.running, true);
  assert.equal(out.length, 2 + 1 + 10, `one tick at restart, then one per 100 ms: ${out.join(",")}`);
  ticks.stop();
  await ticks.finished;
  assert.equal(ticks.running, false);
});
