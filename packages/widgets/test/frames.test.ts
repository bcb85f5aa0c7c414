/**
 * Whole frames as stream elements: danfojs DataFrames recognised by shape (no danfojs loaded here: an
 * object shaped as danfojs-node 1.x makes them) and typed from their own column types, and a
 * StreamOutput whose latest value is a frame showing it as a live table in `replace` mode (its `child`).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { Stream } from "@streamz-ts/core";
import { DISPLAY, FRAME_INDEX_COLUMN, MODEL_REF_PREFIX } from "@streamz-ts/protocol";
import { danfoToArrow, isDanfoFrame, liveModels } from "../src";
import { fakeKernelPerTest } from "./fake-kernel";

/** What a danfojs-node 1.x DataFrame shows of itself (its getters), for columns of `dtypes`. */
function danfoLike(data: Record<string, unknown[]>, dtypes: string[], index?: unknown[]) {
  const columns = Object.keys(data);
  const rows = data[columns[0]!]!.length;
  return {
    $isSeries: false as const,
    columns,
    dtypes,
    getColumnData: columns.map((c) => data[c]!),
    shape: [rows, columns.length],
    index: index ?? Array.from({ length: rows }, (_, i) => i),
  };
}

const fieldsOf = (t: { schema: { fields: { name: string; type: unknown }[] } }) =>
  t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);

describe("danfojs frames, by shape", () => {
  it("are recognised by shape, and a Series, a record or an array is not one", () => {
    assert.equal(isDanfoFrame(danfoLike({ x: [1] }, ["int32"])), true);
    assert.equal(isDanfoFrame({ ...danfoLike({ x: [1] }, ["int32"]), $isSeries: true }), false);
    assert.equal(isDanfoFrame({ columns: ["x"], x: 1 }), false);
    assert.equal(isDanfoFrame([1, 2]), false);
  });

  it("become Arrow tables in their own column types: ints as ints, strings, booleans, dates", () => {
    const t = danfoToArrow(
      danfoLike(
        { n: [1, null, 3], x: [0.5, NaN, 2], s: ["a", "b", null], ok: [true, false, true], at: [new Date(0), new Date(1000), null] },
        ["int32", "float32", "string", "boolean", "datetime"],
      ),
    );
    assert.deepEqual(
      t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`),
      ["n: Int32", "x: Float64", "s: Utf8", "ok: Bool", "at: Timestamp<MILLISECOND>"],
    );
    assert.deepEqual(
      t.toArray().map((r) => ({ ...r.toJSON() })),
      [
        { n: 1, x: 0.5, s: "a", ok: true, at: 0 },
        { n: null, x: NaN, s: "b", ok: false, at: 1000 },
        { n: 3, x: 2, s: null, ok: true, at: null },
      ],
    );
  });

  it("a column whose values do not fit the type danfojs gave it travels as text, and an empty frame keeps its columns", () => {
    const mixed = danfoToArrow(danfoLike({ n: [1, "two"] }, ["int32"]));
    assert.deepEqual([String(mixed.schema.fields[0]!.type), ...mixed.getChild("n")!.toArray()], ["Utf8", "1", "two"]);
    const empty = danfoToArrow({ $isSeries: false as const, columns: ["a", "b"], dtypes: [], getColumnData: [], shape: [0, 2] });
    assert.deepEqual([empty.numRows, empty.schema.fields.map((f) => f.name)], [0, ["a", "b"]]);
  });
});

describe("a danfojs frame's index", () => {
  it("comes first, named by protocol FRAME_INDEX_COLUMN, when it is not the default 0..n-1", () => {
    const labelled = danfoToArrow(danfoLike({ n: [1, 2] }, ["int32"], ["ant", "bee"]));
    assert.deepEqual(fieldsOf(labelled), [`${FRAME_INDEX_COLUMN}: Utf8`, "n: Int32"]);
    assert.deepEqual(
      labelled.toArray().map((r) => ({ ...r.toJSON() })),
      [
        { [FRAME_INDEX_COLUMN]: "ant", n: 1 },
        { [FRAME_INDEX_COLUMN]: "bee", n: 2 },
      ],
    );
    // what a filter or a sort leaves: positions from the frame it came from
    assert.deepEqual(fieldsOf(danfoToArrow(danfoLike({ x: [0.5, 2] }, ["float32"], [2, 0]))), [
      `${FRAME_INDEX_COLUMN}: Int32`,
      "x: Float64",
    ]);
    const dated = danfoToArrow(danfoLike({ x: [1] }, ["int32"], [new Date(0)]));
    assert.deepEqual(fieldsOf(dated), [`${FRAME_INDEX_COLUMN}: Timestamp<MILLISECOND>`, "x: Int32"]);
  });

  it("is left out when it is the default (the table numbers rows itself), or when a column already has its name", () => {
    assert.deepEqual(fieldsOf(danfoToArrow(danfoLike({ n: [1, 2, 3] }, ["int32"]))), ["n: Int32"]);
    assert.deepEqual(fieldsOf(danfoToArrow(danfoLike({ [FRAME_INDEX_COLUMN]: ["a"] }, ["string"], ["z"]))), [
      `${FRAME_INDEX_COLUMN}: Utf8`,
    ]);
  });
});

describe("a StreamOutput of frames", () => {
  const t = fakeKernelPerTest();
  const updates = (id: string) =>
    t.sent().filter((s) => s.type === "comm_msg" && s.content.comm_id === id && s.content.data.method === "update");

  it("shows the latest frame in a live table (replace mode, its types), and text again for a value that is not a frame", async () => {
    const s = new Stream<unknown>({ scheduler: t.clock() });
    s[DISPLAY]();
    const outputId = t.sent().find((m) => m.type === "comm_open")!.content.comm_id as string;
    s.emit(danfoLike({ n: [1, 2], name: ["ant", "bee"] }, ["int32", "string"]));
    await t.clock().advance(500);
    const out = updates(outputId).at(-1)!.content.data.state;
    assert.match(out.child, new RegExp(`^${MODEL_REF_PREFIX}`));
    assert.equal(out.text, "DataFrame: 2 rows x 2 columns (n, name)");
    const tableId = out.child.slice(MODEL_REF_PREFIX.length);
    const open = t.sent().find((m) => m.type === "comm_open" && m.content.comm_id === tableId)!;
    assert.deepEqual([open.content.data.state._model_name, open.content.data.state.mode], ["LiveTableModel", "replace"]);
    const batch = updates(tableId).at(-1)!;
    const rows = tableFromIPC(batch.buffers[0]);
    assert.deepEqual(
      rows.schema.fields.map((f) => `${f.name}: ${String(f.type)}`),
      ["n: Int32", "name: Utf8"],
    );

    s.emit(danfoLike({ n: [3, 1] }, ["int32"], ["cat", "ant"])); // labelled rows: the index travels first
    await t.clock().advance(500);
    assert.deepEqual(fieldsOf(tableFromIPC(updates(tableId).at(-1)!.buffers[0])), [`${FRAME_INDEX_COLUMN}: Utf8`, "n: Int32"]);

    s.emit(tableFromArrays({ n: Int32Array.from([7]) })); // an Arrow table is a frame too: the same table follows
    await t.clock().advance(500);
    assert.equal(updates(outputId).at(-1)!.content.data.state.child, out.child);
    s.emit(42);
    await t.clock().advance(500);
    assert.deepEqual([updates(outputId).at(-1)!.content.data.state.child, updates(outputId).at(-1)!.content.data.state.text], [null, "42"]);
  });

  it("closes its table when it closes, and a stream of plain values never opens one", () => {
    const s = new Stream<unknown>({ scheduler: t.clock() });
    s[DISPLAY]();
    s.emit(tableFromArrays({ n: Int32Array.from([7]) }));
    const output = [...liveModels().values()][0]!;
    return t
      .clock()
      .advance(500)
      .then(() => {
        assert.equal(liveModels().size, 2, "the output and its table");
        output.close();
        assert.equal(liveModels().size, 0, "both closed");
        const plain = new Stream<number>({ scheduler: t.clock() });
        plain[DISPLAY]();
        plain.emit(1);
        return t
          .clock()
          .advance(500)
          .then(() => assert.equal(liveModels().size, 1));
      });
  });
});
