/**
 * The kernel's IO thread (a worker thread, as ipykernel keeps control, heartbeat and iopub on threads of
 * their own): it owns the control, heartbeat and iopub sockets, so that they answer and output flows
 * while the main thread runs a cell's synchronous code, and it is where an interrupt is carried out.
 * Iopub is the {@link IopubRelay}'s: messages the main thread posts, and the output cells print.
 *
 * An interrupt comes as an `interrupt_request` on control, or as SIGINT. Jupyter clients signal the
 * kernel's whole process group, and a worker thread cannot receive signals, so a tiny relay process in
 * our group turns SIGINT into a byte on a pipe that this thread reads. Then: the main thread is asked
 * to interrupt the running cell; if it does not answer within {@link ACK_WAIT_MS} and the shared phase
 * says that cell code runs, that code is terminated through the inspector (see `cell-guard.ts`).
 *
 * Every other control message goes to the main thread, which answers through this thread.
 */
import { spawn } from "node:child_process";
import { Session } from "node:inspector";
import { parentPort, workerData } from "node:worker_threads";
import { Phase, Shared } from "./cell-guard";
import type { ConnectionInfo, FromControl, ToControl } from "./control";
import { IopubRelay } from "./iopub-relay";
import { OutputRingReader, type OutputRingMemory } from "./output-ring";
import { SendQueue } from "./send-queue";
import { KernelMessage, logKernel } from "./wire";

/** How long the main thread has to take an interrupt itself before we stop what it runs. */
const ACK_WAIT_MS = 150;

/** The relay: prints a byte per SIGINT; ends when its stdin closes (the kernel ended, even by kill -9). */
const RELAY = `process.on("SIGINT",()=>process.stdout.write("i"));process.stdin.on("end",()=>process.exit(0));process.stdin.on("error",()=>process.exit(0));process.stdin.resume();`;

const { connection, shared, ring, handed } = workerData as {
  connection: ConnectionInfo;
  shared: Int32Array;
  ring: OutputRingMemory;
  handed: Int32Array;
};
const port = parentPort!;
const post = (msg: FromControl): void => port.postMessage(msg);

// eslint-disable-next-line @typescript-eslint/no-require-imports
const zmq = require("zeromq") as typeof import("zeromq");
// Linger: a reply queued just before closing (to shutdown_request) still goes out.
const control = new zmq.Router({ linger: 1000 });
const heartbeat = new zmq.Reply();
const controlQueue = new SendQueue(control, "control");
// noDrop: a subscriber that lags makes sends wait (in the relay's queue) instead of losing messages.
const iopub = new zmq.Publisher({ noDrop: true, linger: 1000 });
const relay = new IopubRelay(iopub, connection.key, new OutputRingReader(ring), handed);
const inspector = new Session();
inspector.connectToMainThread();

const sigint = spawn(process.execPath, ["-e", RELAY], { stdio: ["pipe", "pipe", "ignore"] });
sigint.on("error", (err) => logKernel(`SIGINT relay did not start: ${err.message}`));
sigint.stdout.on("data", (bytes: Buffer) => {
  for (let i = 0; i < bytes.length; i++) interrupt();
});

/** Interrupts the running cell, from here if the main thread cannot. */
function interrupt(): void {
  const run = Atomics.load(shared, Shared.Run);
  const acks = Atomics.load(shared, Shared.Acks);
  post({ kind: "interrupt", run });
  if (run === 0) return;
  // Blocking this thread briefly is fine: nothing else here is urgent.
  if (Atomics.wait(shared, Shared.Acks, acks, ACK_WAIT_MS) !== "timed-out") return;
  if (Atomics.load(shared, Shared.Run) !== run) return;
  // Cell code runs (its synchronous start, or code resumed after an await): stop it. Kernel code
  // (type-checking a long cell) is left to finish; the interrupt then takes effect at the cell's start.
  if (Atomics.load(shared, Shared.Phase) === Phase.Idle) return;
  inspector.post("Runtime.terminateExecution", (err) => {
    if (err) logKernel(`terminating the cell failed: ${err.message}`);
    else post({ kind: "terminated", run });
  });
}

async function serveControl(): Promise<void> {
  for await (const frames of control) {
    let msg: KernelMessage;
    try {
      msg = KernelMessage.parse(frames, connection.key);
    } catch {
      // The main thread parses it again and answers with the reason (or logs it).
      post({ kind: "control", frames });
      continue;
    }
    if (msg.header.msg_type !== "interrupt_request") {
      post({ kind: "control", frames });
      continue;
    }
    interrupt();
    const reply = msg.createReply("interrupt_reply");
    reply.content = { status: "ok" };
    reply.signAndSend(connection.key, controlQueue);
  }
}

async function serveHeartbeat(): Promise<void> {
  for await (const frames of heartbeat) await heartbeat.send(frames);
}

port.on("message", (msg: ToControl) => {
  if (msg.kind === "iopub") {
    relay.post(msg);
  } else if (msg.kind === "send") {
    controlQueue.send(msg.frames.map((f) => (typeof f === "string" ? f : Buffer.from(f))));
  } else if (msg.kind === "close") {
    void closeAll();
  }
});

/** Sends what waits (the shutdown reply), then closes everything so that the thread can end. */
async function closeAll(): Promise<void> {
  await Promise.all([controlQueue.drained(1000), relay.drained(1000)]);
  controlQueue.close();
  relay.close();
  sigint.stdin.end();
  control.close();
  heartbeat.close();
  iopub.close();
  inspector.disconnect();
  port.close();
}

const address = (p: number): string => `${connection.transport}://${connection.ip}:${p}`;
const sockets = [
  control.bind(address(connection.control_port)),
  heartbeat.bind(address(connection.hb_port)),
  iopub.bind(address(connection.iopub_port)),
];
Promise.all(sockets).then(
  () => {
    post({ kind: "ready" });
    relay.follow().catch((err: unknown) => logKernel(`iopub output stopped: ${String(err)}`));
    serveControl().catch((err: unknown) => logKernel(`control socket stopped: ${String(err)}`));
    serveHeartbeat().catch((err: unknown) => logKernel(`heartbeat socket stopped: ${String(err)}`));
  },
  (err: unknown) => post({ kind: "failed", error: String(err) }),
);
