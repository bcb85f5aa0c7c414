"""Drives the streamz-ts kernel through requests, comms and malformed messages; prints facts as JSON.

The node test (kernel/test/kernel.test.ts) asserts on the facts, so a failure names the fact.
"""
import base64
import time
import traceback

from harness import Iopub, alive, emit, execute, shell_reply, start

facts = {}
km, kc = start()
io = Iopub(kc)
session = kc.session
shell = kc.shell_channel.socket


def signed_frames(msg_type, content, header=None, json_frames=None, buffers=()):
    """Wire frames for the shell socket, signed with the session key (or given raw JSON frames)."""
    msg = session.msg(msg_type, content)
    parts = json_frames or [session.pack(header or msg["header"]), session.pack({}), session.pack({}), session.pack(content)]
    return [b"<IDS|MSG>", session.sign(parts)] + parts + list(buffers), msg["header"]["msg_id"]


def comm_msg(comm_id, data, buffers=()):
    return session.send(shell, "comm_msg", {"comm_id": comm_id, "data": data}, buffers=list(buffers))["header"]["msg_id"]


try:
    facts["kernel_info"] = {k: v for k, v in shell_reply(kc, kc.kernel_info())["content"].items() if k != "language_info"}

    reply, out = execute(kc, io, "6*7")
    facts["result"] = {"status": reply["status"], "count": reply["execution_count"],
                       "results": [m["content"] for m in out if m["msg_type"] == "execute_result"]}

    reply, out = execute(kc, io, "console.log('hello'); const greeting: string = 'hi'; greeting")
    facts["stdout"] = {"streams": [m["content"] for m in out if m["msg_type"] == "stream"],
                       "results": [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]}

    reply, out = execute(kc, io, "throw new RangeError('boom')")
    facts["thrown"] = {"reply": reply, "errors": [m["content"] for m in out if m["msg_type"] == "error"]}

    reply, out = execute(kc, io, "const n: number = 'text'")
    facts["type_error"] = {"reply": reply, "errors": [m["content"] for m in out if m["msg_type"] == "error"]}

    # A bare `import "pkg"` keeps its type augmentations in later cells (tslab alone loses them).
    execute(kc, io, 'import { Stream as S0 } from "@streamz-ts/core"; import "@streamz-ts/cluster";')
    bare = []
    for i in range(3):
        reply, out = execute(kc, io, f"const s{i} = new S0<number>(); typeof s{i}.scatter")
        bare.append(reply["status"])
    facts["bare_import"] = bare

    # A shorthand property naming a variable of an earlier cell (tslab alone: "is not defined").
    execute(kc, io, "const rounds = 3;")
    reply, out = execute(kc, io, "const f = () => ({ rounds }); JSON.stringify([{ rounds }, f()])")
    facts["shorthand"] = [m["content"]["data"].get("text/plain") for m in out if m["msg_type"] == "execute_result"]

    # A failing cell aborts the requests already queued behind it, and nothing sent after its reply.
    first = kc.execute("await new Promise((r) => setTimeout(r, 100)); throw new Error('first')")
    second = kc.execute("'second'")
    r1, r2 = shell_reply(kc, first)["content"], shell_reply(kc, second)["content"]
    io.idle(second)
    reply, _ = execute(kc, io, "'third'")
    facts["abort"] = {"first": r1["status"], "second": r2["status"], "third": reply["status"]}

    # Widgets: a chart with rows, then the control channel as JupyterLab's widget manager uses it.
    reply, out = execute(kc, io, "\n".join([
        "import { Stream } from '@streamz-ts/core';",
        "import '@streamz-ts/widgets';",
        "const src = new Stream<{ x: number; y: number }>();",
        "const chart = src.chart({ mark: 'line' }, { backlog: 3 });",
        "for (let i = 0; i < 5; i++) src.emit({ x: i, y: i * i });",
        "chart",
    ]))
    opens = [m["content"] for m in out if m["msg_type"] == "comm_open"]
    results = [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]
    chart_id = opens[0]["comm_id"] if opens else None
    facts["chart_open"] = {"reply": reply["status"], "opens": [{k: v for k, v in o.items() if k != "data"} | {"state": o["data"]["state"], "buffer_paths": o["data"]["buffer_paths"]} for o in opens],
                           "results": results}

    info = shell_reply(kc, kc.comm_info(target_name="jupyter.widget"))["content"]
    facts["comm_info"] = info

    control_id = "control-from-client"
    session.send(shell, "comm_open", {"comm_id": control_id, "target_name": "jupyter.widget.control", "data": {}}, metadata={"version": "1.0.0"})
    sent = comm_msg(control_id, {"method": "request_states"}, buffers=[b"a buffer the kernel must accept"])
    states = io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == control_id, 30, "update_states")
    facts["update_states"] = {"data": states["content"]["data"], "buffers": [base64.b64encode(b).decode() for b in states["buffers"]],
                              "parent_is_request": states["parent_header"].get("msg_id") == sent}

    if chart_id:
        comm_msg(chart_id, {"method": "request_state"})
        upd = io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == chart_id, 30, "request_state answer")
        facts["request_state"] = {"data": upd["content"]["data"], "buffers": [base64.b64encode(b).decode() for b in upd["buffers"]]}

    session.send(shell, "comm_open", {"comm_id": "to-nowhere", "target_name": "no.such.target", "data": {}})
    closed = io.wait(lambda m: m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "to-nowhere", 30, "comm_close")
    facts["unknown_target_closed"] = closed is not None

    # Malformed input: each is followed by a kernel_info round trip.
    bad = {}
    frames, _ = signed_frames("kernel_info_request", {})
    frames[1] = b"0" * 64
    shell.send_multipart(frames)
    bad["bad_hmac"] = alive(kc)
    h = session.msg("kernel_info_request", {})["header"]
    parts = [session.pack(h), b"{}", b"{}", b"{this is not json"]
    shell.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
    bad["bad_json"] = alive(kc)
    parts = [b"[1, 2]", b"{}", b"{}", b"{}"]
    shell.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
    bad["header_not_object"] = alive(kc)
    shell.send_multipart([b"<IDS|MSG>", b"x"])
    bad["too_few_frames"] = alive(kc)
    shell.send_multipart([b"no delimiter at all"])
    bad["no_delimiter"] = alive(kc)
    session.send(shell, "no_such_request", {})
    bad["unknown_type"] = alive(kc)
    comm_msg("no-such-comm", {"method": "update", "state": {}})
    session.send(shell, "comm_close", {"comm_id": "no-such-comm", "data": {}})
    bad["unknown_comm_id"] = alive(kc)
    session.send(shell, "comm_msg", {"comm_id": 12345, "data": "not an object"})
    session.send(shell, "comm_open", {"comm_id": None, "target_name": 7})
    if chart_id:
        comm_msg(chart_id, {"method": 42, "state": "wrong"})
        comm_msg(chart_id, {"method": "custom", "content": None})
    bad["wrong_comm_types"] = alive(kc)
    wrong = session.send(shell, "execute_request", {"code": 5, "silent": "no"})["header"]["msg_id"]
    wrong_reply = shell_reply(kc, wrong)["content"]
    cur = session.send(shell, "complete_request", {"code": "Math.", "cursor_pos": "end"})["header"]["msg_id"]
    cur_reply = shell_reply(kc, cur)["content"]
    facts["wrong_type_replies"] = {"execute": wrong_reply, "complete": cur_reply}
    bad["wrong_request_types"] = alive(kc)
    huge = "x" * (32 * 1024 * 1024)
    if chart_id:
        comm_msg(chart_id, {"method": "custom", "content": {"type": "nonsense", "blob": huge}}, buffers=[b"\0" * (32 * 1024 * 1024)])
    session.send(shell, "comm_msg", {"comm_id": "no-such-comm", "data": {"blob": huge}})
    bad["huge_payloads"] = alive(kc)
    facts["malformed_alive"] = bad

    # comm_close both ways: the client closes the chart (the kernel detaches it from the stream), a cell
    # closes a second widget (the client sees comm_close); a client-made jupyter.widget model is refused.
    if chart_id:
        session.send(shell, "comm_close", {"comm_id": chart_id, "data": {}})
        reply, out = execute(kc, io, "src.downstreams.length")
        facts["client_close"] = [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]
    reply, out = execute(kc, io, "const table = src.table({ rows: 2 }); table.close(); table.isClosed")
    opened = [m["content"]["comm_id"] for m in out if m["msg_type"] == "comm_open"]
    closed = [m["content"]["comm_id"] for m in out if m["msg_type"] == "comm_close"]
    facts["kernel_close"] = {"opened": opened, "closed": closed,
                             "result": [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]}
    session.send(shell, "comm_open", {"comm_id": "client-model", "target_name": "jupyter.widget", "data": {"state": {}}})
    io.wait(lambda m: m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "client-model", 30, "refusal")
    facts["client_model_refused"] = True

    reply, out = execute(kc, io, "'still here'")
    facts["after_malformed"] = [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]

    # Interrupt a busy synchronous loop (SIGINT, the kernelspec's interrupt_mode).
    loop = kc.execute("console.log('looping'); while (true) {}")
    io.wait(lambda m: m["parent_header"].get("msg_id") == loop and m["msg_type"] == "stream", 30, "the loop to start")
    km.interrupt_kernel()
    facts["interrupt"] = {"reply": shell_reply(kc, loop)["content"]["status"]}
    io.idle(loop)
    reply, out = execute(kc, io, "1 + 1")
    facts["interrupt"]["after"] = [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]
    facts["alive_before_shutdown"] = km.is_alive()
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    t = time.monotonic()
    try:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    except Exception:
        facts["shutdown_exception"] = traceback.format_exc()
    facts["shutdown"] = {"alive_after": km.is_alive(), "seconds": round(time.monotonic() - t, 2)}
    emit(facts)
