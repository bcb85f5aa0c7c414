/**
 * The kernel's message loop: tslab's `ZmqServer` (sockets, heartbeat, kernel info, completion,
 * inspection, its execute queue) with our own framing and dispatch on top. We parse every frame
 * ourselves so that no client message can throw out of the loop, carry binary buffers both ways,
 * serve the comm messages, and turn cell values and failures into `execute_result` / `error`.
 */
import { JupyterHandlerImpl, ZmqServer } from "tslab/dist/jupyter";
import type { Executor } from "tslab/dist/executor";
import { BadMessage, CommManager, describe } from "./comms";
import type { CellRunner } from "./cells";
import { KernelMessage, logKernel, newHeader, type FrameSink } from "./wire";
import { checkRequest } from "./validate";
import { History } from "./history";

// tslab declares its message class privately; ours has the same public shape.
type TslabMessage = Parameters<ZmqServer["handleKernelInfo"]>[1];
type Socket = Parameters<ZmqServer["handleShellMessage"]>[0];

/** tslab's server with comms, buffers, results and errors. */
export class StreamzServer extends ZmqServer {
  /** The comm channel; published as the protocol's kernel bridge. */
  readonly comms: CommManager;
  /** The message being handled synchronously right now (a comm message): parent of what it causes. */
  private handling: KernelMessage | undefined;
  private lastSeen: KernelMessage | undefined;
  private readonly history = new History();

  constructor(handler: JupyterHandlerImpl, configPath: string, private readonly cells: CellRunner, private readonly executor: Executor, private readonly version: string) {
    super(handler, configPath);
    this.comms = new CommManager((type, content, metadata, buffers) => this.publish(this.outputParent(), type, content, metadata, buffers));
  }

  /** Parent header for output not tied to a reply: the message being handled, else the running (or last) cell. */
  private outputParent(): KernelMessage | undefined {
    return this.handling ?? this.cells.current?.msg ?? this.lastSeen;
  }

  /** Sends on iopub. */
  publish(parent: KernelMessage | undefined, type: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}, buffers: Buffer[] = []): void {
    const msg = parent ? parent.createReply(type) : new KernelMessage(newHeader(type, "streamz-ts-kernel"));
    msg.identity = [];
    msg.content = content;
    msg.metadata = metadata;
    msg.extra = buffers;
    msg.signAndSend(this.connInfo.key, this.iopub as unknown as FrameSink);
  }

  override publishStatus(status: string, parent: TslabMessage): void {
    this.publish(parent as unknown as KernelMessage, "status", { execution_state: status });
  }

  private reply(sock: Socket, req: KernelMessage, content: Record<string, unknown>): void {
    const rep = req.createReply(req.header.msg_type.replace(/_request$/, "_reply"));
    rep.content = content;
    rep.signAndSend(this.connInfo.key, sock as unknown as FrameSink);
  }

  override async handleShellMessage(sock: Socket, ...frames: Buffer[]): Promise<void> {
    let msg: KernelMessage;
    try {
      msg = KernelMessage.parse(frames, this.connInfo.key);
    } catch (err) {
      logKernel(`dropped a message: ${describe(err)}`);
      return;
    }
    this.lastSeen = msg;
    let shutdown = false;
    this.publishStatus("busy", msg as unknown as TslabMessage);
    try {
      shutdown = await this.dispatch(sock, msg);
    } catch (err) {
      logKernel(`${msg.header.msg_type} refused: ${describe(err)}`);
      if (msg.header.msg_type.endsWith("_request")) {
        this.reply(sock, msg, { status: "error", ename: err instanceof BadMessage ? "BadRequest" : "KernelError", evalue: err instanceof Error ? err.message : String(err), traceback: [] });
      }
    } finally {
      this.handling = undefined;
      this.publishStatus("idle", msg as unknown as TslabMessage);
    }
    if (shutdown) this.shutdown();
  }

  /** Handles one parsed message; returns true when the kernel must shut down. */
  private async dispatch(sock: Socket, msg: KernelMessage): Promise<boolean> {
    const type = msg.header.msg_type;
    const c = msg.content;
    const asTslab = msg as unknown as TslabMessage;
    checkRequest(type, c);
    switch (type) {
      case "kernel_info_request":
        this.reply(sock, msg, this.kernelInfo());
        return false;
      case "execute_request":
        await this.execute(sock, msg);
        return false;
      case "is_complete_request":
        this.handleIsComplete(sock, asTslab);
        return false;
      case "inspect_request":
        this.handleInspect(sock, asTslab);
        return false;
      case "complete_request":
        this.handleComplete(sock, asTslab);
        return false;
      case "comm_info_request":
        this.reply(sock, msg, this.comms.info(c.target_name));
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
        this.reply(sock, msg, this.history.reply(c));
        return false;
      case "interrupt_request":
        this.executor.interrupt();
        this.reply(sock, msg, { status: "ok" });
        return false;
      case "shutdown_request":
        this.reply(sock, msg, { status: "ok", restart: c.restart === true });
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
  private async execute(sock: Socket, msg: KernelMessage): Promise<void> {
    const silent = msg.content.silent === true;
    const io = {
      writeStream: (name: string, text: string): void => {
        if (!silent) this.publish(msg, "stream", { name, text });
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
    this.reply(sock, msg, content);
  }

  /** Stops: sockets closed by tslab, then the process ends even if cell code left timers running. */
  private shutdown(): void {
    try {
      this.close();
    } catch (err) {
      logKernel(`shutdown: ${describe(err)}`);
    }
    setTimeout(() => process.exit(0), 100).unref();
  }
}
