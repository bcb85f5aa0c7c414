/**
 * issue 17's "each update <= 64 KB" for summarised charts at any size: a million-point scatter's whole
 * picture (tens of thousands of occupied cells) and a wide line chart's M4 picture are larger than
 * 64 KB, so they go in pieces (protocol `SUMMARY_MESSAGE_BYTES`, `pieces_left`). Every message the
 * chart sends is measured (JSON and buffers), and the pieces, applied as a view applies them
 * (protocol `HeldRows`), hold exactly the whole picture; a wide range answer goes in pieces too.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { Stream } from "@streamz-ts/core";
import { CELL_KEY, HeldRows, SUMMARY_KEY, SUMMARY_MESSAGE_BYTES, type HeldRow, type RowsMode } from "@streamz-ts/protocol";
import { batchPieces, CellsStore, inPieces, type SummaryStore } from "../src/decimate";
import { encodeRows } from "../src/encode";
import type { VegaChart } from "../src/chart";
import { updateStates } from "../src/control";
import { uniform } from "./seeded";
import { fakeKernelPerTest, type Sent } from "./fake-kernel";

/** Bytes of a message as it leaves the kernel: its JSON content and its buffers. */
const bytesOf = (m: Sent): number => JSON.stringify(m.content).length + m.buffers.reduce((s, b) => s + b.byteLength, 0);

const decode = (b: Uint8Array | undefined): HeldRow[] =>
  b
    ? tableFromIPC(b)
        .toArray()
        .map((r) => ({ ...r.toJSON() }))
    : [];

/**
 * Plays a view: applies the chart's batches (state on open, then updates) in order, a picture's pieces
 * only once its last arrived, and returns the held rows after each whole picture and what each took.
 */
function playView(sent: Sent[], id: string): { held: HeldRows; pictures: { pieces: number; rows: number }[] } {
  const held = new HeldRows();
  const pictures: { pieces: number; rows: number }[] = [];
  let pending: HeldRow[][] = [];
  let batches: Parameters<HeldRows["apply"]>[0][] = [];
  let key: string[] = [];
  let seq = -1;
  for (const m of sent) {
    if (m.content.comm_id !== id) continue;
    const data = m.content.data as Record<string, any>;
    const state = m.type === "comm_open" ? data.state : data.method === "update" ? data.state : undefined;
    if (!state) continue;
    const paths: string[][] = data.buffer_paths ?? [];
    const buffer = (name: string) => m.buffers[paths.findIndex((p) => p[0] === name)];
    if (state.seq !== seq + 1 && state.rows_mode !== "replace") assert.fail(`batch ${state.seq} does not follow ${seq}`);
    seq = state.seq;
    key = state.key ?? key;
    const rows = decode(buffer("rows"));
    pending.push(rows);
    batches.push({ mode: state.rows_mode as RowsMode, rows, removed: decode(buffer("removed")), maxRows: Infinity, key });
    assert.equal(typeof state.pieces_left, "number", "a summarised chart's batch says how many pieces follow");
    if (state.pieces_left > 0) continue;
    for (const b of batches) held.apply(b);
    pictures.push({ pieces: batches.length, rows: pending.reduce((s, r) => s + r.length, 0) });
    batches = [];
    pending = [];
  }
  assert.equal(batches.length, 0, "the last picture is complete");
  return { held, pictures };
}

/** The chart's messages, each at most 64 KB. */
function assertSmall(sent: Sent[], id: string): void {
  for (const m of sent.filter((m) => m.content.comm_id === id)) {
    const what = m.content.data?.method ?? m.type;
    assert.ok(bytesOf(m) <= SUMMARY_MESSAGE_BYTES, `${what} of ${bytesOf(m)} bytes (seq ${m.content.data?.state?.seq})`);
  }
}

const enc = { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } };

describe("a summarised chart's messages", () => {
  const fake = fakeKernelPerTest();

  it("a million-point scatter's whole picture goes in pieces under 64 KB, and they make the whole", async () => {
    const [kernel, sent, clock] = [fake.kernel(), fake.sent(), fake.clock()];
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "circle", encoding: enc }, { backlog: 1_000_000 }) as VegaChart<unknown>;
    const store = (chart as unknown as { store: CellsStore }).store;
    assert.ok(store instanceof CellsStore);
    // a wave with noise, as the browser test draws: some 17,000 occupied cells at 800 x 300
    const next = uniform(7);
    for (let t = 0; t < 1_000_000; t++) s.emit({ t, y: 50 + 30 * Math.sin(t / 40_000) + 4 * (next() + next() + next()) });
    await clock.advance(500);
    // the view's plot is wider: the grid is cut anew for it, another whole picture
    kernel.deliver(chart.id, { method: "custom", content: { type: "view_width", width: 1600, height: 400 } });
    await clock.advance(500);
    // resume and request_state send the whole picture too
    kernel.deliver(chart.id, { method: "request_state" });
    assertSmall(sent, chart.id);
    const { held, pictures } = playView(sent, chart.id);
    const whole = pictures.filter((p) => p.rows > 10_000);
    assert.ok(whole.length >= 3, `three whole pictures: ${JSON.stringify(pictures)}`);
    assert.ok(
      whole.every((p) => p.pieces > 1),
      `each whole picture was more than 64 KB, so in pieces: ${JSON.stringify(pictures)}`,
    );
    // a state taken for the control channel (a page reloaded) carries the first piece and says more
    // follow, which never come on that channel: the view asks for the whole state (chart-pieces.ts)
    const snapshot = updateStates().message.states[chart.id]!.state;
    assert.ok((snapshot.pieces_left as number) > 0, "the control channel's state is the first piece");
    // exactly the occupied cells, each at its representative row
    const want = new Map([...store.grid.cells.values()].map((c) => [c.key, c]));
    const rows = held.rows();
    assert.equal(rows.length, want.size);
    for (const r of rows) {
      const c = want.get(r[CELL_KEY] as number);
      assert.ok(c && c.x === r.t && c.y === r.y, `cell ${String(r[CELL_KEY])}`);
    }
  });

  it("a wide line chart's M4 picture goes in pieces under 64 KB, and steady updates stay one message", async () => {
    const [kernel, sent, clock] = [fake.kernel(), fake.sent(), fake.clock()];
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "line", encoding: enc }, { backlog: 1_000_000 }) as VegaChart<unknown>;
    const store = (chart as unknown as { store: SummaryStore }).store;
    kernel.deliver(chart.id, { method: "custom", content: { type: "view_width", width: 1600, height: 300 } });
    const next = uniform(3);
    let y = 0;
    let t = 0;
    const feed = (n: number) => {
      for (let i = 0; i < n; i++) s.emit({ t: t++, y: (y += next() - 0.5) });
    };
    feed(1_000_000);
    await clock.advance(500);
    const before = sent.length;
    for (let u = 0; u < 3; u++) {
      feed(10_000);
      await clock.advance(500);
    }
    assertSmall(sent, chart.id);
    const { held, pictures } = playView(sent, chart.id);
    assert.ok(
      pictures.some((p) => p.pieces > 1),
      `the whole picture (${store.buckets.buckets.length} buckets) went in pieces: ${JSON.stringify(pictures)}`,
    );
    const steady = sent.slice(before).filter((m) => m.content.comm_id === chart.id && m.content.data?.method === "update");
    assert.ok(steady.length >= 3 && steady.every((m) => m.content.data.state.pieces_left === 0), "a steady update is one message");
    assert.equal(held.size, store.buckets.buckets.length * 4);
    assert.deepEqual(new Set(held.rows().map((r) => r[SUMMARY_KEY])), new Set(store.snapshot().map((r) => r[SUMMARY_KEY])));
  });

  it("a wide range answer goes in pieces under 64 KB, rows in x order across them", async () => {
    const [kernel, sent, clock] = [fake.kernel(), fake.sent(), fake.clock()];
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "point", encoding: enc }, { backlog: 200_000 }) as VegaChart<unknown>;
    const next = uniform(5);
    for (let t = 0; t < 200_000; t++) s.emit({ t, y: next() * 100 });
    await clock.advance(500);
    kernel.deliver(chart.id, { method: "custom", content: { type: "range", id: 3, x0: 0, x1: 150_000, width: 1600, height: 400 } });
    assertSmall(sent, chart.id);
    const replies = sent.filter((m) => m.content.comm_id === chart.id && m.content.data?.content?.type === "range_rows");
    assert.ok(replies.length > 1, `in pieces: ${replies.length}`);
    const heads = replies.map((m) => m.content.data.content);
    assert.deepEqual(
      heads.map((h) => [h.id, h.piece, h.pieces]),
      heads.map((_, i) => [3, i, replies.length]),
    );
    const xs = replies.flatMap((m) => [...(tableFromIPC(m.buffers[0]).getChild("t")!.toArray() as Float64Array)]);
    assert.equal(xs.length, heads[0].rows);
    assert.ok(
      xs.every((x, i) => i === 0 || x >= xs[i - 1]!),
      "x order across the pieces",
    );
  });
});

describe("cutting in pieces", () => {
  it("keeps every row and key once, in order, each piece within the budget", () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({ a: i, b: i * 2, k: i }));
    const removed = Array.from({ length: 3000 }, (_, i) => ({ k: 10_000 + i }));
    const enc = (r: HeldRow[]) => encodeRows(r, r.length > 0 ? Object.keys(r[0]!) : []);
    const keys = (r: HeldRow[]) => encodeRows(r, ["k"]);
    const pieces = batchPieces(rows, removed, enc, keys, 20_000);
    assert.ok(pieces.length > 2);
    for (const p of pieces) assert.ok(p.rows.byteLength + (p.removed?.byteLength ?? 0) <= 20_000);
    assert.deepEqual(
      pieces.flatMap((p) => decode(new Uint8Array(p.rows.buffer, p.rows.byteOffset, p.rows.byteLength)).map((r) => r.k)),
      rows.map((r) => r.k),
    );
    assert.deepEqual(
      pieces
        .flatMap((p) => (p.removed ? decode(new Uint8Array(p.removed.buffer, p.removed.byteOffset, p.removed.byteLength)) : []))
        .map((r) => r.k),
      removed.map((r) => r.k),
    );
    // small enough: one piece, as before
    assert.equal(batchPieces(rows.slice(0, 10), removed.slice(0, 10), enc, keys, 20_000).length, 1);
    // a single item larger than the budget is still sent (it cannot be cut)
    assert.equal(inPieces(1, () => ({ byteLength: 99 }), 10).length, 1);
  });
});
