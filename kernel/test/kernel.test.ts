/**
 * The streamz-ts kernel driven by a real Jupyter client (Debian's jupyter_client): requests, results,
 * errors, comms opened from the client, binary buffers both ways, malformed messages, interrupt and
 * shutdown. The client script (test/py/protocol_checks.py) records facts; this file judges them.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { tableFromIPC } from "apache-arrow";
import { factsOf, runPython, tempKernelspec, PY_DIR } from "./support";

function rowsOf(b64: string): Record<string, unknown>[] {
  return tableFromIPC(Buffer.from(b64, "base64"))
    .toArray()
    .map((r) => ({ ...r.toJSON() }));
}

describe("streamz-ts kernel with jupyter_client", () => {
  let facts: Record<string, any>;
  let spec: ReturnType<typeof tempKernelspec>;

  before(async () => {
    spec = tempKernelspec();
    facts = factsOf(await runPython([`${PY_DIR}/protocol_checks.py`], spec.env));
  });
  after(() => spec.dispose());

  it("answers kernel_info as streamz-ts", () => {
    assert.equal(facts.kernel_info.implementation, "streamz-ts");
    assert.equal(facts.kernel_info.status, "ok");
  });

  it("sends the last expression's value as an execute_result", () => {
    assert.equal(facts.result.status, "ok");
    assert.deepEqual(facts.result.results, [{ execution_count: facts.result.count, data: { "text/plain": "42" }, metadata: {} }]);
    assert.deepEqual(facts.stdout.streams, [{ name: "stdout", text: "hello\n" }]);
    assert.deepEqual(facts.stdout.results, [{ "text/plain": "'hi'" }]);
  });

  it("reports a thrown error with ename, evalue and traceback, in the reply and on iopub", () => {
    const { reply, errors } = facts.thrown;
    assert.equal(reply.status, "error");
    assert.equal(reply.ename, "RangeError");
    assert.equal(reply.evalue, "boom");
    assert.ok(
      reply.traceback.some((l: string) => l.includes("RangeError: boom")),
      reply.traceback.join("\n"),
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].ename, "RangeError");
  });

  it("reports a type error as a TypeScriptError without running the cell", () => {
    assert.equal(facts.type_error.reply.status, "error");
    assert.equal(facts.type_error.reply.ename, "TypeScriptError");
    assert.match(facts.type_error.reply.evalue, /not assignable to type 'number'/);
  });

  it('keeps the types a bare `import "pkg"` adds in every later cell', () => {
    assert.deepEqual(facts.bare_import, ["ok", "ok", "ok"]);
  });

  it("resolves a shorthand property naming a variable of an earlier cell", () => {
    assert.deepEqual(facts.shorthand, [`'[{"rounds":3},{"rounds":3}]'`]);
  });

  it("aborts the requests queued behind a failing cell, and only those", () => {
    assert.deepEqual(facts.abort, { first: "error", second: "aborted", third: "ok" });
  });

  it("opens a widget comm for a chart and shows it as a widget view", () => {
    const [open] = facts.chart_open.opens;
    assert.equal(facts.chart_open.opens.length, 1);
    assert.equal(open.target_name, "jupyter.widget");
    assert.equal(open.state._model_name, "VegaChartModel");
    assert.equal(open.state._model_module, "@streamz-ts/jupyterlab");
    assert.deepEqual(open.state.spec, { mark: "line", data: { name: "streamz" } });
    assert.deepEqual(open.buffer_paths, [["rows"]]);
    const view = facts.chart_open.results[0]["application/vnd.jupyter.widget-view+json"];
    assert.deepEqual(view, { model_id: open.comm_id, version_major: 2, version_minor: 1 });
    assert.deepEqual(facts.comm_info.comms, { [open.comm_id]: { target_name: "jupyter.widget" } });
  });

  it("answers request_states on a client-opened control comm with every model and its Arrow rows", () => {
    const id = facts.chart_open.opens[0].comm_id;
    const { data, buffers, parent_is_request } = facts.update_states;
    assert.equal(data.method, "update_states");
    assert.equal(parent_is_request, true, "the answer's parent is the request (which carried a buffer)");
    assert.equal(data.states[id].model_name, "VegaChartModel");
    assert.equal(data.states[id].state.total_rows, 5);
    assert.deepEqual(data.buffer_paths, [[id, "state", "rows"]]);
    assert.deepEqual(
      rowsOf(buffers[0]),
      [
        { x: 2, y: 4 },
        { x: 3, y: 9 },
        { x: 4, y: 16 },
      ],
      "the backlog of 3 keeps the last 3 rows",
    );
  });

  it("answers request_state with the full state and rows as a binary buffer", () => {
    const { data, buffers } = facts.request_state;
    assert.equal(data.method, "update");
    assert.equal(data.state.rows_mode, "replace");
    assert.deepEqual(data.buffer_paths, [["rows"]]);
    assert.equal(rowsOf(buffers[0]).length, 3);
  });

  it("closes a comm the client opens on an unknown target, or to create a model of its own", () => {
    assert.equal(facts.unknown_target_closed, true);
    assert.equal(facts.client_model_refused, true);
  });

  it("serves comm_close both ways: a client close detaches the widget, a kernel close reaches the client", () => {
    assert.deepEqual(facts.client_close, [{ "text/plain": "0" }], "the chart's feed left the stream");
    assert.equal(facts.kernel_close.opened.length, 1);
    assert.deepEqual(facts.kernel_close.closed, facts.kernel_close.opened);
    assert.deepEqual(facts.kernel_close.result, [{ "text/plain": "true" }]);
  });

  it("survives malformed messages and keeps answering", () => {
    for (const [what, ok] of Object.entries(facts.malformed_alive)) assert.equal(ok, true, `after ${what}`);
    assert.deepEqual(facts.after_malformed, [{ "text/plain": "'still here'" }]);
  });

  it("answers requests with wrong field types with a BadRequest error naming the field", () => {
    assert.equal(facts.wrong_type_replies.execute.status, "error");
    assert.equal(facts.wrong_type_replies.execute.ename, "BadRequest");
    assert.match(facts.wrong_type_replies.execute.evalue, /code must be a string/);
    assert.match(facts.wrong_type_replies.complete.evalue, /cursor_pos/);
  });

  it("interrupts a busy loop and runs the next cell", () => {
    assert.equal(facts.interrupt.reply, "error");
    assert.deepEqual(facts.interrupt.after, [{ "text/plain": "2" }]);
  });

  it("shuts down on request", () => {
    assert.equal(facts.alive_before_shutdown, true);
    assert.equal(facts.shutdown.alive_after, false);
    assert.equal(facts.shutdown_exception, undefined);
  });
});
