"""Drives the kernel installed from the packed tarballs (kernel/test/tarballs.test.mjs), started in the
fresh project's folder (STREAMZ_REPO): imports, module paths, a type error and a live widget.

Records facts only; the node test decides. Every module the kernel's main thread loaded is listed, so
the test can prove that none comes from the repository.
"""
import json
import traceback

from harness import Iopub, emit, execute, finish, start


def texts(out, kind):
    return [m["content"]["data"].get("text/plain", "") for m in out if m["msg_type"] == kind]


facts = {}
km, kc = start()
io = Iopub(kc)
try:
    reply, out = execute(kc, io, "\n".join([
        "import { Stream } from '@streamz-ts/core';",
        "import { greet } from 'tiny-greeter';",
        "greet('notebook')",
    ]))
    facts["import"] = {"status": reply["status"], "results": texts(out, "execute_result")}

    # tslab cells get a require rooted at the notebook's folder; require.cache is the process's.
    reply, out = execute(kc, io, "\n".join([
        "console.log(JSON.stringify({",
        "  resolved: ['@streamz-ts/core', '@streamz-ts/widgets', 'tiny-greeter'].map((m) => require.resolve(m)),",
        "  loaded: Object.keys(require.cache),",
        "  kernel: process.argv[1],",
        "}));",
    ]))
    printed = "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
    facts["paths"] = {"status": reply["status"], **json.loads(printed)}

    reply, out = execute(kc, io, "const wrong: Stream<number> = new Stream<string>();")
    facts["type_error"] = {"status": reply["status"], "evalue": reply.get("evalue", "")}

    reply, out = execute(kc, io, "const live = new Stream<number>({ name: 'live' });\nlive")
    opens = [m["content"] for m in out if m["msg_type"] == "comm_open"]
    facts["display"] = {
        "status": reply["status"],
        "results": [sorted(m["content"]["data"]) for m in out if m["msg_type"] == "execute_result"],
        "opens": [{"target": o["target_name"], "model": o["data"]["state"].get("_model_name")} for o in opens],
    }
    if opens:
        comm_id = opens[0]["comm_id"]
        reply, _ = execute(kc, io, "for (let i = 1; i <= 3; i++) live.emit(i * 10);")
        facts["feed_status"] = reply["status"]
        update = io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
                         and m["content"]["data"].get("state", {}).get("count") == 3, 30, "the update after 3 values")
        facts["update"] = update["content"]["data"]["state"]
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
