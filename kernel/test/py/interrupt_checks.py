"""Interrupts of every shape of running code, through a real client; prints facts as JSON.

For each case: start the cell, wait until it runs, interrupt (SIGINT to the process group, as
jupyter_client does, or an interrupt_request on the control channel), then record the execute
reply, the seconds from the interrupt to the cell's idle status, and whether the next cell runs.
The node test (kernel/test/interrupt.test.ts) judges them.
"""
import os
import signal
import time
import traceback

from harness import finish, Iopub, alive, emit, execute, shell_reply, start

facts = {}
km, kc = start()
io = Iopub(kc)

SLEEP = "await new Promise((r) => setTimeout(r, 10));"


def interrupt_by(how):
    if how == "signal":
        km.interrupt_kernel()  # kernelspec interrupt_mode "signal": SIGINT to the kernel's process group
    elif how == "message":
        msg = kc.session.msg("interrupt_request", {})
        kc.control_channel.send(msg)
        return msg["header"]["msg_id"]
    elif how == "pid":
        os.kill(km.provisioner.process.pid, signal.SIGINT)  # the kernel process alone, not its group


def wait_until_blocked():
    """Returns once the main thread stops answering kernel_info: the cell runs synchronous code."""
    for _ in range(100):
        try:
            shell_reply(kc, kc.kernel_info(), timeout=0.3)
        except Exception:
            return
    raise TimeoutError("the cell never blocked the main thread")


def case(name, code, how, blocks=False):
    """Runs `code` (which prints `started` once running), interrupts it, records what happened."""
    msg_id = kc.execute(code)
    io.wait(lambda m: m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream"
            and "started" in m["content"]["text"], 30, name + " to start")
    if blocks:
        wait_until_blocked()
    t = time.monotonic()
    control_id = interrupt_by(how)
    reply = shell_reply(kc, msg_id, timeout=30)["content"]
    io.idle(msg_id, timeout=30)
    seconds = time.monotonic() - t
    control_reply = None
    if control_id:
        while True:
            m = kc.get_control_msg(timeout=10)
            if m["parent_header"].get("msg_id") == control_id:
                control_reply = m["content"]["status"]
                break
    after, out = execute(kc, io, "kept + 1")
    facts[name] = {"status": reply["status"], "ename": reply.get("ename"), "seconds": round(seconds, 3),
                   "control_reply": control_reply, "next": [m["content"]["data"]["text/plain"] for m in out
                                                            if m["msg_type"] == "execute_result"]}


try:
    execute(kc, io, "import { Stream } from '@streamz-ts/core'; import '@streamz-ts/widgets'; const kept = 41;")
    case("sync_start_signal", "console.log('started'); while (true) {}", "signal", blocks=True)
    # Several lines printed right before a block: they arrive while it runs (the IO thread sends them).
    case("printed_then_blocked", "for (let i = 0; i < 1000; i++) console.log('line ' + i); console.log('started'); while (true) {}",
         "signal", blocks=True)
    case("after_await_signal", "console.log('started'); " + SLEEP + " while (true) {}", "signal", blocks=True)
    case("after_await_message", "console.log('started'); " + SLEEP + " while (true) {}", "message", blocks=True)
    case("nested_function_signal", "async function spin() { " + SLEEP + " while (true) {} } console.log('started'); await spin();",
         "signal", blocks=True)
    case("nested_function_early", "async function spin2() { " + SLEEP + " while (true) {} } console.log('started'); await spin2();",
         "message")
    case("awaiting_pid", "console.log('started'); await new Promise(() => {});", "pid")
    case("awaiting_message", "console.log('started'); await new Promise(() => {});", "message")

    # An async loop that emits into a displayed stream: it must stop emitting, not only stop being waited for.
    execute(kc, io, "const fed = new Stream<number>(); let emitted = 0; fed.sink(() => { emitted++; }); fed")
    case("async_loop_signal", "console.log('started'); for (let i = 0; ; i++) { fed.emit(i); "
         "if (i % 1000 === 999) await new Promise((r) => setTimeout(r, 1)); }", "signal")
    _, out = execute(kc, io, "emitted")
    first = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]
    time.sleep(1.5)
    _, out = execute(kc, io, "emitted")
    second = [m["content"]["data"]["text/plain"] for m in out if m["msg_type"] == "execute_result"]
    facts["async_loop_emitted"] = {"first": first, "after_1_5_s": second}
    facts["alive"] = alive(kc)
except Exception:
    facts["exception"] = traceback.format_exc()
finally:
    finish(km, kc, facts)
