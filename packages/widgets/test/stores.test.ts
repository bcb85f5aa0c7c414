/**
 * The three update modes of row widgets, at the store: what the model keeps per element, and what
 * each update carries (only what changed).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { HeldRows, JS_NUMBER_FIELD } from "@streamz-ts/protocol";
import { encodeRows, makeStore, toRow, toTableRow, type ColumnTypes } from "../src";

const ctx = (types: ColumnTypes = new Map()) => ({ toRow, types });

describe("append", () => {
  it("carries the rows since the last update, and all that is kept once more arrived", () => {
    const s = makeStore("chart", {}, 3, ctx());
    s.snapshot();
    s.accept({ x: 1 });
    s.accept({ x: 2 });
    assert.deepEqual(s.changes(), { op: "append", rows: [{ x: 1 }, { x: 2 }], removed: null });
    assert.equal(s.changes(), undefined, "nothing new, nothing sent");
    for (let i = 3; i <= 7; i++) s.accept({ x: i });
    assert.deepEqual(s.changes(), { op: "replace", rows: [{ x: 5 }, { x: 6 }, { x: 7 }], removed: null });
  });

  it("a table's default shows an array element whole; a table row of a plain value has no index column", () => {
    const s = makeStore("table", {}, 10, { toRow: toTableRow, types: new Map() }, true);
    s.accept(1);
    s.accept([{ a: 1 }, { a: 2 }]);
    assert.deepEqual(s.changes(), { op: "replace", rows: [{ a: 1 }, { a: 2 }], removed: null });
    s.accept(5);
    assert.deepEqual(s.changes()!.rows, [{ value: 5 }]);
  });

  it("a table's window that slid travels as its new rows", () => {
    const s = makeStore("table", {}, 10, { toRow: toTableRow, types: new Map() }, true);
    const rows = [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }];
    s.accept(rows.slice(0, 3));
    s.snapshot();
    s.accept(rows.slice(1, 4));
    assert.deepEqual(s.changes(), { op: "append", rows: [{ i: 3 }], removed: null, maxRows: 3 });
    s.accept(rows.slice(1, 4));
    assert.equal(s.changes(), undefined, "the same window: nothing");
  });
});

describe("replace", () => {
  it("keeps only the latest element, sends it whole, and sends nothing when it did not change", () => {
    const s = makeStore("chart", { mode: "replace" }, 100, ctx());
    s.snapshot();
    s.accept([{ k: "a", v: 1 }]);
    s.accept([
      { k: "a", v: 2 },
      { k: "b", v: 1 },
    ]);
    assert.deepEqual(s.changes(), {
      op: "replace",
      rows: [
        { k: "a", v: 2 },
        { k: "b", v: 1 },
      ],
      removed: null,
    });
    s.accept([
      { k: "a", v: 2 },
      { k: "b", v: 1 },
    ]);
    assert.equal(s.changes(), undefined);
  });

  it("a window that slid travels as the new rows, keeping the window's length", () => {
    const s = makeStore("chart", { mode: "replace" }, 100, ctx());
    s.accept([{ i: 0 }, { i: 1 }, { i: 2 }]);
    s.snapshot();
    s.accept([{ i: 2 }, { i: 3 }, { i: 4 }]);
    const b = s.changes()!;
    assert.deepEqual(b, { op: "append", rows: [{ i: 3 }, { i: 4 }], removed: null, maxRows: 3 });
    const held = new HeldRows();
    held.apply({ mode: "replace", rows: [{ i: 0 }, { i: 1 }, { i: 2 }], maxRows: 100, key: [] });
    held.apply({ mode: b.op, rows: b.rows, maxRows: b.maxRows, key: [] });
    assert.deepEqual(held.rows(), [{ i: 2 }, { i: 3 }, { i: 4 }], "a view holds the new window");
    s.accept([{ i: 7 }]);
    assert.deepEqual(s.changes(), { op: "replace", rows: [{ i: 7 }], removed: null }, "no overlap: the whole state");
  });

  it("without a key, carries the rows that changed by position, the rows added and the new length", () => {
    const s = makeStore("chart", { mode: "replace" }, 100, ctx());
    const state = (vs: number[]) => vs.map((v, i) => ({ k: `r${i}`, v }));
    s.accept(state([1, 2, 3, 4, 5, 6]));
    s.snapshot();
    s.accept(state([1, 2, 9, 4, 5, 6, 7]));
    assert.deepEqual(s.changes(), {
      op: "patch",
      rows: [
        { k: "r2", v: 9 },
        { k: "r6", v: 7 },
      ],
      removed: null,
      positions: [2, 6],
      maxRows: 7,
    });
    s.accept(state([1, 2, 9, 4]));
    assert.deepEqual(s.changes(), { op: "patch", rows: [], removed: null, positions: [], maxRows: 4 }, "cut short: only the new length");
    s.accept(state([0, 0, 0, 4]));
    assert.deepEqual(s.changes(), { op: "replace", rows: state([0, 0, 0, 4]), removed: null }, "most rows changed: the whole state");
  });

  it("a patched view holds exactly the latest state, whatever the sequence of states", () => {
    const s = makeStore("chart", { mode: "replace" }, 40, ctx());
    const held = new HeldRows();
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 16807) % 2147483647), seed % n);
    let state: { i: number; v: number }[] = [];
    const kinds = new Set<string>();
    held.apply({ mode: "replace", rows: s.snapshot(), maxRows: 40, key: [] });
    for (let step = 0; step < 500; step++) {
      state = state.map((r) => (random(8) === 0 ? { ...r, v: random(100) } : r));
      const change = random(6);
      if (change === 0) state = state.slice(0, random(state.length + 1));
      if (change === 1) for (let n = random(5); n > 0; n--) state = [...state, { i: state.length, v: random(100) }];
      if (change === 2) state = Array.from({ length: random(30) }, (_, i) => ({ i, v: random(100) }));
      if (change === 3) state = state.slice(random(3)); // slid along
      s.accept(state);
      const b = s.changes();
      if (!b) continue;
      kinds.add(b.op);
      held.apply({ mode: b.op, rows: b.rows, positions: b.positions, maxRows: b.maxRows ?? 40, key: [] });
      assert.deepEqual(held.rows(), state.slice(-40), `after step ${step} (${b.op})`);
    }
    assert.deepEqual([...kinds].sort(), ["append", "patch", "replace"], "every kind of batch was tried");
  });

  it("with a key, carries the changed rows and the keys that left", () => {
    const s = makeStore("chart", { mode: "replace", key: "k" }, 100, ctx());
    s.accept([
      { k: "a", v: 1 },
      { k: "b", v: 1 },
    ]);
    s.snapshot();
    s.accept([
      { k: "a", v: 1 },
      { k: "c", v: 3 },
    ]);
    assert.deepEqual(s.changes(), { op: "upsert", rows: [{ k: "c", v: 3 }], removed: [{ k: "b" }] });
  });
});

describe("upsert", () => {
  it("keeps the latest row per key and retires the least recently updated beyond the limit", () => {
    const s = makeStore("chart", { key: "id" }, 2, ctx());
    assert.equal(s.mode, "upsert");
    s.snapshot();
    s.accept({ id: 1, v: "a" });
    s.accept({ id: 2, v: "b" });
    s.accept({ id: 1, v: "c" });
    assert.deepEqual(
      s.changes(),
      {
        op: "upsert",
        rows: [
          { id: 2, v: "b" },
          { id: 1, v: "c" },
        ],
        removed: [],
      },
      "least recently updated first",
    );
    s.accept({ id: 3, v: "d" }); // id 2 is now the least recently updated
    assert.deepEqual(s.changes(), { op: "upsert", rows: [{ id: 3, v: "d" }], removed: [{ id: 2 }] });
    assert.deepEqual(s.current(), [
      { id: 1, v: "c" },
      { id: 3, v: "d" },
    ]);
  });

  it("refuses an upsert without a key and a key in append mode", () => {
    assert.throws(() => makeStore("chart", { mode: "upsert" }, 2, ctx()), /name the key column/);
    assert.throws(() => makeStore("chart", { mode: "append", key: "k" }, 2, ctx()), /takes no key/);
    assert.throws(() => makeStore("chart", { mode: "sideways" as never }, 2, ctx()), /mode must be one of append, replace, upsert/);
  });
});

describe("types on the wire", () => {
  const typesOf = (v: DataView) =>
    tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).schema.fields.map((f) => `${f.name}: ${String(f.type)}`);

  it("a Date column travels as a timestamp, not as a number; plain numbers are marked as such", () => {
    const v = encodeRows([{ t: new Date(1704110411000), x: 1, ok: true, s: "a" }]);
    assert.deepEqual(typesOf(v), ["t: Timestamp<MILLISECOND>", "x: Float64", "ok: Bool", "s: Utf8"]);
    const fields = tableFromIPC(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).schema.fields;
    assert.deepEqual(
      fields.map((f) => f.metadata.get(JS_NUMBER_FIELD.key) ?? null),
      [null, "number", null, null],
    );
  });

  it("Arrow elements keep their column types through the store", () => {
    const types: ColumnTypes = new Map();
    const s = makeStore("table", {}, 10, { toRow: toTableRow, types }, true);
    s.accept(tableFromArrays({ n: Int32Array.from([1, 2]), name: ["a", "b"] }));
    const rows = s.changes()!.rows;
    assert.deepEqual(typesOf(encodeRows(rows, ["n", "name"], types)), ["n: Int32", "name: Dictionary<Int32, Utf8>"]);
  });
});

describe("upsert under churn", () => {
  it("a burst of new keys sends only the keys kept (whole, when that is smaller than listing the keys retired)", () => {
    const s = makeStore("chart", { mode: "upsert", key: "id" }, 3, ctx());
    s.accept({ id: "a" });
    s.snapshot();
    for (let i = 0; i < 100; i++) s.accept({ id: i });
    assert.deepEqual(s.changes(), { op: "replace", rows: [{ id: 97 }, { id: 98 }, { id: 99 }], removed: null });
    s.accept({ id: 100 });
    assert.deepEqual(s.changes(), { op: "upsert", rows: [{ id: 100 }], removed: [{ id: 97 }] });
  });

  it("while no update goes out (a paused view), what waits stays bounded by the retention", () => {
    const s = makeStore("chart", { mode: "upsert", key: "id" }, 3, ctx());
    s.snapshot();
    for (let i = 0; i < 100_000; i++) s.accept({ id: i }); // several folds of a full ring, each retiring the keys before
    assert.deepEqual(
      s.changes(),
      { op: "upsert", rows: [{ id: 99_997 }, { id: 99_998 }, { id: 99_999 }], removed: [] },
      "keys that came and went while no update went out are not listed: the view never had them",
    );
  });

  it("plain values keyed by value keep the latest row numbers", () => {
    const s = makeStore("chart", { mode: "upsert", key: "value" }, 10, ctx());
    for (const v of [1, 2, 1, 3, [2, 1]]) s.accept(v);
    assert.deepEqual(s.current(), [
      { index: 3, value: 3 },
      { index: 4, value: 2 },
      { index: 5, value: 1 },
    ]);
    assert.equal(s.total, 6);
  });
});
