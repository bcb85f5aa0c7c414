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

/** Where signed frames go: a socket's {@link SendQueue}, or the control thread. */
export interface FrameSink {
  send(frames: (Buffer | string)[]): unknown;
}

/** Deepest nesting of arrays and objects accepted in a JSON frame (JSON.stringify recurses). */
export const MAX_JSON_DEPTH = 200;
/** Largest header (or parent header) frame accepted, in bytes: real ones are a few hundred. */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * A message refused before it was parsed whole (too deep, too large). It carries what is needed to
 * answer: the peer's identities and a header cut down to its standard string fields.
 */
export class RejectedMessage extends Error {
  override name = "BadRequest";
  constructor(
    reason: string,
    readonly request: KernelMessage,
  ) {
    super(reason);
  }
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
    const tooBig = json.slice(0, 2).findIndex((f) => f.length > MAX_HEADER_BYTES);
    const tooDeep = json.findIndex((f) => jsonDepth(f) > MAX_JSON_DEPTH);
    const [header, parent, metadata, content] = json.map((f, i) => (i === tooDeep || i === tooBig ? {} : parseObject(f, FRAME_NAMES[i]!)));
    if (tooBig >= 0 || tooDeep >= 0) {
      // JSON.parse does not recurse, so the header's own fields can still be read to address the answer.
      const request = new KernelMessage(standardHeader(tooBig === 0 || tooDeep === 0 ? parseLoosely(json[0]!) : header!));
      request.identity = frames.slice(0, at);
      const reason =
        tooBig >= 0
          ? `${FRAME_NAMES[tooBig]} is larger than ${MAX_HEADER_BYTES} bytes`
          : `${FRAME_NAMES[tooDeep]} nests deeper than ${MAX_JSON_DEPTH} levels`;
      throw new RejectedMessage(reason, request);
    }
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

  /** Signs the JSON frames and queues them on `sink`, buffers appended raw. */
  signAndSend(key: string, sink: FrameSink): void {
    sink.send(this.frames(key));
  }

  /** The signed wire frames of this message. */
  frames(key: string): (Buffer | string)[] {
    const json = [this.header, this.parent, this.metadata, this.content].map((x) => Buffer.from(JSON.stringify(x)));
    const frames: (Buffer | string)[] = [...this.identity, DELIMITER, key === "" ? "" : sign(key, json), ...json];
    for (const b of this.extra) frames.push(b);
    return frames;
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

/** `frame` parsed as a JSON object, or an empty object when it is not one. */
function parseLoosely(frame: Buffer): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(frame.toString("utf8"));
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The standard header fields of `h` that are strings, each cut to 200 characters (for answering a refused message). */
function standardHeader(h: Record<string, unknown>): Header {
  const out: Record<string, string> = {};
  for (const k of ["msg_id", "msg_type", "session", "username", "date", "version"]) {
    const v = h[k];
    out[k] = typeof v === "string" ? v.slice(0, 200) : "";
  }
  return out as unknown as Header;
}

/** How deep arrays and objects nest in a JSON text, found in one pass over its bytes (no recursion). */
export function jsonDepth(json: Buffer): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i]!;
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
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
  realStderr(`[streamz-ts kernel] ${clip(text, MAX_LOG_CHARS)}\n`);
}

/** Longest kernel log line: client-supplied strings (a 1 MB comm id) must not flood the log. */
export const MAX_LOG_CHARS = 1000;

/** `text` cut to `max` characters, saying how much was left out. */
export function clip(text: string, max = 200): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length - max} more characters)`;
}
