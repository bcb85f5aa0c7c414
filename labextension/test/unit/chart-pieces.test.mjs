/**
 * A summarised chart's picture in pieces (protocol `SUMMARY_MESSAGE_BYTES`, `pieces_left`), in the
 * view without a browser: the pieces are held back and applied at once when the last came, so what
 * the chart holds is always a whole picture, the old one or the new one; a view that missed a piece
 * draws nothing of what follows until the next whole picture; a range answer in pieces is drawn once
 * all came, in order.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELL_KEY } from "@streamz-ts/protocol";
import { PictureCollector, RangeCollector } from "../../dist/src/chart-pieces.js";
import { SummaryBacklog } from "../../dist/src/chart-summary.js";

const info = { x: "x", y: "y", backlog: 1_000_000, kind: "cells" };
const key = [CELL_KEY];
const cells = (from, to, y = 0) => Array.from({ length: to - from }, (_, i) => ({ x: from + i, y, [CELL_KEY]: from + i }));
/** A whole picture of `rows` cut in `n` pieces from `seq` on, as the kernel sends it: a replace, then upserts. */
const inPieces = (rows, n, seq) => {
  const step = Math.ceil(rows.length / n);
  return Array.from({ length: n }, (_, i) => ({
    mode: i === 0 ? "replace" : "upsert",
    rows: rows.slice(i * step, (i + 1) * step),
    removed: [],
    maxRows: info.backlog,
    key,
    seq: seq + i,
    piecesLeft: n - 1 - i,
  }));
};
const xsOf = (held) =>
  held
    .all()
    .map((r) => r.x)
    .sort((a, b) => a - b);

/** Feeds batches as the view does; returns what the chart holds after each and what was asked. */
function play(collector, held, batches) {
  const seen = [];
  let asked = 0;
  for (const b of batches) {
    const { ready, ask } = collector.take(b);
    if (ask) asked++;
    if (ready.length > 0) held.takeAll(ready);
    seen.push(xsOf(held));
  }
  return { seen, asked };
}

describe("a picture in pieces", () => {
  it("is drawn whole once its last piece came, never half", () => {
    const collector = new PictureCollector();
    const held = new SummaryBacklog(info);
    const first = cells(0, 300);
    // a whole picture in one message, then an ordinary update, then a re-cut picture in three pieces
    let r = play(collector, held, [{ mode: "replace", rows: first, removed: [], maxRows: info.backlog, key, seq: 0, piecesLeft: 0 }]);
    assert.deepEqual(
      r.seen.at(-1),
      first.map((c) => c.x),
    );
    r = play(collector, held, [
      { mode: "upsert", rows: cells(300, 310), removed: [{ [CELL_KEY]: 0 }], maxRows: info.backlog, key, seq: 1, piecesLeft: 0 },
    ]);
    const before = cells(1, 310).map((c) => c.x);
    assert.deepEqual(r.seen.at(-1), before);
    const next = cells(1000, 1900, 5);
    r = play(collector, held, inPieces(next, 3, 2));
    assert.deepEqual(r.seen.slice(0, 2), [before, before], "the old picture while the pieces come");
    assert.deepEqual(
      r.seen[2],
      next.map((c) => c.x),
      "then the new one, whole",
    );
    assert.equal(r.asked, 0);
  });

  it("moves Vega's rows once: a row one piece brings and a later one takes away is never inserted", () => {
    const held = new SummaryBacklog(info);
    held.take({ mode: "replace", rows: cells(0, 10), removed: [], maxRows: info.backlog, key });
    const change = held.takeAll([
      { mode: "replace", rows: cells(100, 110), removed: [], maxRows: info.backlog, key },
      { mode: "upsert", rows: cells(110, 120), removed: [{ [CELL_KEY]: 105 }], maxRows: info.backlog, key },
    ]);
    assert.equal(change.inserted, 19);
    assert.equal(change.removed, 10);
    assert.equal(held.size, 19);
  });

  it("missed a piece: nothing of what follows is drawn until the next whole picture", () => {
    const collector = new PictureCollector();
    const held = new SummaryBacklog(info);
    const old = cells(0, 50);
    play(collector, held, [{ mode: "replace", rows: old, removed: [], maxRows: info.backlog, key, seq: 0, piecesLeft: 0 }]);
    const pieces = inPieces(cells(500, 800), 3, 1);
    // piece 2 of 3 was missed (the batch reader asks for the whole state then)
    let r = play(collector, held, [pieces[0], pieces[2]]);
    assert.deepEqual(
      r.seen.at(-1),
      old.map((c) => c.x),
      "the old picture, not two thirds of the new",
    );
    r = play(collector, held, [{ mode: "upsert", rows: cells(900, 901), removed: [], maxRows: info.backlog, key, seq: 4, piecesLeft: 0 }]);
    assert.deepEqual(
      r.seen.at(-1),
      old.map((c) => c.x),
      "an update on a picture never drawn is dropped too",
    );
    const whole = cells(2000, 2600);
    r = play(collector, held, inPieces(whole, 2, 10));
    assert.deepEqual(
      r.seen.at(-1),
      whole.map((c) => c.x),
    );
  });

  it("a view that starts on a first piece asks for the whole state (the rest may never come)", () => {
    const collector = new PictureCollector();
    const [p0] = inPieces(cells(0, 100), 2, 7);
    assert.deepEqual(collector.take(p0), { ready: [], ask: true });
    assert.equal(collector.waiting, 1, "one picture's pieces at most are held back");
  });
});

describe("a range answer in pieces", () => {
  const reply = (id, piece, pieces) => ({ type: "range_rows", id, x0: 0, x1: 10, raw: true, rows: 6, rows_in_range: 6, piece, pieces });
  it("is whole once every piece came, rows in order; a newer answer starts afresh", () => {
    const ranges = new RangeCollector();
    assert.equal(ranges.take({ reply: reply(1, 0, 3), rows: [{ x: 0 }, { x: 1 }], bytes: 10 }), undefined);
    // answered again (same id) before the first answer completed: its piece 0 starts afresh
    assert.equal(ranges.take({ reply: reply(1, 0, 3), rows: [{ x: 0 }, { x: 1 }], bytes: 10 }), undefined);
    assert.equal(ranges.take({ reply: reply(1, 1, 3), rows: [{ x: 2 }, { x: 3 }], bytes: 30 }), undefined);
    const whole = ranges.take({ reply: reply(1, 2, 3), rows: [{ x: 4 }, { x: 5 }], bytes: 20 });
    assert.deepEqual(
      whole.rows.map((r) => r.x),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(whole.bytes, 60);
    assert.equal(whole.largest, 30);
    // one message: as it came
    const one = { reply: { ...reply(2, undefined, undefined) }, rows: [{ x: 9 }], bytes: 5 };
    assert.equal(ranges.take(one), one);
  });
});
