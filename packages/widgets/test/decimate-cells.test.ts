/**
 * Point charts of millions of points, at the store: the cells summary a chart sends, applied update by
 * update as a view applies it (protocol `HeldRows`), holds exactly one row per cell occupied by the kept
 * rows (per category), cells no larger than a pixel; a steady stream's update stays small and does not
 * re-cut the grid; range answers cover every occupied pixel; a zoomed range is answered again when its
 * rows change, and not while the view is paused.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { Stream } from "@streamz-ts/core";
import { CELL_KEY, HeldRows, type HeldRow } from "@streamz-ts/protocol";
import { CellsStore, chartSummary, rangeCells, RangeWatch, XYRing } from "../src/decimate";
import { encodeRows } from "../src/encode";
import { uniform } from "./seeded";
import { fakeKernelPerTest } from "./fake-kernel";

/** What a view holds after each update of `store`. */
function follow(store: CellsStore, held: HeldRows): string | undefined {
  const b = store.changes();
  if (!b) return undefined;
  held.apply({ mode: b.op, rows: b.rows, removed: b.removed ?? [], maxRows: Infinity, key: store.key });
  return b.op;
}

const CATS = ["a", "b", "c"];

describe("cells summary", () => {
  it("held update by update, is one row per cell the kept rows occupy, per category", () => {
    const backlog = 30_000;
    const store = new CellsStore(backlog, "t", "v", new Map(), { category: "k", zeroY: true });
    store.grid.setSize(200, 100);
    const next = uniform(5);
    const kept: { t: number; v: number; k: string }[] = [];
    const held = new HeldRows();
    let t = 0;
    const ops: string[] = [];
    for (let u = 0; u < 25; u++) {
      for (let i = 0; i < 4_000; i++) {
        const k = CATS[Math.floor(next() * 3)]!;
        // a band that drifts up, with outliers now and then
        const v = 10 + t / 5000 + (next() < 0.001 ? 40 : next() * 3);
        const row = { t: t++, v, k };
        store.accept(row);
        kept.push(row);
      }
      kept.splice(0, Math.max(0, kept.length - backlog));
      ops.push(follow(store, held)!);
      const want = new Set(kept.map((r) => store.grid.keyOf(r.t, r.v, store.categoryNumber(r.k)!)));
      const rows = held.rows();
      assert.deepEqual(new Set(rows.map((r) => r[CELL_KEY])), want, `update ${u}: the occupied cells`);
      for (const r of rows) assert.equal(store.grid.keyOf(r.t as number, r.v as number, store.categoryNumber(r.k)!), r[CELL_KEY]);
      // cells no larger than a pixel of the data's span (with zero on y), and at most 2 a pixel
      const g = store.grid.geometry;
      const ts = kept.map((r) => r.t);
      const vs = kept.map((r) => r.v);
      const perPixelX = (Math.max(...ts) - Math.min(...ts)) / g.cellWidth / 200;
      const perPixelY = Math.max(...vs, 0) / g.cellHeight / 100;
      assert.ok(perPixelX >= 0.99 && perPixelX <= 2.01, `x: ${perPixelX} cells a pixel`);
      assert.ok(perPixelY >= 0.99 && perPixelY <= 2.01, `y: ${perPixelY} cells a pixel`);
    }
    assert.ok(ops.includes("upsert"), `a steady stream sends the cells that changed: ${ops}`);
  });

  it("a steady stream's update of 10,000 rows into a million is under 64 KB and cuts nothing anew", () => {
    const store = new CellsStore(1_000_000, "t", "v", new Map(), { zeroY: true });
    store.grid.setSize(1000, 300);
    const next = uniform(9);
    let t = 0;
    // a random walk's level with noise around it: the spread is steady once the backlog is full
    const feed = (n: number) => {
      for (let i = 0; i < n; i++, t++) store.accept({ t, v: 100 + 20 * Math.sin(t / 50_000) + 5 * (next() + next() + next()) });
    };
    feed(1_200_000);
    store.snapshot();
    const cuts = store.grid.cuts;
    for (let u = 0; u < 5; u++) {
      feed(10_000);
      const b = store.changes()!;
      assert.equal(b.op, "upsert");
      const bytes = encodeRows(b.rows, Object.keys(b.rows[0] ?? {}), new Map()).byteLength;
      const removed = b.removed!.length > 0 ? encodeRows(b.removed!, store.key, new Map()).byteLength : 0;
      assert.ok(
        bytes + removed <= 64 * 1024,
        `update ${u}: ${bytes} + ${removed} bytes (${b.rows.length} cells in, ${b.removed!.length} out)`,
      );
    }
    assert.equal(store.grid.cuts, cuts, "no re-cut once the spread is steady");
    assert.ok(store.grid.cells.size < 1000 * 300 * 4, `${store.grid.cells.size} cells`);
  });

  it("a span that halves is cut anew, so cells stay no larger than a pixel", () => {
    const store = new CellsStore(1000, "t", "v", new Map());
    store.grid.setSize(100, 100);
    for (let t = 0; t < 1000; t++) store.accept({ t, v: t % 2 === 0 ? 0 : 100 });
    store.snapshot();
    const before = store.grid.geometry.cellHeight;
    for (let t = 1000; t < 2000; t++) store.accept({ t, v: 40 + (t % 20) });
    assert.equal(store.changes()!.op, "replace");
    assert.ok(store.grid.geometry.cellHeight < before / 2, "finer cells for the narrower spread");
  });
});

describe("points range answers", () => {
  const store = new CellsStore(200_000, "t", "v", new Map(), { category: "k" });
  const next = uniform(3);
  for (let i = 0; i < 250_000; i++) store.accept({ t: i, v: i === 240_000 ? 500 : next() * 10, k: CATS[i % 3] });

  it("a narrow range is the raw rows with their categories", () => {
    const r = rangeCells(store, 100_010, 100_020, 800, 300);
    assert.equal(r.raw, true);
    assert.deepEqual(
      [...r.xs],
      Array.from({ length: 13 }, (_, i) => 100_009 + i),
    );
    assert.deepEqual(r.categories!.slice(0, 3), [CATS[100_009 % 3], CATS[100_010 % 3], CATS[100_011 % 3]]);
  });

  it("a wide range keeps a row in every occupied pixel of every category, and the outlier", () => {
    const [x0, x1, w, h] = [60_000, 249_999, 400, 200];
    const r = rangeCells(store, x0, x1, w, h);
    assert.equal(r.raw, false);
    assert.ok(r.xs.length < 190_000 / 4, `${r.xs.length} rows`);
    const px = (t: number, v: number, k: unknown) => `${Math.floor(((t - x0) * w) / (x1 - x0))}:${Math.floor(((v - 0) * h) / 500)}:${k}`;
    const got = new Set(Array.from(r.xs, (t, i) => px(t, r.ys[i]!, r.categories![i])));
    for (let t = x0; t <= x1; t++) {
      const k = CATS[t % 3];
      assert.ok(got.has(px(t, store.ring.y(t), k)), `row ${t}'s pixel is drawn`);
    }
    assert.equal(Math.max(...r.ys), 500);
  });
});

describe("range watch", () => {
  it("says when rows land in the range or leave the backlog from it", () => {
    const ring = new XYRing(100);
    for (let t = 0; t < 100; t++) ring.push(t, 0);
    const watch = new RangeWatch({ type: "range", id: 1, x0: 20, x1: 30, width: 800 }, ring, () => true);
    ring.push(100, 0);
    assert.equal(watch.changed(), false, "row 0 left, outside the range; row 100 came, outside it");
    for (let t = 101; t < 115; t++) ring.push(t, 0);
    assert.equal(watch.changed(), false, "rows 1 to 14 left");
    for (let t = 115; t < 125; t++) ring.push(t, 0);
    assert.equal(watch.changed(), true, "rows 20 to 24 left");
    ring.push(25.5, 0);
    assert.equal(watch.changed(), true, "a row landed in the range");
  });
});

describe("summary option for points", () => {
  const enc = { x: { field: "t", type: "quantitative" }, y: { field: "v", type: "quantitative" } };
  it("is on by itself for a large scatter, coloured or not, and says why when it cannot be", () => {
    assert.deepEqual(chartSummary({ mark: "point", encoding: enc }, 1e6, "append", undefined), {
      x: "t",
      y: "v",
      backlog: 1e6,
      kind: "cells",
      zeroX: false,
      zeroY: true,
    });
    const colour = { mark: { type: "circle" }, encoding: { ...enc, color: { field: "k", type: "nominal" } } };
    assert.equal(chartSummary(colour, 1e6, "append", undefined)?.category, "k");
    const sized = { mark: "point", encoding: { ...enc, size: { field: "w", type: "quantitative" } } };
    assert.equal(chartSummary(sized, 1e6, "append", undefined), null);
    assert.throws(() => chartSummary(sized, 1e6, "append", true), /its size names the field "w" \(points keep one nominal colour/);
    assert.throws(() => chartSummary({ mark: "bar", encoding: enc }, 1e6, "append", true), /mark is "bar"/);
  });
});

describe("a zoomed point chart's range, kept current", () => {
  const fake = fakeKernelPerTest();

  it("is answered again after an update that brought rows into it or took rows of it away, never while paused", async () => {
    const [kernel, sent, clock] = [fake.kernel(), fake.sent(), fake.clock()];
    const s = new Stream<{ x: number; y: number }>({ scheduler: clock });
    const spec = { mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } };
    const chart = s.chart(spec, { backlog: 20_000 });
    const replies = () =>
      sent
        .filter((m) => m.type === "comm_msg" && m.content.comm_id === chart.id && m.content.data.content?.type === "range_rows")
        .map((m) => ({ ...m.content.data.content, xs: tableFromIPC(m.buffers[0]).getChild("x")!.toArray() as Float64Array }));
    const next = uniform(11);
    let gen = 0;
    const feed = (n: number) => {
      for (let i = 0; i < n; i++) s.emit({ x: next() * 1000, y: gen });
    };
    feed(20_000);
    await clock.advance(500);
    kernel.deliver(chart.id, { method: "custom", content: { type: "range", id: 7, x0: 100, x1: 110, width: 800, height: 300 } });
    assert.equal(replies().length, 1);
    assert.equal(replies()[0]!.rows_in_range, replies()[0]!.xs.length);
    // every kept row replaced by a new generation: the range's rows are all new
    gen = 1;
    feed(20_000);
    await clock.advance(500);
    const again = replies();
    assert.equal(again.length, 2, "answered again after the update");
    assert.equal(again[1]!.id, 7);
    const shown = tableFromIPC(sent.filter((m) => m.content.data?.content?.type === "range_rows").at(-1)!.buffers[0]);
    assert.deepEqual(new Set(shown.getChild("y")!.toArray()), new Set([1]), "only rows that exist now");
    kernel.deliver(chart.id, { method: "custom", content: { type: "pause" } });
    feed(5_000);
    await clock.advance(1000);
    assert.equal(replies().length, 2, "nothing while paused");
    kernel.deliver(chart.id, { method: "custom", content: { type: "resume" } });
    assert.equal(replies().length, 3, "resume catches the range up too");
    kernel.deliver(chart.id, { method: "custom", content: { type: "range_clear" } });
    feed(5_000);
    await clock.advance(1000);
    assert.equal(replies().length, 3, "following again: no more answers");
    const rowsHeld = (chart.rows() as HeldRow[]).length;
    assert.equal(rowsHeld, 20_000);
  });
});
