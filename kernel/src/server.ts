/**
 * The kernel's message loop: its sockets (shell and stdin here; control, heartbeat and iopub on the IO
 * thread), our own framing and dispatch, and tslab's handler for kernel info, completion and
 * inspection. We parse every frame ourselves so that no client message can throw out of the loop,
 * carry binary buffers both ways, serve the comm messages, and turn cell values and failures into
 * `execute_result` / `error`. Every message leaves through a per-socket {@link SendQueue}, so none is
 * lost to zeromq's back pressure; printed output goes to the IO thread through shared memory, which
 * coalesces it and sends it even while a cell keeps this thread busy.
 */
import { readFileSync } from "node:fs";
import type { JupyterHandlerImpl } from "tslab/dist/jupyter";
import type { Executor } from "tslab/dist/executor";
import { BadRequest, CommManager, describe } from "./comms";
import type { CellRunner } from "./cells";
import type { CellGuard } from "./cell-guard";
import { ControlThread, type ConnectionInfo } from "./control";
import { History } from "./history";
import { SendQueue } from "./send-queue";
import { checkRequest } from "./validate";
import { KernelMessage, RejectedMessage, logKernel, newHeader, type FrameSink } from "./wire";

type Zmq = typeof import("zeromq");
type Readable = { receive(): Promise<Buffer[]>; readonly closed: boolean };

/** The streamz-ts kernel server. */
export class StreamzServer {
  /** The comm channel; published as the protocol's kernel bridge. */
  readonly comms: CommManager;
  private connInfo!: ConnectionInfo;
  private sockets: { close(): void }[] = [];
  private shell!: SendQueue;
  private stdin!: SendQueue;
  /** The IO thread (control, heartbeat, iopub); started first, in `init`. */
  private io!: ControlThread;
  /** The message being handled synchronously right now (a comm message): parent of what it causes. */
  private handling: KernelMessage | undefined;
  private lastSeen: KernelMessage | undefined;
  private readonly history = new History();
  private receivers: (() => void)[] = [];

  constructor(
    private readonly handler: JupyterHandlerImpl,
    private readonly configPath: string,
    private readonly cells: CellRunner,
    private readonly executor: Executor,
    private readonly guard: CellGuard,
    private readonly version: string,
  ) {
    this.comms = new CommManager(
      (type, content, metadata, buffers) => this.publish(this.outputParent(), type, content, metadata, buffers),
      () => this.io.handed,
    );
  }

  /** Binds the sockets and starts serving. */
  async init(): Promise<void> {
    const info = JSON.parse(readFileSync(this.configPath, "utf8")) as ConnectionInfo;
    this.connInfo = info;
    // Loaded late (as tslab does) so that several copies of the package can live in one process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zmq = require("zeromq") as Zmq;
    this.io = await ControlThread.start(info, this.guard.shared, {
      request: (frames) => void this.handleMessage(this.io, frames),
      interrupt: (run) => {
        if (run !== 0) this.interrupt(run);
        this.guard.acknowledge();
      },
      terminated: (run) => this.recover(run),
    });
    const shell = new zmq.Router({ linger: 1000 });
    const stdin = new zmq.Router({ linger: 0 });
    this.sockets = [shell, stdin];
    this.shell = new SendQueue(shell, "shell");
    this.stdin = new SendQueue(stdin, "stdin");
    const address = (port: number): string => `${info.transport}://${info.ip}:${port}`;
    await Promise.all([shell.bind(address(info.shell_port)), stdin.bind(address(info.stdin_port))]);
    this.receivers = [() => this.receive(shell, (f) => void this.handleMessage(this.shell, f)), () => this.receive(stdin, () => undefined)];
    for (const start of this.receivers) start();
  }

  /** Parent header for output not tied to a reply: the message being handled, else the running (or last) cell. */
  private outputParent(): KernelMessage | undefined {
    return this.handling ?? this.cells.current?.msg ?? this.lastSeen;
  }

  /** Sends on iopub, after the output printed before it. Returns the message's number (see `ControlThread.handed`). */
  publish(
    parent: KernelMessage | undefined,
    type: string,
    content: Record<string, unknown>,
    metadata: Record<string, unknown> = {},
    buffers: Buffer[] = [],
  ): number {
    const msg = parent ? parent.createReply(type) : new KernelMessage(newHeader(type, "streamz-ts-kernel"));
    msg.identity = [];
    msg.content = content;
    msg.metadata = metadata;
    msg.extra = buffers;
    return this.io.publish(msg.frames(this.connInfo.key));
  }

  private status(state: "busy" | "idle", parent: KernelMessage): void {
    this.publish(parent, "status", { execution_state: state });
  }

  private reply(sink: FrameSink, req: KernelMessage, content: Record<string, unknown>): void {
    const rep = req.createReply(req.header.msg_type.replace(/_request$/, "_reply"));
    rep.content = content;
    rep.signAndSend(this.connInfo.key, sink);
  }

  /** Reads `sock` until it closes. A second reader of a socket already being read ends at once (EBUSY). */
  private receive(sock: Readable, handle: (frames: Buffer[]) => void): void {
    void (async () => {
      for (;;) {
        let frames: Buffer[];
        try {
          frames = await sock.receive();
        } catch (err) {
          if (!sock.closed && (err as { code?: unknown }).code !== "EBUSY") logKernel(`a socket stopped receiving: ${describe(err)}`);
          return;
        }
        handle(frames);
      }
    })();
  }

  /** Handles one message from shell or control; `sink` is where its reply goes. */
  private async handleMessage(sink: FrameSink, frames: Buffer[]): Promise<void> {
    this.guard.kernelWork();
    let msg: KernelMessage;
    try {
      msg = KernelMessage.parse(frames, this.connInfo.key);
    } catch (err) {
      if (err instanceof RejectedMessage && err.request.header.msg_type.endsWith("_request")) {
        this.reply(sink, err.request, { status: "error", ename: err.name, evalue: err.message, traceback: [] });
      }
      logKernel(`dropped a message: ${describe(err)}`);
      return;
    }
    this.lastSeen = msg;
    let shutdown = false;
    this.status("busy", msg);
    try {
      shutdown = await this.dispatch(sink, msg);
    } catch (err) {
      logKernel(`${msg.header.msg_type} refused: ${describe(err)}`);
      if (msg.header.msg_type.endsWith("_request")) {
        this.reply(sink, msg, {
          status: "error",
          ename: err instanceof BadRequest ? "BadRequest" : "KernelError",
          evalue: err instanceof Error ? err.message : String(err),
          traceback: [],
        });
      }
    } finally {
      this.handling = undefined;
      this.status("idle", msg);
    }
    if (shutdown) await this.shutdown();
  }

  /** Handles one parsed message; returns true when the kernel must shut down. */
  private async dispatch(sink: FrameSink, msg: KernelMessage): Promise<boolean> {
    const type = msg.header.msg_type;
    const c = msg.content;
    checkRequest(type, c);
    switch (type) {
      case "kernel_info_request":
        this.reply(sink, msg, this.kernelInfo());
        return false;
      case "execute_request":
        await this.execute(sink, msg);
        return false;
      case "is_complete_request":
        this.reply(sink, msg, this.handler.handleIsComplete(c as never) as unknown as Record<string, unknown>);
        return false;
      case "inspect_request":
        this.reply(sink, msg, { status: "ok", ...(this.handler.handleInspect(c as never) as unknown as Record<string, unknown>) });
        return false;
      case "complete_request":
        this.reply(sink, msg, this.handler.handleComplete(c as never) as unknown as Record<string, unknown>);
        return false;
      case "comm_info_request":
        this.reply(sink, msg, this.comms.info(c.target_name));
        return false;
      case "comm_open":
      case "comm_msg":
      case "comm_close": {
        this.handling = msg;
        const fn = type === "comm_open" ? "handleOpen" : type === "comm_msg" ? "handleMessage" : "handleClose";
        this.comms[fn](c, msg.metadata, msg.extra);
        return false;
      }
      case "history_request":
        this.reply(sink, msg, this.history.reply(c));
        return false;
      case "interrupt_request":
        this.interrupt(undefined);
        this.reply(sink, msg, { status: "ok" });
        return false;
      case "shutdown_request":
        this.reply(sink, msg, { status: "ok", restart: c.restart === true });
        return true;
      default:
        logKernel(`ignored a message of unknown type "${type}"`);
        return false;
    }
  }

  private kernelInfo(): Record<string, unknown> {
    const base = this.handler.handleKernel() as unknown as Record<string, unknown>;
    const lang = base.language_info as Record<string, unknown>;
    return {
      ...base,
      status: "ok",
      implementation: "streamz-ts",
      implementation_version: this.version,
      banner: `streamz-ts ${this.version}: TypeScript (tslab) with live stream widgets`,
      language_info: { ...lang, version: "5.0", pygments_lexer: "typescript" },
      help_links: [],
    };
  }

  /** An execute request through the cell queue, then its result or error, then the reply. */
  private async execute(sink: FrameSink, msg: KernelMessage): Promise<void> {
    const silent = msg.content.silent === true;
    const io = {
      writeStream: (name: string, text: string): void => {
        if (!silent) this.io.print(msg, name === "stderr" ? "stderr" : "stdout", text);
      },
      writeDisplayData: (data: object, update: boolean): void => {
        this.publish(msg, update ? "update_display_data" : "display_data", data as Record<string, unknown>);
      },
    };
    const res = await this.cells.run(msg, msg.content.code as string, msg.content.stop_on_error !== false, io);
    let content: Record<string, unknown>;
    if (res.status !== "aborted" && msg.content.store_history !== false && !silent) {
      const plain = res.outcome.result?.["text/plain"];
      this.history.add(res.count, msg.content.code as string, typeof plain === "string" ? plain : null);
    }
    if (res.status === "ok") {
      const result = res.outcome.result;
      if (result && !silent) this.publish(msg, "execute_result", { execution_count: res.count, data: result, metadata: {} });
      content = { status: "ok", execution_count: res.count, user_expressions: {}, payload: [] };
    } else if (res.status === "error") {
      const err = res.outcome.error ?? { ename: "Error", evalue: "the cell failed", traceback: [] };
      this.publish(msg, "error", { ...err });
      content = { status: "error", execution_count: res.count, ...err };
    } else {
      content = { status: "aborted" };
    }
    this.reply(sink, msg, content);
  }

  /** Interrupts the running cell (only run `run`, when given: a late interrupt must not hit the next cell). */
  interrupt(run: number | undefined): void {
    const current = this.guard.current;
    if (!current || (run !== undefined && run !== current.id)) return;
    current.interrupted = true;
    this.executor.interrupt();
  }

  /**
   * After the control thread terminated a cell's resumed code: the runtime dropped every promise
   * reaction queued behind it, possibly a send queue's next step or a socket reader's next read.
   * Restart them (each knows not to run twice), then let the executor give up on the cell.
   */
  private recover(run: number): void {
    for (const q of [this.shell, this.stdin]) q.recover();
    for (const start of this.receivers) start();
    this.interrupt(run);
    const current = this.guard.current;
    if (current?.id === run) current.abandon();
  }

  /** Stops: replies sent, sockets closed, then the process ends even if cell code left timers running. */
  private async shutdown(): Promise<void> {
    await this.shell.drained();
    try {
      this.handler.close();
    } catch (err) {
      logKernel(`shutdown: ${describe(err)}`);
    }
    await this.io.close();
    for (const s of this.sockets) s.close();
    setTimeout(() => process.exit(0), 100).unref();
  }
}
