/**
 * The kernel's comm channel: comms opened from either side, messages both ways with binary buffers,
 * `comm_info`. It implements the protocol's {@link KernelBridge}, which the kernel publishes on
 * `globalThis[KERNEL_BRIDGE]` so that `@streamz-ts/widgets` and cell code reach it without importing us.
 */
import { randomUUID } from "node:crypto";
import type { Comm, CommData, CommMessage, CommTargetHandler, KernelBridge, MimeBundle } from "@streamz-ts/protocol";
import { clip, logKernel, toBuffer } from "./wire";

/**
 * How the comm manager sends on iopub; the server provides it (parent header, signing, socket). Returns
 * the message's number in the iopub send queue.
 */
export type IopubSend = (msgType: string, content: Record<string, unknown>, metadata?: CommData, buffers?: Buffer[]) => number;

/** Raised for a client message we must refuse; the server logs it and keeps going. */
export class BadRequest extends Error {
  override name = "BadRequest";
}

class KernelComm implements Comm {
  private msgHandler: ((msg: CommMessage) => void) | undefined;
  private closeHandler: ((msg: CommMessage | undefined) => void) | undefined;
  private isClosed = false;
  /** Queue number of this comm's last message (its `comm_open` included). */
  lastSent = 0;

  constructor(
    readonly id: string,
    readonly target: string,
    private readonly manager: CommManager,
  ) {}

  get closed(): boolean {
    return this.isClosed;
  }

  get backlogged(): boolean {
    return this.lastSent > this.manager.handed();
  }

  send(data: CommData, metadata: CommData = {}, buffers: ArrayBufferView[] = []): boolean {
    if (this.isClosed) return false;
    this.lastSent = this.manager.send("comm_msg", { comm_id: this.id, data }, metadata, buffers.map(toBuffer));
    return true;
  }

  close(data: CommData = {}): void {
    if (this.isClosed) return;
    this.manager.send("comm_close", { comm_id: this.id, data });
    this.closedBy(undefined);
  }

  onMessage(handler: (msg: CommMessage) => void): void {
    this.msgHandler = handler;
  }

  onClose(handler: (msg: CommMessage | undefined) => void): void {
    this.closeHandler = handler;
  }

  /** A message from the frontend. A throwing handler is the handler's bug: logged, the comm stays. */
  deliver(msg: CommMessage): void {
    if (this.isClosed || !this.msgHandler) return;
    try {
      this.msgHandler(msg);
    } catch (err) {
      logKernel(`comm ${this.id} (${clip(this.target)}) message handler failed: ${describe(err)}`);
    }
  }

  /** Marks the comm closed (by us or by the frontend) and runs the close handler once. */
  closedBy(msg: CommMessage | undefined): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.manager.forget(this.id);
    try {
      this.closeHandler?.(msg);
    } catch (err) {
      logKernel(`comm ${this.id} (${clip(this.target)}) close handler failed: ${describe(err)}`);
    }
  }
}

/** All comms of this kernel, and the targets the frontend may open comms on. */
export class CommManager implements KernelBridge {
  private readonly comms = new Map<string, KernelComm>();
  private readonly targets = new Map<string, CommTargetHandler>();

  /**
   * @param send sends on iopub
   * @param handed the queue number of the last iopub message handed to the socket (see `SendQueue`)
   */
  constructor(
    readonly send: IopubSend,
    readonly handed: () => number,
  ) {}

  openComm(target: string, data: CommData, metadata: CommData = {}, buffers: ArrayBufferView[] = []): Comm {
    if (typeof target !== "string" || target === "") throw new TypeError("openComm: target must be a non-empty string");
    const comm = new KernelComm(randomUUID().replace(/-/g, ""), target, this);
    this.comms.set(comm.id, comm);
    comm.lastSent = this.send("comm_open", { comm_id: comm.id, target_name: target, data }, metadata, buffers.map(toBuffer));
    return comm;
  }

  registerTarget(target: string, handler: CommTargetHandler): void {
    if (typeof handler !== "function") throw new TypeError(`registerTarget("${target}"): handler must be a function`);
    this.targets.set(target, handler);
  }

  displayData(bundle: MimeBundle, metadata: CommData = {}): void {
    this.send("display_data", { data: bundle, metadata, transient: {} });
  }

  /** `comm_info_reply` content: open comms, optionally only those on one target. */
  info(targetName: unknown): Record<string, unknown> {
    const comms: Record<string, { target_name: string }> = {};
    for (const c of this.comms.values()) {
      if (typeof targetName !== "string" || targetName === "" || c.target === targetName) comms[c.id] = { target_name: c.target };
    }
    return { status: "ok", comms };
  }

  /** `comm_open` from the frontend. Unknown targets get a `comm_close` back, as ipykernel does. */
  handleOpen(content: Record<string, unknown>, metadata: Record<string, unknown>, buffers: Buffer[]): void {
    const id = requireString(content, "comm_id");
    const target = requireString(content, "target_name");
    if (this.comms.has(id)) throw new BadRequest(`comm_open: comm id ${clip(id)} is already open`);
    const handler = this.targets.get(target);
    if (!handler) {
      this.send("comm_close", { comm_id: id, data: {} });
      throw new BadRequest(`comm_open: no handler for target "${clip(target)}"`);
    }
    const comm = new KernelComm(id, target, this);
    this.comms.set(id, comm);
    try {
      handler(comm, toCommMessage(id, content, metadata, buffers));
    } catch (err) {
      logKernel(`target "${clip(target)}" failed to open comm ${id}: ${describe(err)}`);
      comm.close();
    }
  }

  /** `comm_msg` from the frontend. */
  handleMessage(content: Record<string, unknown>, metadata: Record<string, unknown>, buffers: Buffer[]): void {
    const id = requireString(content, "comm_id");
    const comm = this.comms.get(id);
    if (!comm) throw new BadRequest(`comm_msg: no open comm with id ${clip(id)}`);
    comm.deliver(toCommMessage(id, content, metadata, buffers));
  }

  /** `comm_close` from the frontend. */
  handleClose(content: Record<string, unknown>, metadata: Record<string, unknown>, buffers: Buffer[]): void {
    const id = requireString(content, "comm_id");
    const comm = this.comms.get(id);
    if (!comm) throw new BadRequest(`comm_close: no open comm with id ${clip(id)}`);
    comm.closedBy(toCommMessage(id, content, metadata, buffers));
  }

  /** Called by a comm once closed. */
  forget(id: string): void {
    this.comms.delete(id);
  }

  /** How many comms are open (for tests and diagnostics). */
  get size(): number {
    return this.comms.size;
  }
}

function requireString(content: Record<string, unknown>, key: string): string {
  const v = content[key];
  if (typeof v !== "string" || v === "")
    throw new BadRequest(`${key} must be a non-empty string, got ${clip(JSON.stringify(v) ?? "undefined")}`);
  return v;
}

function toCommMessage(id: string, content: Record<string, unknown>, metadata: Record<string, unknown>, buffers: Buffer[]): CommMessage {
  const data = content.data;
  if (data !== undefined && (data === null || typeof data !== "object" || Array.isArray(data))) {
    throw new BadRequest(`comm ${clip(id)}: data must be a JSON object`);
  }
  return {
    comm_id: id,
    data: (data ?? {}) as CommData,
    metadata,
    buffers: buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
  };
}

/** One line for an error. */
export function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
