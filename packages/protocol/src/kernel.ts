/**
 * How code running inside the kernel (cell code, `@streamz-ts/widgets`) reaches the kernel's comm
 * channel without importing the kernel: the kernel publishes a {@link KernelBridge} on `globalThis`
 * under {@link KERNEL_BRIDGE}. Outside a kernel (plain node, tests without one) it is absent.
 */
import type { MimeBundle } from "./display";

/** The `globalThis` key of the {@link KernelBridge}. `Symbol.for` makes it the same in every copy. */
export const KERNEL_BRIDGE: unique symbol = Symbol.for("streamz-ts.kernel-bridge");

/** JSON object content of a comm message. */
export type CommData = Record<string, unknown>;

/** A comm message as the kernel hands it to handlers. */
export interface CommMessage {
  comm_id: string;
  data: CommData;
  metadata: CommData;
  /** Binary buffers that came with the message (possibly none). */
  buffers: Uint8Array[];
}

/** One end of a comm, open between the kernel and a frontend. */
export interface Comm {
  readonly id: string;
  readonly target: string;
  readonly closed: boolean;
  /**
   * True while this comm's last message still waits in the kernel's send queue (a slow client, or a
   * burst). Senders of state, not events, hold their next update until it is false and then send the
   * newest state, so a slow client never makes the kernel queue old states. Absent in older kernels.
   */
  readonly backlogged?: boolean;
  /** Sends `comm_msg`; returns false (and sends nothing) when the comm is closed. */
  send(data: CommData, metadata?: CommData, buffers?: ArrayBufferView[]): boolean;
  /** Sends `comm_close` once; later calls do nothing. */
  close(data?: CommData): void;
  /** Handler for messages from the frontend (replaces the previous one). */
  onMessage(handler: (msg: CommMessage) => void): void;
  /** Handler run once when either side closes the comm. */
  onClose(handler: (msg: CommMessage | undefined) => void): void;
}

/** Called when a frontend opens a comm on a registered target (`comm_open` from the client). */
export type CommTargetHandler = (comm: Comm, open: CommMessage) => void;

/** What the kernel offers to code running inside it. */
export interface KernelBridge {
  /** Opens a comm from the kernel side (`comm_open` to the frontend). */
  openComm(target: string, data: CommData, metadata?: CommData, buffers?: ArrayBufferView[]): Comm;
  /** Serves comms the frontend opens on `target`; a second registration replaces the first. */
  registerTarget(target: string, handler: CommTargetHandler): void;
  /** Sends `display_data` now, attributed to the running (or last) cell. */
  displayData(bundle: MimeBundle, metadata?: CommData): void;
}

/** The bridge if this code runs inside the streamz-ts kernel, else undefined. */
export function kernelBridge(): KernelBridge | undefined {
  return (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] as KernelBridge | undefined;
}
