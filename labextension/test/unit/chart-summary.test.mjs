/**
 * A summarised chart's rows in the view, without a browser: a zoomed range's rows replace the summary
 * over the whole range asked for (a scatter's rows do not reach its edges, and a summary row there may
 * be one that left the backlog), and a new answer for the same range replaces the last one.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CELL_KEY } from "@streamz-ts/protocol";
import { SummaryBacklog } from "../../dist/src/chart-summary.js";

const info = { x: "x", y: "y", backlog: 1000, kind: "cells" };
const cell = (x, y) => ({ x, y, [CELL_KEY]: x * 1000 + y });

describe("SummaryBacklog", () => {
  it("shows a range's rows in place of every summary row inside the range asked for", () => {
    const held = new SummaryBacklog(info);
    held.take({ mode: "replace", rows: [cell(1, 0), cell(10, 0), cell(12, 0), cell(20, 0)], removed: [], maxRows: 1000, key: [CELL_KEY] });
    // the range [9, 15] holds one row now, at x = 11: the summary rows at 10 and 12 are not drawn
    held.setDetail([{ x: 11, y: 5 }], 9, 15);
    assert.deepEqual(
      held.all().map((r) => r.x),
      [1, 20, 11],
    );
    // answered again: the rows that exist now, nothing of the last answer
    held.setDetail([], 9, 15);
    assert.deepEqual(
      held.all().map((r) => r.x),
      [1, 20],
    );
    held.clearDetail();
    assert.deepEqual(
      held.all().map((r) => r.x),
      [1, 10, 12, 20],
    );
  });
});
