/**
 * The kernel-side widget models on a fake kernel bridge, in virtual time: what goes on the wire, when,
 * and how much. (The real comm manager carries them in the kernel's own tests.)
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { Stream, VirtualScheduler } from "@streamz-ts/core";
import { DISPLAY, WIDGET_VIEW_MIME } from "@streamz-ts/protocol";
import { liveModels, prepareSpec, updateStates } from "../src";
import { FakeKernel, type Sent } from "./fake-kernel";

let kernel: FakeKernel;
let sent: Sent[];
let clock: VirtualScheduler;

beforeEach(() => {
  kernel = new FakeKernel();
  sent = kernel.sent;
  clock = new VirtualScheduler();
});
afterEach(() => {
  for (const m of [...liveModels().values()]) m.close();
  kernel.uninstall();
});

const updates = (id: string) => sent.filter((s) => s.type === "comm_msg" && s.content.comm_id === id && s.content.data.method === "update");
const rowsOf = (b: Uint8Array) =>
  tableFromIPC(b)
    .toArray()
    .map((r) => ({ ...r.toJSON() }));

describe("StreamOutput", () => {
  it("opens one comm, then sends the latest value at most every 500 ms", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const bundle = s[DISPLAY]();
    const opens = sent.filter((m) => m.type === "comm_open");
    assert.equal(opens.length, 1);
    const id = opens[0]!.content.comm_id as string;
    assert.deepEqual(bundle[WIDGET_VIEW_MIME], { model_id: id, version_major: 2, version_minor: 1 });
    assert.equal(opens[0]!.content.data.state._model_name, "StreamOutputModel");

    for (let i = 1; i <= 1000; i++) s.emit(i);
    await clock.advance(499);
    assert.equal(updates(id).length, 0, "nothing before 500 ms");
    await clock.advance(1);
    assert.deepEqual(
      updates(id).map((u) => u.content.data.state),
      [{ count: 1000, text: "1000", html: null, error: null, child: null }],
    );
    await clock.advance(5000);
    assert.equal(updates(id).length, 1, "no update without a new value");
    s.emit(7);
    await clock.advance(0);
    assert.equal(updates(id).at(-1)!.content.data.state.text, "7", "an idle widget sends the next value at once");
  });

  it("holds its update while its last message waits in the send queue, then sends only the newest state", async () => {
    const s = new Stream<number>({ scheduler: clock });
    s[DISPLAY]();
    const id = sent.find((m) => m.type === "comm_open")!.content.comm_id as string;
    kernel.handed = 0; // a slow client: nothing leaves the kernel's queue
    for (let i = 1; i <= 10; i++) {
      s.emit(i);
      await clock.advance(500);
    }
    assert.equal(updates(id).length, 0, "no update queued behind the waiting comm_open");
    kernel.handed = Infinity;
    s.emit(11);
    await clock.advance(100);
    assert.deepEqual(
      updates(id).map((u) => u.content.data.state.text),
      ["11"],
      "one update, with the newest value",
    );
  });

  it("never sends two updates closer than the interval, under a steady stream", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const w = s.output({ interval: 200 });
    const times: number[] = [];
    const before = sent.length;
    for (let t = 0; t < 3000; t += 10) {
      s.emit(t);
      const n = sent.length;
      await clock.advance(10);
      if (sent.length > n) times.push(clock.now());
    }
    assert.ok(updates(w.id).length >= 10 && updates(w.id).length <= 16, `${updates(w.id).length} updates in 3 s at 200 ms`);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 200);
    assert.ok(sent.length - before === updates(w.id).length);
  });

  it("drives all dirty widgets with one timer", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const ws = Array.from({ length: 10 }, () => s.output());
    s.emit(1);
    assert.equal(clock.pendingTimers, 1);
    await clock.advance(500);
    for (const w of ws) assert.equal(updates(w.id).length, 1);
    assert.equal(clock.pendingTimers, 0, "no timer while nothing is dirty");
  });

  it("answers request_state with the full state, pauses and resumes", async () => {
    const s = new Stream<string>({ scheduler: clock });
    const w = s.output();
    s.emit("a");
    kernel.deliver(w.id, { method: "request_state" });
    assert.equal(updates(w.id).at(-1)!.content.data.state.text, "a");
    assert.equal(updates(w.id).at(-1)!.content.data.state._model_name, "StreamOutputModel");
    const n = updates(w.id).length;
    kernel.deliver(w.id, { method: "custom", content: { type: "pause" } });
    s.emit("b");
    await clock.advance(2000);
    assert.equal(updates(w.id).length, n, "paused: nothing sent");
    kernel.deliver(w.id, { method: "custom", content: { type: "resume" } });
    assert.equal(updates(w.id).at(-1)!.content.data.state.text, "b");
  });

  it("reports a value it cannot show, in the state and as a custom error message", async () => {
    const s = new Stream<object>({ scheduler: clock });
    const w = s.output();
    s.emit({
      [Symbol.for("nodejs.util.inspect.custom")]: () => {
        throw new Error("no text form");
      },
    });
    await clock.advance(500);
    const msgs = sent.filter((m) => m.type === "comm_msg" && m.content.comm_id === w.id).map((m) => m.content.data);
    assert.deepEqual(msgs[0], { method: "custom", content: { type: "error", message: "cannot show the value: no text form" } });
    assert.equal(msgs[1].state.error, "cannot show the value: no text form");
    s.emit({ fine: true });
    await clock.advance(500);
    assert.equal(updates(w.id).at(-1)!.content.data.state.error, null);
  });

  it("detaches from the stream when the frontend closes the comm", () => {
    const s = new Stream<number>({ scheduler: clock });
    const w = s.output();
    assert.equal(s.downstreams.length, 1);
    kernel.closeFromFrontend(w.id);
    assert.equal(s.downstreams.length, 0);
    assert.equal(liveModels().has(w.id), false);
    assert.equal(w.isClosed, true);
  });

  it("shows text outside a kernel, and widgets there fail with a clear error", () => {
    kernel.uninstall();
    const s = new Stream<number>({ name: "n" });
    assert.deepEqual(s[DISPLAY](), { "text/plain": "Stream(stream(n))" });
    assert.throws(() => s.chart({ mark: "line" }), /needs the streamz-ts Jupyter kernel/);
  });
});

describe("VegaChart", () => {
  it("says in its banner when the spec names fields the rows do not have, once per such set", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const chart = s.chart({ mark: "line", encoding: { x: { field: "t", type: "temporal" }, y: { field: "value", type: "quantitative" } } });
    const errors = () =>
      sent
        .filter((m) => m.type === "comm_msg" && m.content.comm_id === chart.id && m.content.data.method === "custom")
        .map((m) => m.content.data.content);
    s.emit(1);
    await clock.advance(500);
    s.emit(2);
    await clock.advance(500);
    assert.deepEqual(errors(), [
      { type: "error", message: `the chart's spec names "t", which the rows do not have (their fields: index, value)` },
    ]);
    const ok = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const good = ok.chart({
      mark: "line",
      encoding: { x: { field: "t" }, y: { field: "ratio" } },
      transform: [{ calculate: "datum.y / 2", as: "ratio" }],
    });
    ok.emit({ t: 1, y: 2 });
    await clock.advance(500);
    assert.equal(
      sent.filter((m) => m.type === "comm_msg" && m.content.comm_id === good.id && m.content.data.method === "custom").length,
      0,
      "fields made by a transform count",
    );
  });

  it("sends only the rows since the last update, in Arrow, and keeps a bounded backlog", async () => {
    const s = new Stream<{ x: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "point" }, { backlog: 1000 });
    for (let i = 0; i < 1500; i++) s.emit({ x: i });
    await clock.advance(500);
    for (let i = 1500; i < 1503; i++) s.emit({ x: i });
    await clock.advance(500);
    const [first, second] = updates(chart.id);
    assert.equal(first!.content.data.state.rows_mode, "replace", "more new rows than the backlog: the backlog");
    assert.equal(rowsOf(first!.buffers[0]!).length, 1000);
    assert.deepEqual(second!.content.data.state.rows_mode, "append");
    assert.deepEqual(rowsOf(second!.buffers[0]!), [{ x: 1500 }, { x: 1501 }, { x: 1502 }]);
    assert.equal(second!.content.data.state.seq, first!.content.data.state.seq + 1);
    assert.deepEqual(second!.content.data.buffer_paths, [["rows"]]);
    assert.equal(chart.rows().length, 1000);
    assert.ok(second!.buffers[0]!.length < first!.buffers[0]!.length / 5, "bytes grow with new rows, not the backlog");
  });

  it("turns plain values into {index, value} rows and checks its spec", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const chart = s.chart({ mark: "line" });
    s.emit(3.5);
    s.emit(4.5);
    await clock.advance(500);
    assert.deepEqual(rowsOf(updates(chart.id)[0]!.buffers[0]!), [
      { index: 0, value: 3.5 },
      { index: 1, value: 4.5 },
    ]);
    assert.throws(() => prepareSpec(null), /spec must be a Vega-Lite spec object/);
    assert.throws(() => prepareSpec({ data: { values: [] } }), /spec.data must be absent/);
    assert.throws(() => s.chart({}, { backlog: 0 }), /integer >= 1/);
    assert.throws(() => s.output({ interval: -1 }), /interval must be/);
  });

  it("is in the control channel's update_states, with its rows as a buffer at the right path", () => {
    const s = new Stream<{ y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "line" }, { backlog: 2 });
    s.emit({ y: 1 });
    s.emit({ y: 2 });
    s.emit({ y: 3 });
    const { message, buffers } = updateStates();
    assert.deepEqual(message.buffer_paths, [[chart.id, "state", "rows"]]);
    assert.equal(message.states[chart.id]!.model_name, "VegaChartModel");
    assert.deepEqual(rowsOf(Buffer.from(buffers[0]!.buffer, buffers[0]!.byteOffset, buffers[0]!.byteLength)), [{ y: 2 }, { y: 3 }]);
  });
});

describe("LiveTable", () => {
  it("replaces its content with each frame and appends single rows", async () => {
    const s = new Stream<unknown>({ scheduler: clock });
    const table = s.table({ rows: 3 });
    s.emit([{ a: 1 }, { a: 2 }]);
    await clock.advance(500);
    s.emit({ a: 3, b: "x" });
    await clock.advance(500);
    const [u1, u2] = updates(table.id);
    assert.equal(u1!.content.data.state.rows_mode, "replace");
    assert.deepEqual(u1!.content.data.state.columns, ["a"]);
    assert.equal(u2!.content.data.state.rows_mode, "append");
    assert.deepEqual(u2!.content.data.state.columns, ["a", "b"]);
    assert.deepEqual(rowsOf(u2!.buffers[0]!), [{ a: 3, b: "x" }]);
    assert.deepEqual(table.rows(), [{ a: 1 }, { a: 2 }, { a: 3, b: "x" }]);
  });
});
