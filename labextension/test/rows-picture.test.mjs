/**
 * `RowsPicture` (labextension/src/rows-picture.ts): what a row model saves in a notebook is every row
 * its views hold after all its batches, as one Arrow table with the wire's column types and field
 * metadata, not its last batch.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { repoDir } from "./support/lab-server.cjs";

const require = createRequire(join(repoDir, "labextension", "package.json"));
const {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} = require("apache-arrow");
const { RowsPicture } = await import(join(repoDir, "labextension", "dist", "src", "rows-picture.js"));

const NAMES = ["a", "b", "c"];

/** Rows `start..start+n-1` as the kernel sends them: Arrow IPC in a DataView, typed columns. */
function batch(start, n) {
  const at = (f) => Array.from({ length: n }, (_, i) => f(start + i));
  const table = new Table({
    t: vectorFromArray(
      at((i) => BigInt(i)),
      new Int64(),
    ),
    at: vectorFromArray(
      at((i) => 1704110400000 + i * 1000),
      new TimestampMillisecond(),
    ),
    name: vectorFromArray(
      at((i) => NAMES[i % 3]),
      new Dictionary(new Utf8(), new Int32()),
    ),
    ok: vectorFromArray(
      at((i) => i % 2 === 0),
      new Bool(),
    ),
    y: vectorFromArray(
      at((i) => i / 4),
      new Float64(),
    ),
  });
  table.schema.fields[4].metadata.set("streamz.kind", "number");
  return ipc(table);
}

function ipc(table) {
  const bytes = tableToIPC(table, "stream");
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decoded(view) {
  return tableFromIPC(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/** A model's attributes as batches come in; `send` applies one batch and lets the picture take it. */
function model(picture, initial) {
  const state = { rows_mode: "replace", key: [], max_rows: 1000, removed: null, ...initial };
  picture.take({ get: (k) => state[k] });
  return (next) => {
    Object.assign(state, next);
    picture.take({ get: (k) => state[k] });
  };
}

test("appended batches are saved whole, trimmed to the backlog, with their types and field metadata", () => {
  const picture = new RowsPicture();
  const send = model(picture, { rows: batch(0, 5), max_rows: 7 });
  send({ rows_mode: "append", rows: batch(5, 3) });
  send({ rows_mode: "append", rows: batch(8, 1) });
  const saved = decoded(picture.encode());
  assert.deepEqual(
    saved.toArray().map((r) => Number(r.t)),
    [2, 3, 4, 5, 6, 7, 8],
    "the last 7 of 9 rows, not the last batch's one",
  );
  assert.deepEqual(
    saved.schema.fields.map((f) => `${f.name}: ${f.type}`),
    ["t: Int64", "at: Timestamp<MILLISECOND>", "name: Dictionary<Int32, Utf8>", "ok: Bool", "y: Float64"],
  );
  assert.equal(saved.schema.fields[4].metadata.get("streamz.kind"), "number");
  assert.deepEqual(saved.toArray()[0].toJSON(), { t: 2n, at: 1704110402000, name: "c", ok: true, y: 0.5 });
});

test("upserts and removals by key are saved as the rows held, a replaced row in its place", () => {
  const picture = new RowsPicture();
  const send = model(picture, { rows: batch(0, 3), key: ["name"] });
  const removeA = ipc(new Table({ name: vectorFromArray(["a"], new Utf8()) }));
  send({ rows_mode: "upsert", rows: batch(4, 1), removed: removeA }); // b updated, a removed
  const saved = decoded(picture.encode()).toArray();
  assert.deepEqual(
    saved.map((r) => [r.name, Number(r.t)]),
    [
      ["b", 4],
      ["c", 2],
    ],
  );
});

test("a replace resets the picture; an empty one keeps its columns", () => {
  const picture = new RowsPicture();
  const send = model(picture, { rows: batch(0, 4) });
  send({ rows_mode: "replace", rows: batch(10, 0) });
  const saved = decoded(picture.encode());
  assert.equal(saved.numRows, 0);
  assert.deepEqual(
    saved.schema.fields.map((f) => f.name),
    ["t", "at", "name", "ok", "y"],
  );
});

test("before any rows there is nothing to save instead of the model's own state", () => {
  const picture = new RowsPicture();
  model(picture, { rows: null });
  assert.equal(picture.encode(), undefined);
});
