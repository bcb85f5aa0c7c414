/**
 * The extension's pure modules in Node, without a browser: Arrow batches decoded to typed columns, how
 * cells read, and the changeset a chart applies per batch. (The views themselves are tested in the real
 * Lab by the other tests in this folder's parent.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Bool,
  Field,
  Float64,
  Int32,
  makeVector,
  Schema,
  Table,
  tableToIPC,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { decodeRows } from "../../dist/src/arrow-rows.js";
import { formatCell, formatFloat, formatTimestamp } from "../../dist/src/cell-format.js";
import { ChartBacklog } from "../../dist/src/chart-backlog.js";

describe("decodeRows", () => {
  it("keeps each column's type: ints, floats, bools, strings and timestamps", () => {
    const t0 = Date.UTC(2026, 11, 1, 14, 3, 7);
    const table = new Table({
      n: makeVector(Int32Array.from([1, 2])),
      x: makeVector(Float64Array.from([0.5, NaN])),
      ok: vectorFromArray([true, false], new Bool()),
      name: vectorFromArray(["a", "b"], new Utf8()),
      t: vectorFromArray([new Date(t0), new Date(t0 + 1000)], new TimestampMillisecond()),
    });
    const decoded = decodeRows(tableToIPC(table));
    assert.deepEqual(
      decoded.columns.map((c) => [c.name, c.kind, c.numeric]),
      [
        ["n", "int", true],
        ["x", "float", true],
        ["ok", "bool", false],
        ["name", "string", false],
        ["t", "timestamp", false],
      ],
    );
    assert.deepEqual(decoded.rows[0], { n: 1, x: 0.5, ok: true, name: "a", t: t0 });
    assert.equal(decoded.rows.length, 2);
  });

  it("labels a plain JavaScript number column `number` (the kernel marks it in the field metadata)", () => {
    const field = new Field("y", new Float64(), true, new Map([["streamz.kind", "number"]]));
    const table = new Table(new Schema([field]), { y: makeVector(Float64Array.from([3])) });
    const [column] = decodeRows(tableToIPC(table)).columns;
    assert.equal(column.type, "number");
  });

  it("marks a frame's index column (protocol FRAME_INDEX_COLUMN), and no other", () => {
    const table = new Table({ "(index)": vectorFromArray(["ant", "bee"], new Utf8()), n: makeVector(Int32Array.from([1, 2])) });
    assert.deepEqual(
      decodeRows(tableToIPC(table)).columns.map((c) => [c.name, c.kind, c.index]),
      [
        ["(index)", "string", true],
        ["n", "int", false],
      ],
    );
  });

  it("reads no buffer as no rows", () => {
    assert.deepEqual(decodeRows(null).rows, []);
  });
});

describe("cell formats", () => {
  it("writes floats out to six significant digits, without exponent noise", () => {
    assert.equal(formatFloat(1796130000000.25), "1796130000000");
    assert.equal(formatFloat(0.1 + 0.2), "0.3");
    assert.equal(formatFloat(1e-9), "1e-9");
  });
  it("shows today's timestamps as clock time, other days with their date, and the full form on hover", () => {
    const t = new Date(2026, 11, 1, 14, 3, 7, 250).getTime();
    assert.equal(formatTimestamp(t, "cell", new Date(2026, 11, 1)), "14:03:07.250");
    assert.equal(formatTimestamp(t, "cell", new Date(2026, 11, 2)), "2026-12-01 14:03:07.250");
    assert.equal(formatTimestamp(t - 250, "full", new Date(2026, 11, 1)), "2026-12-01 14:03:07.000");
  });
  it("formats a cell by its column's kind", () => {
    assert.equal(formatCell(7, { kind: "int" }), "7");
    assert.equal(formatCell(null, { kind: "float" }), "");
    assert.equal(formatCell({ a: 1 }, { kind: "other" }), '{"a":1}');
  });
});

describe("ChartBacklog", () => {
  it("appends with a bound: the changeset inserts the batch and removes what fell out", () => {
    const backlog = new ChartBacklog();
    const rows = (from, n) => Array.from({ length: n }, (_, i) => ({ x: from + i }));
    let change = backlog.take({ mode: "append", rows: rows(0, 3), maxRows: 4, key: [] });
    assert.deepEqual([change.inserted, change.removed, backlog.size], [3, 0, 3]);
    change = backlog.take({ mode: "append", rows: rows(3, 3), maxRows: 4, key: [] });
    assert.deepEqual([change.inserted, change.removed, backlog.size], [3, 2, 4]);
    assert.deepEqual(
      backlog.all().map((r) => r.x),
      [2, 3, 4, 5],
    );
    assert.deepEqual(backlog.newest(), { x: 5 });
  });

  it("upserts by key: a key's new row replaces its old one, new keys come in, removed keys go", () => {
    const backlog = new ChartBacklog();
    backlog.take({
      mode: "upsert",
      rows: [
        { k: "a", v: 1 },
        { k: "b", v: 2 },
      ],
      maxRows: 10,
      key: ["k"],
    });
    const change = backlog.take({
      mode: "upsert",
      rows: [
        { k: "a", v: 5 },
        { k: "c", v: 3 },
      ],
      removed: [{ k: "b" }],
      maxRows: 10,
      key: ["k"],
    });
    assert.deepEqual([change.inserted, change.removed], [2, 2], "a's new row in and its old one out, c in, b out");
    assert.deepEqual(backlog.all(), [
      { k: "a", v: 5 },
      { k: "c", v: 3 },
    ]);
  });

  it("replaces the whole state", () => {
    const backlog = new ChartBacklog();
    backlog.take({ mode: "append", rows: [{ x: 1 }, { x: 2 }], maxRows: 10, key: [] });
    const change = backlog.take({ mode: "replace", rows: [{ x: 9 }], maxRows: 10, key: [] });
    assert.deepEqual([change.inserted, change.removed], [1, 2]);
    assert.deepEqual(backlog.all(), [{ x: 9 }]);
  });
});
