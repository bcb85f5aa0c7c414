"""Hostile and odd input for the streamz-ts kernel; prints facts as JSON.

A history search whose glob backtracks exponentially as a regular expression, a header nested 100,000
arrays deep, a 1 MB comm id, and top-level names that start with `__`. The node test
(kernel/test/hostile.test.ts) judges the facts, and the kernel's log, which is this script's stderr.
"""
import time
import traceback

from harness import finish, Iopub, alive, emit, execute, shell_reply, start

facts = {}
km, kc = start()
io = Iopub(kc)
session = kc.session
shell = kc.shell_channel.socket


def results(out):
    return [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]


try:
    # Names starting with __ (TypeScript escapes them internally as ___name).
    reply, out = execute(kc, io, "const __a = 1; __a")
    facts["dunder"] = {"first": [reply["status"]] + results(out)}
    reply, out = execute(kc, io, "__a + 1")
    facts["dunder"]["later"] = [reply["status"]] + results(out)

    # A history search that takes exponential time as a backtracking regular expression.
    execute(kc, io, "// " + "a" * 40)
    t = time.monotonic()
    msg_id = kc.history(hist_access_type="search", pattern="*a" * 14 + "b")
    reply = shell_reply(kc, msg_id, timeout=30)["content"]
    facts["history_search"] = {"status": reply["status"], "history": reply["history"], "seconds": round(time.monotonic() - t, 3)}
    msg_id = kc.history(hist_access_type="search", pattern="// a*")
    facts["history_found"] = len(shell_reply(kc, msg_id)["content"]["history"])

    # A header with an extra field nested 100,000 arrays deep (written by hand: json.dumps would recurse).
    streams_before = sum(1 for m in io.seen if m["msg_type"] == "stream")
    header = session.msg_header("kernel_info_request")
    plain = session.pack(header).decode()
    deep = plain[:-1] + ', "extra": ' + "[" * 100_000 + "]" * 100_000 + "}"
    parts = [deep.encode(), session.pack({}), session.pack({}), session.pack({})]
    shell.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
    reply = shell_reply(kc, header["msg_id"], timeout=30)
    facts["deep_header"] = {"msg_type": reply["msg_type"], "status": reply["content"]["status"],
                            "ename": reply["content"].get("ename"), "evalue": reply["content"].get("evalue")}
    # The same depth in the content of a request whose header is ordinary.
    header = session.msg_header("kernel_info_request")
    parts = [session.pack(header), session.pack({}), session.pack({}), ('{"x": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()]
    shell.send_multipart([b"<IDS|MSG>", session.sign(parts)] + parts)
    reply = shell_reply(kc, header["msg_id"], timeout=30)
    facts["deep_content"] = {"status": reply["content"]["status"], "evalue": reply["content"].get("evalue")}

    # A 1 MB comm id: refused; the kernel's log must not carry it whole (the node test reads the log).
    session.send(shell, "comm_msg", {"comm_id": "x" * 1_000_000, "data": {}})
    facts["alive"] = alive(kc)
    reply, out = execute(kc, io, "'after'")
    facts["after"] = results(out)
    facts["streams_echoed"] = sum(1 for m in io.seen if m["msg_type"] == "stream") - streams_before
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
