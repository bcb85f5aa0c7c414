/**
 * The main thread's side of the control thread (`control-thread.ts`): starts it, hands it replies to
 * send on control, and passes on what it reports (control requests, interrupts). Closing waits for the
 * thread to close its sockets: a process that exits while a worker holds zeromq sockets aborts.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { IopubPost } from "./iopub-relay";
import { OutputRingWriter, outputRingMemory, type RecordKind } from "./output-ring";
import { logKernel, type FrameSink, type KernelMessage } from "./wire";

/** The connection file's fields (Jupyter's `connection_file`). */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  key: string;
  signature_scheme?: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
}

/** Messages from the control thread. */
export type FromControl =
  | { kind: "ready" }
  | { kind: "failed"; error: string }
  | { kind: "control"; frames: Uint8Array[] }
  | { kind: "interrupt"; run: number }
  | { kind: "terminated"; run: number };

/** Messages to the control thread. */
export type ToControl = { kind: "send"; frames: (Uint8Array | string)[] } | ({ kind: "iopub" } & IopubPost) | { kind: "close" };

/** What the main thread does with the control thread's reports. */
export interface ControlHandlers {
  /** A control request other than `interrupt_request` (raw frames, to parse and answer). */
  request(frames: Buffer[]): void;
  /** Interrupt the run `run` (0: none was running when the interrupt came). */
  interrupt(run: number): void;
  /** The run's resumed code was terminated: runtime continuations queued behind it are gone. */
  terminated(run: number): void;
}

/** The running IO thread; also the frame sink for replies on control. */
export class ControlThread implements FrameSink {
  private readonly output: OutputRingWriter;
  private readonly handedSeq: Int32Array;
  private lastSeq = 0;
  private readonly parentIds = new WeakMap<KernelMessage, number>();
  private lastParentId = 0;
  private currentParent: KernelMessage | undefined;

  private constructor(
    private readonly worker: Worker,
    ring: ReturnType<typeof outputRingMemory>,
    handed: Int32Array,
  ) {
    this.output = new OutputRingWriter(ring);
    this.handedSeq = handed;
  }

  /** Starts the thread; resolves once its sockets are bound. */
  static start(connection: ConnectionInfo, shared: Int32Array, handlers: ControlHandlers): Promise<ControlThread> {
    const ring = outputRingMemory();
    const handed = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(join(__dirname, "control-thread.js"), { workerData: { connection, shared, ring, handed } });
    return new Promise((resolve, reject) => {
      worker.on("message", (msg: FromControl) => {
        switch (msg.kind) {
          case "ready":
            return resolve(new ControlThread(worker, ring, handed));
          case "failed":
            return reject(new Error(`control thread: ${msg.error}`));
          case "control":
            return handlers.request(msg.frames.map((f) => Buffer.from(f.buffer, f.byteOffset, f.byteLength)));
          case "interrupt":
            return handlers.interrupt(msg.run);
          case "terminated":
            return handlers.terminated(msg.run);
        }
      });
      worker.on("error", (err) => {
        logKernel(`control thread failed: ${err.stack ?? err.message}`);
        reject(err);
      });
    });
  }

  /** Sends on iopub (after the output printed before it); returns the message's number. */
  publish(frames: (Buffer | string)[]): number {
    const seq = ++this.lastSeq;
    this.worker.postMessage({ kind: "iopub", frames, seq, records: this.output.records } satisfies ToControl);
    return seq;
  }

  /** The number of the last message from {@link publish} that the socket has taken. */
  get handed(): number {
    return Atomics.load(this.handedSeq, 0);
  }

  /** Output printed by the cell `parent`; the IO thread coalesces and sends it. */
  print(parent: KernelMessage, stream: Exclude<RecordKind, "parent">, text: string): void {
    let id = this.parentIds.get(parent);
    if (parent !== this.currentParent || id === undefined) {
      // The header goes with every switch of cell (the IO thread remembers only the recent ones).
      if (id === undefined) this.parentIds.set(parent, (id = ++this.lastParentId));
      this.output.write(id, "parent", JSON.stringify(parent.header));
      this.currentParent = parent;
    }
    this.output.write(id, stream, text);
  }

  /** Sends a reply on the control socket (in order, through the thread's send queue). */
  send(frames: (Buffer | string)[]): void {
    this.worker.postMessage({ kind: "send", frames } satisfies ToControl);
  }

  /** Closes the thread's sockets and waits (at most `timeoutMs`) for it to end. */
  close(timeoutMs = 1000): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      this.worker.postMessage({ kind: "close" } satisfies ToControl);
    });
  }
}
