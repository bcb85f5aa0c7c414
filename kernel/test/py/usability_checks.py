"""What a notebook user meets first, through a real client; prints facts as JSON.

Views without an import (`.chart`, `.table`, `.output`, `display`), a failing map in a cell (the
StreamError line first, no library source line above it), and a map failing inside a running
`fromPeriodic` (one line per failure, rate limited, no object dump). Judged by kernel/test/usability.test.ts.
"""
import traceback

from harness import Iopub, emit, execute, finish, start

facts = {}
km, kc = start()
io = Iopub(kc)


def summary(reply, out):
    return {"status": reply["status"], "evalue": reply.get("evalue"), "traceback": reply.get("traceback"),
            "types": [m["msg_type"] for m in out],
            "views": sum(1 for m in out if "application/vnd.jupyter.widget-view+json" in m["content"].get("data", {})),
            "stderr": "".join(m["content"]["text"] for m in out if m["msg_type"] == "stream" and m["content"]["name"] == "stderr")}


try:
    # No import of @streamz-ts/widgets anywhere in this kernel's cells.
    execute(kc, io, "import { Stream, fromPeriodic } from '@streamz-ts/core'; const s = new Stream<number>();")
    facts["chart"] = summary(*execute(kc, io, "s.chart({ mark: 'point', encoding: { x: { field: 'index' }, y: { field: 'value' } } })"))
    facts["table"] = summary(*execute(kc, io, "s.table()"))
    facts["output"] = summary(*execute(kc, io, "s.output()"))
    facts["display"] = summary(*execute(kc, io, "display(s.map((x) => x + 1)); 1"))

    # A map that throws, run synchronously by the cell.
    execute(kc, io, "const t = new Stream<number>(); t.map(function explode(x: number): number { throw new Error('bad ' + x); });")
    facts["sync_failure"] = summary(*execute(kc, io, "t.emit(3)"))

    # A map that throws inside a running fromPeriodic: its lines land in the cell that ran last.
    reply, out = execute(kc, io, "const p = fromPeriodic(() => 1, 5); p.map(function explode2(): number { throw new Error('boom'); }); p.start();"
                         "await new Promise((r) => setTimeout(r, 1600)); p.stop(); 'done'")
    facts["detached"] = summary(reply, out)
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
