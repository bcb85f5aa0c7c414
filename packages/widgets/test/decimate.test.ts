/**
 * Charts of millions of points, at the store: the M4 summary a chart sends, applied update by update as
 * a view applies it (protocol `HeldRows`), equals the first, lowest, highest and last row of every
 * bucket computed from scratch over the rows kept; range answers keep every extreme; options are checked.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { HeldRows, SUMMARY_KEY, type HeldRow } from "@streamz-ts/protocol";
import { chartSummary, encodeRange, rangeRows, SummaryStore, XYRing } from "../src/decimate";

/** A seeded random walk (mulberry32), so a failure can be replayed. */
function walk(seed: number): () => number {
  let a = seed;
  let y = 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    y += ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
    return y;
  };
}

/** What a view holds after each update of `store`. */
function follow(store: SummaryStore, held: HeldRows): { rows: number; op: string } | undefined {
  const b = store.changes();
  if (!b) return undefined;
  held.apply({ mode: b.op, rows: b.rows, removed: b.removed ?? [], maxRows: store.capacity, key: store.key });
  return { rows: b.rows.length + (b.removed?.length ?? 0), op: b.op };
}

/** The four points per bucket of the kept rows, from scratch. */
function bruteForce(xs: number[], ys: number[], width: number): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  for (let i = 0; i < xs.length; i++) {
    const k = Math.floor(xs[i]! / width);
    const p = [xs[i]!, ys[i]!];
    const b = out.get(k);
    if (!b) out.set(k, [p, p, p, p]);
    else {
      if (p[1]! < b[1]![1]!) b[1] = p;
      if (p[1]! > b[2]![1]!) b[2] = p;
      b[3] = p;
    }
  }
  return out;
}

/** The held points per bucket (key / 4), each bucket's slots in order. */
function heldBuckets(rows: HeldRow[], origin: number): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  for (const r of rows) {
    const key = r[SUMMARY_KEY] as number;
    const k = Math.floor(key / 4) + origin;
    const b = out.get(k) ?? [];
    b[key % 4] = [r.t as number, r.v as number];
    out.set(k, b);
  }
  return out;
}

describe("M4 summary", () => {
  it("held update by update, equals every bucket's first, lowest, highest and last kept row", () => {
    const backlog = 50_000;
    const store = new SummaryStore(backlog, "t", "v", new Map());
    store.buckets.setWidth(200);
    const next = walk(7);
    const xs: number[] = [];
    const ys: number[] = [];
    const held = new HeldRows();
    let t = 0;
    const ops: string[] = [];
    for (let u = 0; u < 30; u++) {
      for (let i = 0; i < 5_000; i++) {
        // uneven steps, sometimes a spike, sometimes a gap in x
        t += i % 97 === 0 ? 40 : 1 + (i % 3);
        const v = i % 1234 === 0 ? 1e3 : next();
        store.accept({ t, v, other: "ignored" });
        xs.push(t);
        ys.push(v);
      }
      const did = follow(store, held);
      ops.push(did!.op);
      const keptX = xs.slice(-backlog);
      const keptY = ys.slice(-backlog);
      const want = bruteForce(keptX, keptY, store.buckets.bucketWidth);
      const got = heldBuckets(held.rows(), store.buckets.origin);
      assert.deepEqual(got, want, `update ${u}`);
      const count = [...want.keys()].at(-1)! - [...want.keys()][0]! + 1;
      assert.ok(count >= 200 && count <= 601, `between 1 and 3 buckets a pixel, got ${count} for 200 px`);
    }
    assert.ok(ops.includes("upsert"), "a steady stream sends changed buckets only");
    assert.ok(store.ring.bytes <= backlog * 16, "memory is the backlog's two typed columns");
  });

  it("a steady update carries the few buckets that changed, not the backlog", () => {
    const store = new SummaryStore(1_000_000, "index", "value", new Map());
    const next = walk(1);
    for (let i = 0; i < 1_200_000; i++) store.accept(next());
    store.snapshot();
    for (let i = 0; i < 10_000; i++) store.accept(next());
    const b = store.changes()!;
    assert.equal(b.op, "upsert");
    // 10,000 of 1,000,000 rows over at most 3 buckets a pixel of 800 px: about 24 buckets in, 24 out
    assert.ok(b.rows.length <= 4 * 40 && b.removed!.length <= 4 * 40, `${b.rows.length} rows, ${b.removed!.length} keys`);
  });

  it("x that goes back is cut anew and still exact", () => {
    const store = new SummaryStore(1000, "t", "v", new Map());
    store.buckets.setWidth(100);
    const held = new HeldRows();
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = (i * 7919) % 1000; // not sorted
      store.accept({ t, v: Math.sin(i) });
      xs.push(t);
      ys.push(Math.sin(i));
    }
    follow(store, held);
    assert.equal(store.buckets.isSorted, false);
    const kept = bruteForce(xs.slice(-1000), ys.slice(-1000), store.buckets.bucketWidth);
    const got = heldBuckets(held.rows(), store.buckets.origin);
    for (const [k, b] of kept) {
      assert.deepEqual([got.get(k)![1]![1], got.get(k)![2]![1]], [b[1]![1], b[2]![1]], `bucket ${k}: lowest and highest`);
    }
  });

  it("skips values it cannot draw and takes Dates as epoch ms", () => {
    const store = new SummaryStore(100, "t", "v", new Map());
    store.accept({ t: new Date(1000), v: 1 });
    store.accept({ t: 2000, v: "n/a" });
    store.accept({ t: 3000, v: null });
    store.accept({ t: 4000n, v: 2 });
    const rows = store.snapshot();
    assert.deepEqual([...new Set(rows.map((r) => `${r.t}:${r.v}`))].sort(), ["1000:1", "4000:2"]);
    assert.equal(store.total, 4);
  });
});

describe("range answers", () => {
  const ring = new XYRing(100_000);
  const next = walk(3);
  for (let i = 0; i < 150_000; i++) ring.push(i, i === 120_000 ? 500 : next());

  it("a narrow range is the raw rows, with one row either side", () => {
    const r = rangeRows(ring, 100_010, 100_020, 800, true);
    assert.equal(r.raw, true);
    assert.deepEqual(
      [...r.xs],
      Array.from({ length: 13 }, (_, i) => 100_009 + i),
    );
    assert.equal(r.ys[1], ring.y(100_010));
  });

  it("a wide range is its per-pixel M4 and keeps the extremes", () => {
    const r = rangeRows(ring, 60_000, 149_999, 500, true);
    assert.equal(r.raw, false);
    assert.ok(r.xs.length <= 4 * 502, `${r.xs.length} rows`);
    let lo = Infinity;
    let hi = -Infinity;
    for (let x = 60_000; x < 150_000; x++) {
      lo = Math.min(lo, ring.y(x));
      hi = Math.max(hi, ring.y(x));
    }
    assert.equal(Math.min(...r.ys), lo);
    assert.equal(Math.max(...r.ys), hi);
    assert.equal(hi, 500, "the spike");
    const table = tableFromIPC(encodeRange(r, "t", "v"));
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      ["t", "v"],
    );
    assert.equal(table.numRows, r.xs.length);
  });
});

describe("summary option", () => {
  const line = { mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "v", type: "quantitative" } } };

  it("is on by itself for a large line chart, off for small ones and other marks", () => {
    assert.deepEqual(chartSummary(line, 1e6, "append", undefined), { x: "t", y: "v", backlog: 1e6 });
    assert.equal(chartSummary(line, 1000, "append", undefined), null);
    assert.equal(chartSummary({ ...line, mark: "bar" }, 1e6, "append", undefined), null);
    assert.equal(chartSummary(line, 1e6, "append", false), null);
    assert.equal(chartSummary(line, 1e6, "upsert", undefined), null);
  });

  it("says why a spec cannot be summarised when asked for", () => {
    const colour = { ...line, encoding: { ...line.encoding, color: { field: "sensor", type: "nominal" } } };
    assert.throws(() => chartSummary(colour, 1e6, "append", true), /its color names the field "sensor"/);
    assert.throws(() => chartSummary({ mark: "bar", encoding: line.encoding }, 1e6, "append", true), /mark is "bar"/);
    assert.throws(() => chartSummary(line, 1e6, "replace", true), /needs mode "append"/);
    assert.throws(() => chartSummary(line, 2e7, "append", true), /at most 10,000,000 rows/);
    assert.throws(() => chartSummary(line, 1e6, "append", "yes" as never), /summary must be true or false/);
  });
});
