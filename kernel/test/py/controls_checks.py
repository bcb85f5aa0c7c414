"""Controls as streams, through a real client playing the browser's part; prints facts as JSON.

The client answers as JupyterLab's widget manager does: `update` messages with a new `value` (or a
dropdown's `index`), and `custom` click events. Judged by kernel/test/controls.test.ts.
"""
import traceback

from harness import Iopub, emit, execute, finish, start

facts = {}
km, kc = start()
io = Iopub(kc)
session = kc.session
shell = kc.shell_channel.socket


def result(code):
    reply, out = execute(kc, io, code)
    return [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"] or reply.get("evalue")


def opens(out):
    return {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in out if m["msg_type"] == "comm_open"}


def browser_update(comm_id, state):
    session.send(shell, "comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}})


try:
    execute(kc, io, "import { Stream } from '@streamz-ts/core'; import { slider, dropdown, toggle, button, hbox } from '@streamz-ts/widgets';")
    reply, out = execute(kc, io, "const threshold = slider({ min: 0, max: 1, step: 0.01, value: 0.5, description: 'threshold' }); threshold")
    models = opens(out)
    shown = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for m in out if m["msg_type"] == "execute_result"]
    facts["slider"] = {"status": reply["status"], "models": {k: v["_model_name"] for k, v in models.items()},
                       "shown": shown, "state": models.get(shown[0]) if shown else None}
    slider_id = shown[0]

    facts["combine_before"] = result("const src = new Stream<number>(); const passed = src.combineLatest(threshold)"
                                     ".filter(([x, t]) => x > t).map(([x]) => x).sinkToList(); [0.2, 0.6, 0.9].forEach((x) => src.emit(x)); JSON.stringify(passed)")
    browser_update(slider_id, {"value": 0.7})
    facts["combine_after_drag"] = result("[0.65, 0.8].forEach((x) => src.emit(x)); JSON.stringify([threshold.value, passed])")
    browser_update(slider_id, {"value": "not a number"})
    browser_update(slider_id, {"value": 5})
    facts["garbage_and_clamp"] = result("threshold.value")

    reply, out = execute(kc, io, "threshold.set(0.1); threshold.value")
    facts["set_from_kernel"] = [m["content"]["data"] for m in out if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == slider_id]

    reply, out = execute(kc, io, "const field = dropdown(['x', 'y', 'z'], { value: 'y', description: 'field' }); const fields = field.sinkToList(); field")
    dd_id = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for m in out if m["msg_type"] == "execute_result"][0]
    facts["dropdown_state"] = {k: opens(out)[dd_id][k] for k in ("_model_name", "_options_labels", "index")}
    browser_update(dd_id, {"index": 2})
    facts["dropdown_after"] = result("JSON.stringify([field.value, fields])")

    reply, out = execute(kc, io, "const reset = button('reset'); let clicks = 0; reset.sink(() => clicks++); reset")
    b_id = [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for m in out if m["msg_type"] == "execute_result"][0]
    for _ in range(3):
        session.send(shell, "comm_msg", {"comm_id": b_id, "data": {"method": "custom", "content": {"event": "click"}}})
    facts["clicks"] = result("clicks")

    reply, out = execute(kc, io, "hbox(threshold, toggle({ description: 'pause' }))")
    boxes = [v for v in opens(out).values() if v["_model_name"] == "HBoxModel"]
    facts["hbox"] = {"children": boxes[0]["children"] if boxes else None, "slider": "IPY_MODEL_" + slider_id}

    control = "controls-reconnect"
    session.send(shell, "comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}, metadata={"version": "1.0.0"})
    session.send(shell, "comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
    states = io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == control, 30, "update_states")
    facts["reconnect_has_slider"] = slider_id in states["content"]["data"]["states"]
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
