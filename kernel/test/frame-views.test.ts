/**
 * A stream of danfojs DataFrames and a streaming series as a cell's value, through a real client
 * (test/py/frame_views_checks.py): each shows as a live table, not as an object dump or a static line.
 * A stream of frames shows in its StreamOutput a LiveTable in `replace` mode whose columns keep the
 * frame's types (ints as ints, strings, booleans, dates as timestamps).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { scriptFacts } from "./support";

interface ModelMsg {
  state: Record<string, any>;
  buffer_paths: string[][];
  buffers: string[];
}

/** The Arrow table in a message's `rows` buffer. */
function rows(m: ModelMsg) {
  const i = m.buffer_paths.findIndex((p) => p[0] === "rows");
  assert.ok(i >= 0, `no rows buffer in ${JSON.stringify(m.state)}`);
  return tableFromIPC(Buffer.from(m.buffers[i]!, "base64"));
}

describe("streams of frames and streaming series in a notebook", () => {
  const checks = scriptFacts("frame_views_checks.py");
  const facts = (): Record<string, any> => checks.facts();

  it("shows a stream of danfojs frames as a live view, and with display()", () => {
    assert.equal(facts().setup, "ok");
    assert.equal(facts().last_value.status, "ok");
    assert.equal(facts().last_value.views.length, 1);
    assert.equal(facts().displayed.views.length, 1);
  });

  it("shows the latest frame as a live table in replace mode, in the frame's own column types", () => {
    const out = facts().output_update.state;
    assert.match(out.child, /^IPY_MODEL_/);
    assert.match(out.text, /^DataFrame: 3 rows x 5 columns/);
    const open = facts().table_open.state;
    assert.equal(open._model_name, "LiveTableModel");
    assert.equal(open.mode, "replace");
    assert.equal(open.order, "arrival");
    const table = rows(facts().table_rows);
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    assert.deepEqual(types, { n: "Int32", x: "Float64", name: "Utf8", ok: "Bool", t: "Timestamp<MILLISECOND>" });
    assert.deepEqual(table.getChild("name")!.toArray(), ["Alice", "Bob", "Carol"]);
    assert.deepEqual([...table.getChild("n")!.toArray()], [1, 2, 3]);
    assert.equal(Number(table.getChild("t")!.get(0)), Date.UTC(2024, 0, 1, 9));
  });

  it("follows the next frame", () => {
    const second = facts().table_second;
    const table = rows(second);
    const x = table.getChild("x")!;
    const values = Array.from({ length: table.numRows }, (_, i) => x.get(i));
    assert.ok(values.includes(9.5), `the changed value travels: ${JSON.stringify(second.state)} ${values}`);
  });

  it('shows sdf.get("x") as a live table of the series\' values, not a static line', () => {
    const series = facts().series;
    assert.equal(series.status, "ok");
    assert.equal(series.views.length, 1, `no live view: ${JSON.stringify(series.text)}`);
    assert.equal(series.opens[0].state._model_name, "LiveTableModel");
    const table = rows(facts().series_rows);
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      ["x"],
    );
    const x = table.getChild("x")!;
    assert.deepEqual([x.get(0), x.get(1)].sort(), [1.5, 2.5]);
  });
});
