"""Streams of danfojs frames and streaming series as a cell's value, through a real client; prints facts.

A `Stream` of danfojs DataFrames shown (as a cell's last value and with `display`) and a
`StreamingSeries` (`sdf.get("x")`) as a cell's last value: which models open, what their states say,
and the rows they send (Arrow buffers, base64). Judged by kernel/test/frame-views.test.ts.
"""
import base64
import traceback

from harness import Iopub, execute, finish, start

facts = {}
km, kc = start()
io = Iopub(kc)


def comm_opens(out):
    return [m for m in out if m["msg_type"] == "comm_open"]


def update_of(comm_id, pred=lambda s: True, what="an update"):
    """The first `update` of comm_id whose state satisfies pred, as {state, buffers}."""
    m = io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
                and m["content"]["data"].get("method") == "update" and pred(m["content"]["data"]["state"]),
                what=what)
    return model_msg(m)


def model_msg(m):
    data = m["content"]["data"]
    return {"state": data["state"], "buffer_paths": data.get("buffer_paths", []),
            "buffers": [base64.b64encode(bytes(b)).decode() for b in m.get("buffers", [])]}


def views(out):
    return [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for m in out
            if "application/vnd.jupyter.widget-view+json" in m["content"].get("data", {})]


try:
    reply, out = execute(kc, io, "import * as dfd from 'danfojs-node'; import { Stream } from '@streamz-ts/core';"
                                 "import { StreamingDataFrame } from '@streamz-ts/dataframe'; const frames = new Stream<dfd.DataFrame>();")
    facts["setup"] = reply["status"]

    # A stream of danfojs frames as the cell's last value, then passed to display().
    reply, out = execute(kc, io, "frames")
    facts["last_value"] = {"status": reply["status"], "views": views(out),
                           "opens": [model_msg(m) | {"comm_id": m["content"]["comm_id"]} for m in comm_opens(out)]}
    reply, out = execute(kc, io, "display(frames.map((f) => f)); 1")
    facts["displayed"] = {"status": reply["status"], "views": views(out)}
    execute(kc, io, "frames.emit(new dfd.DataFrame({ n: [1, 2, 3], x: [0.5, 1.5, 2.5], name: ['Alice', 'Bob', 'Carol'],"
                    " ok: [true, false, true], t: [new Date(Date.UTC(2024, 0, 1, 9)), new Date(Date.UTC(2024, 0, 1, 10)), new Date(Date.UTC(2024, 0, 1, 11))] }))")
    output_id = facts["last_value"]["views"][0]
    first = update_of(output_id, lambda s: s.get("child"), "the output's child table")
    facts["output_update"] = first
    table_id = first["state"]["child"][len("IPY_MODEL_"):]
    opened = io.wait(lambda m: m["msg_type"] == "comm_open" and m["content"]["comm_id"] == table_id, what="the table's comm_open")
    facts["table_open"] = model_msg(opened)
    facts["table_rows"] = update_of(table_id, lambda s: s.get("total_rows", 0) >= 3, "the table's first frame")
    # A second frame, one row changed: the table follows (replace mode), the output keeps its child.
    execute(kc, io, "frames.emit(new dfd.DataFrame({ n: [1, 2, 3], x: [0.5, 9.5, 2.5], name: ['Alice', 'Bob', 'Carol'],"
                    " ok: [true, false, true], t: [new Date(Date.UTC(2024, 0, 1, 9)), new Date(Date.UTC(2024, 0, 1, 10)), new Date(Date.UTC(2024, 0, 1, 11))] }))")
    facts["table_second"] = update_of(table_id, lambda s: s.get("total_rows", 0) >= 6, "the table's second frame")

    # A streaming series as the cell's last value.
    execute(kc, io, "const src = new Stream<dfd.DataFrame>(); const sdf = new StreamingDataFrame(src, { example: new dfd.DataFrame({ x: [0.5], n: [1] }) });")
    reply, out = execute(kc, io, "sdf.get('x')")
    facts["series"] = {"status": reply["status"], "views": views(out),
                       "text": [m["content"]["data"].get("text/plain") for m in out if m["msg_type"] in ("execute_result", "display_data")],
                       "opens": [model_msg(m) | {"comm_id": m["content"]["comm_id"]} for m in comm_opens(out)]}
    execute(kc, io, "src.emit(new dfd.DataFrame({ x: [1.5, 2.5], n: [1, 2] }))")
    if facts["series"]["views"]:
        facts["series_rows"] = update_of(facts["series"]["views"][0], lambda s: s.get("total_rows", 0) >= 2, "the series' rows")
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
