/**
 * A view whose stream fails where no caller can receive it (a source's timer running a map that
 * throws) says so in its banner: the count and the latest failure, the first at once, then at most one
 * message per update interval; and nothing more once the view is closed. In virtual time, on the
 * kernel's real comm manager.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, it } from "node:test";
import { fromPeriodic, VirtualScheduler } from "@streamz-ts/core";
import { DISPLAY, KERNEL_BRIDGE } from "@streamz-ts/protocol";
import { liveModels } from "@streamz-ts/widgets";
import { CommManager } from "../src/comms";

let sent: { type: string; content: Record<string, any> }[];
let clock: VirtualScheduler;
const quiet = console.error;

beforeEach(() => {
  sent = [];
  (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = new CommManager(
    (type, content) => sent.push({ type, content }),
    () => Infinity,
  );
  clock = new VirtualScheduler();
  console.error = () => undefined; // the same failures also go to stderr, one line a second
});
afterEach(() => {
  console.error = quiet;
  for (const m of [...liveModels().values()]) m.close();
  delete (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE];
});

const banners = (): string[] =>
  sent
    .filter((m) => m.type === "comm_msg" && m.content.data.method === "custom" && m.content.data.content.type === "error")
    .map((m) => m.content.data.content.message);

it("shows how many failures upstream and the latest, the first at once, then once per interval", async () => {
  const ticks = fromPeriodic(() => 1, 10, { scheduler: clock });
  const parsed = ticks.map(function explode(): number {
    throw new Error("boom");
  });
  parsed[DISPLAY]();
  ticks.start();
  await clock.advance(5);
  await clock.advance(10);
  assert.deepEqual(banners(), ["1 failure upstream · latest: StreamError: map(explode) failed on element 1: Error: boom"]);
  await clock.advance(1000);
  const shown = banners();
  assert.ok(shown.length >= 2 && shown.length <= 4, shown.join("\n"));
  assert.match(shown.at(-1)!, /^\d+ failures upstream · latest: StreamError: map\(explode\)/);
  for (const m of [...liveModels().values()]) m.close();
  const before = banners().length;
  await clock.advance(1000);
  ticks.stop();
  assert.equal(banners().length, before, "nothing after the view closed");
});
