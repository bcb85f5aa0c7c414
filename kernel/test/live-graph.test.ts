/**
 * `stream.graph()` on the kernel's real comm manager, in virtual time: the graph drawn with each node's
 * counts, updated while the stream runs; counting only while the graph is shown.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { dotToSvg, Stream, VirtualScheduler } from "@streamz-ts/core";
import { KERNEL_BRIDGE } from "@streamz-ts/protocol";
import { liveModels } from "@streamz-ts/widgets";
import { CommManager } from "../src/comms";

let sent: { type: string; content: Record<string, any> }[];
let clock: VirtualScheduler;

beforeEach(async () => {
  sent = [];
  const comms = new CommManager(
    (type, content) => sent.push({ type, content }),
    () => Infinity,
  );
  (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = comms;
  clock = new VirtualScheduler();
  await dotToSvg("digraph { a }"); // Graphviz loads once; later drawings finish within a turn
});
afterEach(() => {
  for (const m of [...liveModels().values()]) m.close();
  delete (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE];
});

/** The latest text/html the view was sent. */
const lastHtml = (): string =>
  sent.filter((m) => m.type === "comm_msg" && m.content.data.state?.html).at(-1)?.content.data.state.html ?? "";
/** Lets drawings that started finish, then moves the clock. */
async function advance(ms: number): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await clock.advance(ms);
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

describe("live graph", () => {
  it("draws each node with its counts, the rate and the failures, updated as the stream runs", async () => {
    const source = new Stream<number>({ name: "numbers", scheduler: clock });
    const evens = source.filter((x) => x % 2 === 0).label("evens");
    evens
      .map((x) => {
        if (x === 10) throw new Error("ten");
        return x;
      })
      .label("picky")
      .onError();
    source.graph();
    for (let i = 0; i < 100; i++) source.emit(i);
    await advance(500);
    await advance(500);
    const html = lastHtml();
    assert.match(html, /<svg/);
    assert.match(html, /stream\(numbers\)/);
    assert.match(html, /100 out/, "the source sent 100");
    assert.match(html, /filter\(evens\)/);
    assert.match(html, /100 in · 50 out/, "the filter let half through");
    assert.match(html, /1 failed/, "the map failed once");
    const opened = sent.find((m) => m.type === "comm_open")?.content.data.state;
    assert.equal(opened?.count_shown, false, "the caption names the graph without counting its drawings");
  });

  it("shows what a node holds: a timedWindow's open window, a zip's unmatched elements", async () => {
    const source = new Stream<number>({ name: "numbers", scheduler: clock });
    source.timedWindow(5000).sinkToList();
    source.zip(new Stream<number>({ name: "never", scheduler: clock })).sinkToList();
    source.graph();
    for (let i = 0; i < 7; i++) source.emit(i);
    await advance(500);
    await advance(500);
    const html = lastHtml();
    assert.match(html, /timedWindow\(5000ms\)[\s\S]*?7 waiting/, "the open window holds 7");
    assert.match(html, /zip[\s\S]*?7 waiting/, "zip holds 7 without partners");
  });

  it("counts only while shown: nothing is added to the nodes before, and it is taken away when the view closes", async () => {
    const source = new Stream<number>({ scheduler: clock });
    const doubled = source.map((x) => 2 * x);
    doubled.sinkToList();
    const own = Object.getPrototypeOf(doubled) as object;
    const update = doubled.update;
    const view = source.graph();
    assert.notEqual(Object.getPrototypeOf(doubled), own, "counting while shown");
    assert.notEqual(doubled.update, update);
    const second = source.graph();
    view.close();
    await advance(500);
    assert.notEqual(Object.getPrototypeOf(doubled), own, "the second graph still counts");
    second.close();
    await advance(500);
    assert.equal(Object.getPrototypeOf(doubled), own, "counting stopped with the last view");
    assert.equal(doubled.update, update);
    assert.equal(Object.hasOwn(doubled, "update"), false);
  });

  it("counts a branch connected after the graph was shown, from the next drawing on", async () => {
    const source = new Stream<number>({ name: "numbers", scheduler: clock });
    source.map((x) => x + 1).sinkToList();
    source.graph();
    for (let i = 0; i < 10; i++) source.emit(i);
    await advance(500);
    // A later cell adds a branch to the graph already shown.
    const big = source.filter((x) => x >= 100).label("big");
    const kept = big.sinkToList();
    await advance(500); // the next drawing takes the branch in
    for (let i = 95; i < 105; i++) source.emit(i);
    await advance(500);
    await advance(500);
    const html = lastHtml();
    assert.equal(kept.length, 5);
    assert.match(html, /filter\(big\)[\s\S]*?10 in · 5 out/, "the later branch counted since it was taken in");
    assert.match(html, /stream\(numbers\)[\s\S]*?20 out/, "the source's count unchanged by it");
  });
});
