/**
 * The Jupyter wire protocol, both directions, with binary buffers. tslab's own message class cannot be
 * used for this: it JSON-encodes extra frames when sending and hashes buffer frames when verifying, so
 * any widget message with buffers breaks. The HMAC covers the four JSON frames (header, parent header,
 * metadata, content) only; buffers follow them unsigned.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

const DELIMITER = Buffer.from("<IDS|MSG>");

/** A message header (Jupyter messaging 5.x). */
export interface Header {
  msg_id: string;
  msg_type: string;
  session: string;
  username: string;
  date: string;
  version: string;
  [key: string]: unknown;
}

/** Anything with zeromq's `send(frames)`. */
export interface FrameSink {
  send(frames: (Buffer | string)[]): Promise<void> | void;
}

/** A message received from, or about to be sent to, a client. */
export class KernelMessage {
  identity: Buffer[] = [];
  delim = "<IDS|MSG>";
  hmac = "";
  header: Header;
  parent: Header | Record<string, never>;
  metadata: Record<string, unknown> = {};
  content: Record<string, unknown> = {};
  /** Binary buffers after the JSON frames (named `extra` because tslab's handlers expect that name). */
  extra: Buffer[] = [];

  constructor(header: Header, parent: Header | Record<string, never> = {}) {
    this.header = header;
    this.parent = parent;
  }

  /**
   * Parses raw frames `[...identities, "<IDS|MSG>", hmac, header, parent, metadata, content, ...buffers]`.
   * Throws an Error saying what is wrong (no delimiter, too few frames, bad signature, bad JSON, a header
   * that is not an object with a string `msg_type`); the caller drops such messages.
   */
  static parse(frames: Buffer[], key: string): KernelMessage {
    const at = frames.findIndex((f) => f.equals(DELIMITER));
    if (at < 0) throw new Error("no <IDS|MSG> delimiter");
    if (frames.length < at + 6) throw new Error(`only ${frames.length - at - 1} frames after the delimiter, need 5`);
    const signature = frames[at + 1]!.toString("latin1");
    const json = frames.slice(at + 2, at + 6);
    if (key !== "") {
      const want = Buffer.from(sign(key, json), "latin1");
      const got = Buffer.from(signature, "latin1");
      if (want.length !== got.length || !timingSafeEqual(want, got)) throw new Error("invalid HMAC signature");
    }
    const [header, parent, metadata, content] = json.map((f, i) => parseObject(f, FRAME_NAMES[i]!));
    if (typeof header!.msg_type !== "string" || typeof header!.session !== "string") {
      throw new Error("header lacks a string msg_type or session");
    }
    const msg = new KernelMessage(header as Header, parent as Header);
    msg.identity = frames.slice(0, at);
    msg.hmac = signature;
    msg.metadata = metadata!;
    msg.content = content!;
    msg.extra = frames.slice(at + 6);
    return msg;
  }

  /** A new message whose parent is this one, routed back to the same peer (same identities). */
  createReply(msgType?: string): KernelMessage {
    const parent = this.header;
    const reply = new KernelMessage(newHeader(msgType ?? parent.msg_type, parent.session, parent.username), parent);
    reply.identity = this.identity;
    return reply;
  }

  /** Signs the JSON frames and sends them, buffers appended raw. Send failures are reported, not thrown. */
  signAndSend(key: string, sock: FrameSink): void {
    const json = [this.header, this.parent, this.metadata, this.content].map((x) => Buffer.from(JSON.stringify(x)));
    const frames: (Buffer | string)[] = [...this.identity, DELIMITER, key === "" ? "" : sign(key, json), ...json];
    for (const b of this.extra) frames.push(b);
    try {
      const sent = sock.send(frames);
      if (sent && typeof sent.catch === "function") sent.catch((err: unknown) => logKernel(`send failed: ${String(err)}`));
    } catch (err) {
      logKernel(`send failed: ${String(err)}`);
    }
  }
}

const FRAME_NAMES = ["header", "parent header", "metadata", "content"];

function parseObject(frame: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(frame.toString("utf8"));
  } catch (err) {
    throw new Error(`${what} is not valid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Hex HMAC-SHA256 over the JSON frames, as the Jupyter spec defines the signature. */
export function sign(key: string, frames: Buffer[]): string {
  const h = createHmac("sha256", key);
  for (const f of frames) h.update(f);
  return h.digest("hex");
}

/** A fresh header. */
export function newHeader(msgType: string, session: string, username = "kernel"): Header {
  return {
    msg_id: randomUUID(),
    msg_type: msgType,
    session,
    username,
    date: new Date().toISOString(),
    version: "5.3",
  };
}

/** Turns any binary view into a Buffer without copying. */
export function toBuffer(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * The kernel's own log, on its real stderr. tslab redirects `process.stderr.write` into the last cell's
 * output, so kernel diagnostics keep a handle to the original writer, taken when this module loads.
 */
const realStderr = process.stderr.write.bind(process.stderr);
export function logKernel(text: string): void {
  realStderr(`[streamz-ts kernel] ${text}\n`);
}
