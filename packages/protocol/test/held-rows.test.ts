/**
 * The reference semantics of row batches: what a frontend holds after `replace`, `append`, `patch` and
 * `upsert`, and the inserted/removed rows a chart turns into a Vega changeset.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { HeldRows, keyOf } from "../src/held-rows";

test("append adds after the held rows and drops the oldest beyond max_rows", () => {
  const held = new HeldRows();
  held.apply({ mode: "append", rows: [{ i: 0 }, { i: 1 }], maxRows: 3, key: [] });
  const c = held.apply({ mode: "append", rows: [{ i: 2 }, { i: 3 }], maxRows: 3, key: [] });
  assert.deepEqual(held.rows(), [{ i: 1 }, { i: 2 }, { i: 3 }]);
  assert.deepEqual(c.removed, [{ i: 0 }]);
  assert.deepEqual(c.inserted, [{ i: 2 }, { i: 3 }]);
});

test("replace swaps the whole content", () => {
  const held = new HeldRows();
  held.apply({ mode: "append", rows: [{ i: 0 }], maxRows: 3, key: [] });
  const c = held.apply({ mode: "replace", rows: [{ i: 5 }, { i: 6 }], maxRows: 3, key: [] });
  assert.deepEqual(held.rows(), [{ i: 5 }, { i: 6 }]);
  assert.deepEqual(c.removed, [{ i: 0 }]);
});

test("upsert replaces a key's row in place, adds new keys after the others and removes retired keys", () => {
  const held = new HeldRows();
  const key = ["name"];
  held.apply({
    mode: "replace",
    rows: [
      { name: "a", x: 1 },
      { name: "b", x: 2 },
    ],
    maxRows: 10,
    key,
  });
  const c = held.apply({
    mode: "upsert",
    rows: [
      { name: "a", x: 10 },
      { name: "c", x: 3 },
    ],
    removed: [{ name: "b" }],
    maxRows: 10,
    key,
  });
  assert.deepEqual(held.rows(), [
    { name: "a", x: 10 },
    { name: "c", x: 3 },
  ]);
  assert.deepEqual(c.inserted, [
    { name: "a", x: 10 },
    { name: "c", x: 3 },
  ]);
  assert.deepEqual(c.removed, [
    { name: "b", x: 2 },
    { name: "a", x: 1 },
  ]);
});

test("a row set twice in one batch is inserted once; removing an unknown key does nothing", () => {
  const held = new HeldRows();
  const c = held.apply({
    mode: "upsert",
    rows: [
      { k: 1, v: "old" },
      { k: 1, v: "new" },
    ],
    removed: [{ k: 9 }],
    maxRows: 10,
    key: ["k"],
  });
  assert.deepEqual(c.inserted, [{ k: 1, v: "new" }]);
  assert.deepEqual(c.removed, []);
  assert.deepEqual(held.rows(), [{ k: 1, v: "new" }]);
});

test("keys: one column is its value (Dates as epoch ms); several are a JSON tuple", () => {
  assert.equal(keyOf({ t: new Date(5) }, ["t"]), 5);
  assert.equal(keyOf({ a: "x", b: 2 }, ["a", "b"]), '["x",2]');
});

test("patch sets rows at positions, adds at the end, cuts to the new length, and says what it swapped", () => {
  const held = new HeldRows();
  const [a, b, c] = [{ v: "a" }, { v: "b" }, { v: "c" }];
  held.apply({ mode: "replace", rows: [a, b, c], maxRows: 10, key: [] });
  const B = { v: "B" };
  const d = { v: "d" };
  const change = held.apply({ mode: "patch", rows: [B, d], positions: [1, 3], maxRows: 4, key: [] });
  assert.deepEqual(held.rows(), [a, B, c, d]);
  assert.deepEqual(change, { inserted: [B, d], removed: [b] }, "a Vega changeset: the replaced row out, the new ones in");
  const cut = held.apply({ mode: "patch", rows: [], positions: [], maxRows: 2, key: [] });
  assert.deepEqual(held.rows(), [a, B]);
  assert.deepEqual(cut, { inserted: [], removed: [c, d] });
  assert.throws(() => held.apply({ mode: "patch", rows: [a], positions: [5], maxRows: 6, key: [] }), /position 5 of 2 rows held/);
  assert.throws(() => held.apply({ mode: "patch", rows: [a], positions: [], maxRows: 2, key: [] }), /1 rows but 0 positions/);
});
