"""Bursts against the streamz-ts kernel, counting every message that arrives against what was sent.

Each burst is far past what zeromq takes in one turn of the event loop (about 512 sends). The node
test (kernel/test/burst.test.ts) judges the facts: nothing lost, no hang, the kernel alive.
"""
import time
import traceback

from harness import finish, Iopub, alive, emit, execute, shell_reply, start

facts = {}
km, kc = start()
io = Iopub(kc)
session = kc.session
shell = kc.shell_channel.socket


def drain_until(pred, timeout, what):
    """Pumps iopub until pred() is true."""
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out waiting for " + what)
        io.pump(0.5)


def stream_text(msg_id):
    return "".join(m["content"]["text"] for m in io.of(msg_id, "stream"))


try:
    execute(kc, io, "import { Stream } from '@streamz-ts/core'; import { display } from '@streamz-ts/widgets';")

    # 1. 10,000 printed lines in one synchronous loop, then 100,000.
    for n in (10_000, 100_000):
        reply, out = execute(kc, io, f"for (let i = 0; i < {n}; i++) console.log('line ' + i);")
        text = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream")
        lines = text.splitlines()
        facts[f"print_{n}"] = {"status": reply["status"], "lines": len(lines),
                               "in_order": lines == [f"line {i}" for i in range(n)],
                               "messages": sum(1 for m in out if m["msg_type"] == "stream")}

    # 2. 1,000 cells queued at once: every reply, every result and every idle status.
    ids = [kc.execute(f"{i} * 2") for i in range(1000)]
    replies = {}
    deadline = time.monotonic() + 120
    while len(replies) < len(ids) and time.monotonic() < deadline:
        m = kc.get_shell_msg(timeout=60)
        replies[m["parent_header"]["msg_id"]] = m["content"]
    wanted = set(ids)
    drain_until(lambda: sum(1 for m in io.seen if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle"
                            and m["parent_header"].get("msg_id") in wanted) >= len(ids), 60, "1,000 idle statuses")
    results = {m["parent_header"]["msg_id"]: m["content"]["data"]["text/plain"] for m in io.seen
               if m["msg_type"] == "execute_result" and m["parent_header"].get("msg_id") in wanted}
    facts["queued_cells"] = {"replies": sum(1 for i in ids if replies.get(i, {}).get("status") == "ok"),
                             "results_right": sum(1 for k, i in enumerate(ids) if results.get(i) == str(k * 2))}

    # 3. One cell opens 300 views.
    reply, out = execute(kc, io, "const many = Array.from({ length: 300 }, () => new Stream<number>()); for (const s of many) display(s);")
    facts["views"] = {"status": reply["status"], "comm_open": sum(1 for m in out if m["msg_type"] == "comm_open"),
                      "display_data": sum(1 for m in out if m["msg_type"] == "display_data")}
    opened = [m["content"]["comm_id"] for m in out if m["msg_type"] == "comm_open"]

    # 4. The 300 views flush in the same tick: each must show its last value.
    reply, _ = execute(kc, io, "many.forEach((s, i) => s.emit(i * 10)); many.length")
    last = {}

    def all_updated():
        for m in io.seen:
            if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update":
                last[m["content"]["comm_id"]] = m["content"]["data"]["state"].get("text")
        return all(c in last for c in opened)
    drain_until(all_updated, 30, "an update of every view")
    facts["flush_same_tick"] = {"views": len(opened), "right": sum(1 for i, c in enumerate(opened) if last.get(c) == str(i * 10))}

    # 5. A burst of 200 request_states on a control comm.
    control_id = "burst-control"
    session.send(shell, "comm_open", {"comm_id": control_id, "target_name": "jupyter.widget.control", "data": {}}, metadata={"version": "1.0.0"})
    for _ in range(200):
        session.send(shell, "comm_msg", {"comm_id": control_id, "data": {"method": "request_states"}})

    def answers():
        return [m for m in io.seen if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == control_id]
    drain_until(lambda: len(answers()) >= 200, 60, "200 update_states")
    facts["request_states"] = {"answers": len(answers()),
                               "complete": sum(1 for m in answers() if len(m["content"]["data"].get("states", {})) >= 300)}
    facts["alive"] = alive(kc)
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
