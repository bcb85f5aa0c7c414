/**
 * A stand-in for the kernel's comm manager, as ipywidgets tests use a dummy manager: it records what the
 * widgets send (in the shapes the real kernel puts on iopub) and plays the frontend's messages back. The
 * real manager (`kernel/src/comms.ts`) is exercised through the kernel's own tests; this lets the widget
 * models be tested beside their code, in virtual time, without a kernel.
 */
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach } from "node:test";
import { VirtualScheduler } from "@streamz-ts/core";
import {
  KERNEL_BRIDGE,
  type Comm,
  type CommData,
  type CommMessage,
  type CommTargetHandler,
  type KernelBridge,
  type MimeBundle,
} from "@streamz-ts/protocol";
import { liveModels } from "../src";

/** A message the widgets sent, as the kernel would publish it. */
export interface Sent {
  type: "comm_open" | "comm_msg" | "comm_close" | "display_data";
  content: Record<string, any>;
  buffers: Uint8Array[];
}

class FakeComm implements Comm {
  closed = false;
  /** Number of this comm's last message, compared with what the fake socket has taken. */
  lastSent = 0;
  messageHandler: ((msg: CommMessage) => void) | undefined;
  closeHandler: ((msg: CommMessage | undefined) => void) | undefined;

  constructor(
    readonly id: string,
    readonly target: string,
    private readonly kernel: FakeKernel,
  ) {}
  get backlogged(): boolean {
    return this.lastSent > this.kernel.handed;
  }
  send(data: CommData, _metadata?: CommData, buffers: ArrayBufferView[] = []): boolean {
    if (this.closed) return false;
    this.lastSent = this.kernel.record("comm_msg", { comm_id: this.id, data }, buffers);
    return true;
  }
  close(data: CommData = {}): void {
    if (this.closed) return;
    this.kernel.record("comm_close", { comm_id: this.id, data });
    this.closedBy(undefined);
  }
  onMessage(handler: (msg: CommMessage) => void): void {
    this.messageHandler = handler;
  }
  onClose(handler: (msg: CommMessage | undefined) => void): void {
    this.closeHandler = handler;
  }
  closedBy(msg: CommMessage | undefined): void {
    this.closed = true;
    this.closeHandler?.(msg);
  }
}

/** Installs itself as the kernel bridge on construction; `uninstall()` takes it away. */
export class FakeKernel implements KernelBridge {
  readonly sent: Sent[] = [];
  /** Number of the last message the fake socket has taken: all of them, unless a test holds it back. */
  handed = Infinity;
  private readonly comms = new Map<string, FakeComm>();
  private readonly targets = new Map<string, CommTargetHandler>();

  constructor() {
    (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = this;
  }
  uninstall(): void {
    delete (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE];
  }

  /** Records a message; returns its number (as the kernel's send queue numbers them). */
  record(type: Sent["type"], content: Record<string, any>, buffers: ArrayBufferView[] = []): number {
    this.sent.push({ type, content, buffers: buffers.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) });
    return this.sent.length;
  }

  openComm(target: string, data: CommData, _metadata?: CommData, buffers: ArrayBufferView[] = []): Comm {
    const comm = new FakeComm(randomUUID().replace(/-/g, ""), target, this);
    this.comms.set(comm.id, comm);
    comm.lastSent = this.record("comm_open", { comm_id: comm.id, target_name: target, data }, buffers);
    return comm;
  }
  registerTarget(target: string, handler: CommTargetHandler): void {
    this.targets.set(target, handler);
  }
  displayData(bundle: MimeBundle, metadata: CommData = {}): void {
    this.record("display_data", { data: bundle, metadata, transient: {} });
  }

  /** A `comm_msg` from the frontend. */
  deliver(commId: string, data: CommData, buffers: Uint8Array[] = []): void {
    const comm = this.comms.get(commId);
    if (!comm) throw new Error(`no open comm ${commId}`);
    comm.messageHandler?.({ comm_id: commId, data, metadata: {}, buffers });
  }
  /** A `comm_close` from the frontend. */
  closeFromFrontend(commId: string): void {
    const comm = this.comms.get(commId);
    if (!comm || comm.closed) return;
    this.comms.delete(commId);
    comm.closedBy({ comm_id: commId, data: {}, metadata: {}, buffers: [] });
  }
}

/**
 * A fresh fake kernel and virtual clock for each test of the calling suite; the models a test leaves
 * open are closed after it.
 * @example `const t = fakeKernelPerTest(); it("...", () => { new Stream({ scheduler: t.clock() }); t.sent(); })`
 */
export function fakeKernelPerTest(): { kernel(): FakeKernel; sent(): Sent[]; clock(): VirtualScheduler } {
  let kernel: FakeKernel;
  let clock: VirtualScheduler;
  beforeEach(() => {
    kernel = new FakeKernel();
    clock = new VirtualScheduler();
  });
  afterEach(() => {
    for (const m of [...liveModels().values()]) m.close();
    kernel.uninstall();
  });
  return { kernel: () => kernel, sent: () => kernel.sent, clock: () => clock };
}
