"""One run of the iopub benchmark (bench/src/iopub.ts): a real jupyter_client counts printed lines.

Usage: /usr/bin/python3 iopub.py KERNEL_NAME LANG LINES TIMEOUT_S KERNEL_LOG

Starts the kernelspec KERNEL_NAME on a fresh kernel, runs one warm-up cell (10 lines), then a cell that
prints LINES lines "line <i>" (LANG "ts": console.log in a for loop; "py": print in a for loop), and counts
the lines of every `stream` message of that request until its `idle` status. Prints one line
`RESULT {json}`: lines received, whether they are exactly the lines sent and in order, stream messages,
seconds from execute to idle, lines that came after idle, and what went wrong, if anything. Never waits
more than TIMEOUT_S for the cell, nor more than IDLE_GRACE s of silence once the execute_reply is in
and the idle status is not; the kernel is always shut down. The kernel's own output goes to
KERNEL_LOG.
"""
import json
import os
import signal
import sys
import time
import traceback
from queue import Empty

from jupyter_client.manager import KernelManager

START_TIMEOUT = 60
LATE_WINDOW = 0.5  # seconds to keep listening after idle, to see output that arrives late
IDLE_GRACE = 10  # seconds of iopub silence after the execute_reply before the idle status counts as lost


def cell(lang, n):
    if lang == "ts":
        return f'for (let i = 0; i < {n}; i++) console.log("line " + i);'
    return f'for i in range({n}):\n    print("line", i)'


def run_cell(km, kc, code, n, timeout):
    """Runs one cell and measures what reaches the client's iopub channel."""
    out = {"received": 0, "messages": 0, "seconds": None, "late_lines": 0, "intact": False,
           "timed_out": False, "idle_lost": False, "died": False, "error": None, "reply": None}
    chunks = []
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    deadline = t0 + timeout
    last_seen = t0  # when iopub last brought something of this request
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            out["timed_out"] = True
            break
        try:
            msg = kc.get_iopub_msg(timeout=min(left, 1.0))
        except Empty:
            if not km.is_alive():
                out["died"] = True
                break
            # The shell reply travels on another socket: once it is in and iopub stays silent, the
            # idle status is not coming (a kernel that drops messages), so stop before the deadline.
            while out["reply"] is None:
                try:
                    reply = kc.get_shell_msg(timeout=0)
                except Empty:
                    break
                if reply["parent_header"].get("msg_id") == msg_id:
                    out["reply"] = reply["content"].get("status")
            if out["reply"] is not None and time.perf_counter() - last_seen > IDLE_GRACE:
                out["idle_lost"] = True
                break
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        last_seen = time.perf_counter()
        kind = msg["msg_type"]
        if kind == "stream":
            chunks.append(msg["content"]["text"])
            out["messages"] += 1
        elif kind == "error":
            out["error"] = f'{msg["content"].get("ename")}: {msg["content"].get("evalue")}'
        elif kind == "status" and msg["content"]["execution_state"] == "idle":
            out["seconds"] = time.perf_counter() - t0
            break
    text = "".join(chunks)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out["received"] = len(lines)
    out["intact"] = lines == [f"line {i}" for i in range(n)]
    if out["seconds"] is not None:
        # Output that a kernel sends after its idle status is not part of the cell for a client.
        late_until = time.perf_counter() + LATE_WINDOW
        while (left := late_until - time.perf_counter()) > 0:
            try:
                msg = kc.get_iopub_msg(timeout=left)
            except Empty:
                break
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                out["late_lines"] += msg["content"]["text"].count("\n")
    return out


def main():
    kernel, lang, n, timeout, log_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
    # SIGTERM from the bench (its own deadline) still shuts the kernel down, through `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(3))
    result = {"kernel": kernel, "sent": n}
    km = kc = None
    with open(log_path, "wb") as log:
        try:
            km = KernelManager(kernel_name=kernel)
            result["spec"] = km.kernel_spec.resource_dir
            km.start_kernel(cwd=os.environ.get("STREAMZ_REPO", os.getcwd()), stdout=log, stderr=log)
            kc = km.client()
            kc.start_channels()
            kc.wait_for_ready(timeout=START_TIMEOUT)
            warm = run_cell(km, kc, cell(lang, 10), 10, START_TIMEOUT)
            if not warm["intact"]:
                result["warmup"] = warm
            result.update(run_cell(km, kc, cell(lang, n), n, timeout))
        except BaseException:  # noqa: B036 - SystemExit from SIGTERM included: report, then clean up
            result["exception"] = traceback.format_exc(limit=4)
        finally:
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                km.shutdown_kernel(now=True)
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
