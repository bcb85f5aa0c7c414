/**
 * The row ring behind charts and tables: bounded, oldest first, and row numbers that keep counting
 * across wrap-around and `clear()` (the frontend uses them to place appended rows).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { RowRing, toRow } from "../src/rows";

test("keeps the newest `capacity` elements, oldest first, with their row numbers", () => {
  const ring = new RowRing(3);
  for (let i = 0; i < 7; i++) ring.push(i * 10);
  assert.equal(ring.length, 3);
  assert.equal(ring.pushed, 7);
  assert.deepEqual(ring.last(), [
    { index: 4, value: 40 },
    { index: 5, value: 50 },
    { index: 6, value: 60 },
  ]);
  assert.deepEqual(ring.last(2), [
    { index: 5, value: 50 },
    { index: 6, value: 60 },
  ]);
  assert.deepEqual(ring.last(10).length, 3, "asking for more than is kept gives what is kept");
});

test("before the ring is full, rows start at 0", () => {
  const ring = new RowRing(5);
  ring.push("a");
  ring.push("b");
  assert.deepEqual(ring.last(), [
    { index: 0, value: "a" },
    { index: 1, value: "b" },
  ]);
});

test("clear() forgets the kept elements but row numbers go on", () => {
  const ring = new RowRing(2);
  for (let i = 0; i < 5; i++) ring.push(i);
  ring.clear();
  assert.equal(ring.length, 0);
  assert.deepEqual(ring.last(), []);
  ring.push(99);
  assert.deepEqual(ring.last(), [{ index: 5, value: 99 }]);
});

test("plain objects are rows as they are; other values become {index, value}", () => {
  const ring = new RowRing(2);
  const record = { t: 1, x: 2 };
  ring.push(record);
  ring.push(new Date(0));
  const [a, b] = ring.last();
  assert.equal(a, record);
  assert.deepEqual(b, { index: 1, value: new Date(0) });
  assert.deepEqual(toRow([1, 2], 7), { index: 7, value: [1, 2] });
});
