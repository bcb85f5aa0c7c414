"""A displayed stream fed 10,000 values over about 3 s: records every widget message the client sees.

The node test (kernel/test/live.test.ts) checks one comm_open, the update rate and the last value.
"""
import traceback

from harness import Iopub, emit, execute, start

facts = {}
km, kc = start()
io = Iopub(kc)
try:
    reply, out = execute(kc, io, "\n".join([
        "import { Stream } from '@streamz-ts/core';",
        "import '@streamz-ts/widgets';",
        "const live = new Stream<number>();",
        "live",
    ]))
    facts["display"] = {"status": reply["status"],
                        "results": [m["content"]["data"] for m in out if m["msg_type"] == "execute_result"]}
    reply, _ = execute(kc, io, "\n".join([
        "for (let i = 1; i <= 10000; i++) {",
        "  live.emit(i);",
        "  if (i % 100 === 0) await new Promise((r) => setTimeout(r, 30));",
        "}",
    ]))
    facts["feed_status"] = reply["status"]
    opens = [m for m in io.seen if m["msg_type"] == "comm_open"]
    comm_id = opens[0]["content"]["comm_id"] if opens else None
    # The last value goes out with the next allowed update, at most 500 ms after the loop ended.
    io.wait(lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
            and m["content"]["data"].get("state", {}).get("count") == 10000, 10, "the update with the last value")
    facts["opens"] = [{"comm_id": m["content"]["comm_id"], "target": m["content"]["target_name"],
                       "t": m["header"]["date"].timestamp(), "state": m["content"]["data"]["state"]} for m in opens]
    facts["updates"] = [{"t": m["header"]["date"].timestamp(), "data": m["content"]["data"]}
                        for m in io.seen if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id]
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    emit(facts)
