"""Helpers to drive the streamz-ts kernel with jupyter_client, shared by the scripts the node tests run.

The node test installs the kernelspec into a temporary prefix and points JUPYTER_PATH at it; these
helpers only start it (in STREAMZ_REPO, so cells resolve the workspace packages) and talk to it.
"""
import json
import os
import sys
import time
import traceback
from queue import Empty

from jupyter_client.manager import KernelManager

TIMEOUT = 60


def start():
    """Starts the kernelspec named by STREAMZ_KERNEL (default streamz-ts); returns (km, kc)."""
    km = KernelManager(kernel_name=os.environ.get("STREAMZ_KERNEL", "streamz-ts"))
    km.start_kernel(cwd=os.environ["STREAMZ_REPO"])
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


class Iopub:
    """Every iopub message seen, in arrival order, with waiting helpers."""

    def __init__(self, kc):
        self.kc = kc
        self.seen = []

    def pump(self, timeout):
        try:
            self.seen.append(self.kc.get_iopub_msg(timeout=timeout))
            return True
        except Empty:
            return False

    def wait(self, pred, timeout=TIMEOUT, what="a message"):
        """Returns the first message (already seen or new) for which pred is true."""
        deadline = time.monotonic() + timeout
        i = 0
        while True:
            while i < len(self.seen):
                if pred(self.seen[i]):
                    return self.seen[i]
                i += 1
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("timed out waiting for " + what)
            self.pump(min(left, 1.0))

    def idle(self, msg_id, timeout=TIMEOUT):
        return self.wait(lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                         and m["content"]["execution_state"] == "idle", timeout, "idle after " + msg_id)

    def of(self, msg_id, msg_type=None):
        return [m for m in self.seen if m["parent_header"].get("msg_id") == msg_id
                and (msg_type is None or m["msg_type"] == msg_type)]


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    """The shell reply to msg_id (skipping replies to other requests)."""
    deadline = time.monotonic() + timeout
    while True:
        m = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
        if m["parent_header"].get("msg_id") == msg_id:
            return m


def execute(kc, io, code, **kw):
    """Runs a cell; returns (reply content, iopub messages of that request), after its idle status."""
    msg_id = kc.execute(code, **kw)
    reply = shell_reply(kc, msg_id)
    io.idle(msg_id)
    return reply["content"], [m for m in io.of(msg_id) if m["msg_type"] != "status"]


def alive(kc):
    """A kernel_info round trip: proves the kernel still answers."""
    msg_id = kc.kernel_info()
    return shell_reply(kc, msg_id, timeout=30)["content"].get("status") == "ok"


def emit(facts):
    """Hands the facts to the node test: one JSON line on stdout, marked."""
    sys.stdout.write("FACTS " + json.dumps(facts) + "\n")
    sys.stdout.flush()


def finish(km, kc, facts):
    """Stops the client and shuts the kernel down, noting any failure, then emits the facts."""
    try:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    except Exception:
        facts["shutdown_exception"] = traceback.format_exc()
    emit(facts)
