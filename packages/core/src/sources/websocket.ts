import type { IncomingMessage } from "node:http";
import type { WebSocket, WebSocketServer } from "ws";
import { loadWs } from "../network-clients";
import type { StreamOptions } from "../stream";
import { ServerSource } from "./server-source";
import { DEFAULT_MAX_BYTES } from "./split";
import { FrameTracker } from "./websocket-frames";

/** Options of {@link fromWebSocket}. */
export interface WebSocketSourceOptions extends StreamOptions {
  /** Interface to bind. Default `"127.0.0.1"`. */
  host?: string;
  /** Only upgrades to this path are accepted. Default: any path. */
  path?: string;
  /** Largest message in bytes; a client sending a larger one is disconnected (close code 1009) and
   * the message counted in `drops.oversized`. Default 1 MiB. */
  maxBytes?: number;
  /** Messages held before the connections are paused. Default 1024. */
  highWater?: number;
}

/**
 * A WebSocket server (the `ws` package) that emits every message from any number of clients: text
 * frames as strings, binary frames as `Buffer`s. While the backlog is full the connections are paused
 * (no frames are read), so TCP slows the clients. streamz: `Stream.from_websocket`.
 *
 * Bad input is counted in `drops`, never thrown: an oversized message (`oversized`, the client is
 * disconnected with 1009), invalid UTF-8 in a text message (`malformed`, 1007), a connection that ends
 * or is reset in the middle of a frame or of a fragmented message (`truncated`).
 *
 * @example
 * ```ts
 * const src = fromWebSocket(0);
 * src.sink((msg) => console.log(String(msg)));
 * src.start();
 * const port = await src.listening;   // new WebSocket(`ws://127.0.0.1:${port}`).send("hi")
 * ```
 */
export function fromWebSocket(port: number, options?: WebSocketSourceOptions): WebSocketSource {
  return new WebSocketSource(port, options);
}

/** Node behind {@link fromWebSocket}. */
export class WebSocketSource extends ServerSource<string | Buffer> {
  private server: WebSocketServer | undefined;
  private readonly clients = new Set<WebSocket>();
  private readonly opts: WebSocketSourceOptions;

  constructor(requestedPort: number, options: WebSocketSourceOptions = {}) {
    super(requestedPort, "fromWebSocket", options.highWater ?? 1024, options);
    this.opts = options;
  }
  override get kind(): string {
    return "fromWebSocket";
  }
  /** Clients currently connected. */
  get connections(): number {
    return this.clients.size;
  }

  protected async open(): Promise<void> {
    const host = this.opts.host ?? "127.0.0.1";
    const server = new (loadWs().WebSocketServer)({
      port: this.requestedPort,
      host,
      path: this.opts.path,
      maxPayload: this.opts.maxBytes ?? DEFAULT_MAX_BYTES,
    });
    this.server = server;
    server.on("connection", (ws, req) => this.accept(ws, req));
    await this.bindPort(async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          server.once("listening", resolve);
          server.once("error", reject);
        });
      } catch (e) {
        throw new Error(`fromWebSocket: cannot listen on ${host}:${this.requestedPort}: ${(e as Error).message}`, { cause: e });
      }
      server.on("error", (e) => this.reportDetached(e, undefined));
      const addr = server.address();
      return typeof addr === "object" && addr !== null ? addr.port : this.requestedPort;
    });
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    this.clients.add(ws);
    this.inbox.add(ws);
    // the frame boundaries of what the client sent, to tell a connection cut mid-message from a clean end
    const frames = new FrameTracker();
    req.socket.on("data", (chunk: Buffer) => frames.push(chunk));
    let counted = false;
    ws.on("message", (data, isBinary) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      this.inbox.push(isBinary ? buf : buf.toString("utf8"));
    });
    ws.on("error", (e: Error & { code?: string }) => {
      // ws has already closed the connection (1009 for size, 1007 for bad UTF-8); count, do not throw
      counted = true;
      if (e.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") this.drops.oversized++;
      else if (e.code === "WS_ERR_INVALID_UTF8") this.drops.malformed++;
      else this.drops.truncated++;
    });
    ws.on("close", () => {
      // a reset or an end in the middle of a frame or of a fragmented message: as fromTcp counts it
      if (!counted && frames.midMessage) this.drops.truncated++;
      this.clients.delete(ws);
      this.inbox.remove(ws);
    });
  }

  protected async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    for (const ws of this.clients) ws.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
