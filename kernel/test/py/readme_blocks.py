"""Runs every ```ts block of the README, in order, as cells of one streamz-ts kernel; prints facts.

Each block is a cell; after a block whose text contains a key of CHECKS, the check cell runs too, and
its result is recorded, so that the node test (kernel/test/readme.test.ts) can compare it with what
the README says the block does. Live views opened by a block are followed until their last update.
"""
import os
import re
import time
import traceback

from harness import Iopub, execute, finish, shell_reply, start

# A distinctive line of a block -> a cell that shows what the block did (its result is recorded).
CHECKS = {
    "seen is now [2, 6, 14, 24]": "JSON.stringify(seen)",
    "await allTen;": "JSON.stringify(squares)",
    "if (r) await r;": "JSON.stringify(written)",
    "const windows = source.timedWindow(100)": "JSON.stringify(windows)",
    "kept holds the 19 above 0.8": "JSON.stringify([kept.length, kept[0], threshold.value])",
    "totals; // [5, 1, 7, 11]": "JSON.stringify(totals)",
    'registerApi("double"': "(() => { const s = new Stream<number>(); const out = s.double().sinkToList(); s.emit(21); return out[0]; })()",
}

facts = {"blocks": []}
km, kc = start()
io = Iopub(kc)
try:
    readme = open(os.path.join(os.environ["STREAMZ_REPO"], "README.md")).read()
    blocks = re.findall(r"^```ts\n(.*?)^```", readme, flags=re.S | re.M)
    ids = []
    for code in blocks:
        msg_id = kc.execute(code)
        reply = shell_reply(kc, msg_id)["content"]
        io.idle(msg_id)
        ids.append(msg_id)
        out = [m for m in io.of(msg_id) if m["msg_type"] != "status"]
        fact = {"code": code, "status": reply["status"], "evalue": reply.get("evalue"),
                "stdout": "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream"),
                "views": [m["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for m in out
                          if m["msg_type"] in ("execute_result", "display_data")
                          and "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]}
        for key, check in CHECKS.items():
            if key in code:
                _, out = execute(kc, io, check)
                fact["check"] = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]
        facts["blocks"].append(fact)
    # The last text each view showed (views update at most every 500 ms: wait for the last one).
    time.sleep(1.2)
    while io.pump(0.2):
        pass
    last = {}
    for m in io.seen:
        if m["msg_type"] == "comm_msg" and m["content"]["data"].get("method") == "update":
            text = m["content"]["data"]["state"].get("text")
            if text is not None:
                last[m["content"]["comm_id"]] = text
    facts["view_text"] = last
    # Output a block's work printed after its cell ended (a pipeline still delivering) belongs to it too.
    for fact, msg_id in zip(facts["blocks"], ids):
        fact["stdout_all"] = "".join(m["content"]["text"] for m in io.of(msg_id, "stream"))
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
