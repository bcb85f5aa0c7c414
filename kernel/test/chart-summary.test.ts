/**
 * A summarised chart (issue 17) on the kernel's real comm manager, in virtual time: a large line chart
 * says it is one in its state, sends M4 points keyed by bucket (a whole summary, then the buckets that
 * changed), cuts its buckets for the width a view reports, and answers range requests with Arrow rows.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { Stream, VirtualScheduler } from "@streamz-ts/core";
import { KERNEL_BRIDGE, SUMMARY_KEY } from "@streamz-ts/protocol";
import { liveModels } from "@streamz-ts/widgets";
import { CommManager } from "../src/comms";

interface Sent {
  type: string;
  content: Record<string, any>;
  buffers: Buffer[];
}

let sent: Sent[];
let comms: CommManager;
let clock: VirtualScheduler;

beforeEach(() => {
  sent = [];
  comms = new CommManager(
    (type, content, _metadata, buffers = []) => sent.push({ type, content, buffers }),
    () => Infinity,
  );
  (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = comms;
  clock = new VirtualScheduler();
});
afterEach(() => {
  for (const m of [...liveModels().values()]) m.close();
  delete (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE];
});

const LINE = { mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } } };
const messages = (id: string, method: string) =>
  sent.filter((s) => s.type === "comm_msg" && s.content.comm_id === id && s.content.data.method === method);
const rowsOf = (b: Buffer) =>
  tableFromIPC(b)
    .toArray()
    .map((r) => ({ ...r.toJSON() }));
/** The chart's updates as whole pictures: one larger than a message comes in pieces (protocol `pieces_left`). */
const pictures = (id: string) => {
  const out: { state: Record<string, any>; rows: Record<string, any>[]; pieces: Sent[] }[] = [];
  let open: (typeof out)[number] | undefined;
  for (const m of messages(id, "update")) {
    if (!open) out.push((open = { state: m.content.data.state, rows: [], pieces: [] }));
    open.rows.push(...rowsOf(m.buffers[0]!));
    open.pieces.push(m);
    if (!(m.content.data.state.pieces_left > 0)) open = undefined;
  }
  return out;
};
const tell = (id: string, content: Record<string, unknown>) =>
  comms.handleMessage({ comm_id: id, data: { method: "custom", content } }, {}, []);

describe("summarised chart", () => {
  it("says so in its state and sends M4 points: all of them, then the buckets that changed", async () => {
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart(LINE, { backlog: 100_000 });
    const open = sent.find((m) => m.type === "comm_open")!;
    assert.deepEqual(open.content.data.state.summary, { x: "t", y: "y", backlog: 100_000 });
    assert.deepEqual(open.content.data.state.key, [SUMMARY_KEY], "summary points are keyed by bucket and slot");
    let t = 0;
    const feed = (n: number) => {
      for (let i = 0; i < n; i++, t++) s.emit({ t, y: t === 1234 ? 99 : Math.sin(t / 100) });
    };
    feed(150_000);
    await clock.advance(500);
    const [first] = pictures(chart.id);
    assert.equal(first!.state.rows_mode, "replace");
    const points = first!.rows;
    assert.ok(points.length <= 4 * 3 * 800 + 4, `at most 3 buckets a pixel of 800 px: ${points.length} points`);
    assert.deepEqual(Object.keys(points[0]!).sort(), ["_m4", "t", "y"]);
    assert.equal(Math.min(...points.map((p) => p.t)), 50_000, "the oldest kept row starts the summary");
    let kept = -Infinity;
    for (let k = 50_000; k < 150_000; k++) kept = Math.max(kept, Math.sin(k / 100));
    assert.equal(Math.max(...points.map((p) => p.y)), kept, "the spike (99) left the backlog with its row");
    feed(1000);
    await clock.advance(500);
    const second = pictures(chart.id)[1]!;
    assert.equal(second.state.rows_mode, "upsert");
    // 1,000 of 100,000 rows over at most 2,400 buckets: about 16 buckets in (and as many out)
    assert.ok(second.rows.length <= 4 * 25, "a few buckets changed");
    assert.deepEqual(second.pieces[0]!.content.data.buffer_paths, [["rows"], ["removed"]]);
  });

  it("cuts its buckets again for the width a view reports", async () => {
    const s = new Stream<number>({ scheduler: clock });
    const chart = s.chart(
      { mark: "area", encoding: { x: { field: "index", type: "quantitative" }, y: { field: "value", type: "quantitative" } } },
      { backlog: 50_000 },
    );
    for (let i = 0; i < 50_000; i++) s.emit(Math.cos(i));
    await clock.advance(500);
    tell(chart.id, { type: "view_width", width: 200 });
    await clock.advance(500);
    const update = pictures(chart.id).at(-1)!;
    assert.equal(update.state.rows_mode, "replace");
    const buckets = new Set(update.rows.map((p) => Math.floor(p._m4 / 4))).size;
    assert.ok(buckets >= 200 && buckets <= 600, `${buckets} buckets for 200 px`);
  });

  it("answers a range request with the raw rows, or their per-pixel summary; a bad one in the banner", async () => {
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart(LINE, { backlog: 20_000 });
    for (let t = 0; t < 20_000; t++) s.emit({ t, y: t % 7 });
    tell(chart.id, { type: "range", id: 3, x0: 100, x1: 199, width: 500 });
    const [reply] = messages(chart.id, "custom");
    assert.deepEqual(reply!.content.data.content, {
      type: "range_rows",
      id: 3,
      x0: 100,
      x1: 199,
      raw: true,
      rows: 102,
      rows_in_range: 102,
    });
    assert.deepEqual(rowsOf(reply!.buffers[0]!).slice(0, 2), [
      { t: 99, y: 1 },
      { t: 100, y: 2 },
    ]);
    tell(chart.id, { type: "range", id: 4, x0: 0, x1: 19_999, width: 500 });
    const wide = messages(chart.id, "custom")[1]!.content.data.content;
    assert.equal(wide.raw, false);
    assert.ok(wide.rows <= 4 * 502);
    tell(chart.id, { type: "range", id: 5, x0: 10, x1: 1 });
    assert.match(messages(chart.id, "custom")[2]!.content.data.content.message, /range request needs a numeric id, x0 <= x1 and a width/);
  });

  it("a small chart, or one asked not to, sends every row as before", () => {
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    s.chart(LINE);
    s.chart(LINE, { backlog: 1e6, summary: false });
    assert.deepEqual(
      sent.filter((m) => m.type === "comm_open").map((m) => m.content.data.state.summary),
      [null, null],
    );
    assert.throws(() => s.chart({ ...LINE, mark: "bar" }, { summary: true }), /mark is "bar", not a line, an area or points/);
  });
});
