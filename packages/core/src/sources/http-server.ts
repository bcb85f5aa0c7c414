import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { isUtf8 } from "node:buffer";
import type { Pending, StreamOptions } from "../stream";
import { listen } from "./listen";
import { ServerSource } from "./server-source";
import { DEFAULT_MAX_BYTES } from "./split";

/** Options of {@link fromHttpServer}. */
export interface HttpSourceOptions extends StreamOptions {
  /** Only POSTs to this path are accepted (exact match, query ignored); others get 404. Default: any path. */
  path?: string;
  /** Interface to bind. Default `"127.0.0.1"`. */
  host?: string;
  /** Largest body in bytes; larger ones get 413 and are counted in `drops.oversized`. Default 1 MiB. */
  maxBytes?: number;
  /** Bodies held before bodies still arriving stop being read. Default 256. */
  highWater?: number;
  /** Connections served at once; more are refused. Default 256. Each holds at most one body of up to
   * `maxBytes` waiting for its answer, so this bounds memory too. */
  maxConnections?: number;
}

interface Received {
  body: string;
  res: ServerResponse;
}

/**
 * An HTTP server that emits the body of each POST (UTF-8 text). The client gets `200 OK` only once the
 * body's downstream work is done, so a `200` means "processed"; a client that got no answer can retry
 * (at-least-once). streamz: `Stream.from_http_server`.
 *
 * Answers: 404 for another path, 405 for another method, 413 for a body over `maxBytes`
 * (`drops.oversized`), 400 for a body that is not UTF-8 (`drops.malformed`), 503 when the source is
 * destroyed with the body still queued. A client that disconnects mid-body is counted in
 * `drops.truncated`. Back pressure: a client gets its answer only after processing, and at most
 * `maxConnections` are served at once; while the backlog is full, bodies still arriving are not read.
 *
 * @example
 * ```ts
 * const src = fromHttpServer(0, { path: "/events" });
 * src.map((body) => JSON.parse(body)).sink(store);
 * src.start();
 * const port = await src.listening;  // curl -d '{"a":1}' http://127.0.0.1:$port/events
 * ```
 */
export function fromHttpServer(port: number, options?: HttpSourceOptions): HttpSource {
  return new HttpSource(port, options);
}

/** Node behind {@link fromHttpServer}. */
export class HttpSource extends ServerSource<string, Received> {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  /** Sockets whose request was read and waits for its answer. */
  private readonly answering = new Set<Socket>();
  private closing = false;
  private readonly opts: HttpSourceOptions;

  constructor(requestedPort: number, options: HttpSourceOptions = {}) {
    super(requestedPort, "fromHttpServer", options.highWater ?? 256, options);
    this.opts = options;
  }
  override get kind(): string {
    return "fromHttpServer";
  }
  protected override detail(): string {
    return `${this.port ?? this.requestedPort}${this.opts.path ?? ""}`;
  }

  protected async open(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    server.maxConnections = this.opts.maxConnections ?? 256;
    server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.server = server;
    await this.bindPort(async () => {
      const port = await listen(server, this.requestedPort, this.opts.host ?? "127.0.0.1", "fromHttpServer");
      server.on("error", (e) => this.reportDetached(e, undefined)); // reported, not thrown
      return port;
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? "/").split("?")[0];
    if (this.opts.path !== undefined && path !== this.opts.path) return reply(res, 404, "not found");
    if (req.method !== "POST") return reply(res, 405, "POST only");
    const max = this.opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (Number(req.headers["content-length"] ?? 0) > max) {
      this.drops.oversized++;
      return reply(res, 413, `body over ${max} bytes`, true);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let complete = false;
    this.inbox.add(req);
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) {
        this.drops.oversized++;
        req.removeAllListeners("data");
        this.inbox.remove(req);
        return reply(res, 413, `body over ${max} bytes`, true);
      }
      chunks.push(c);
    });
    req.on("end", () => {
      complete = true;
      this.inbox.remove(req);
      if (size > max) return;
      const body = Buffer.concat(chunks);
      if (!isUtf8(body)) {
        this.drops.malformed++;
        return reply(res, 400, "body is not UTF-8");
      }
      const socket = req.socket;
      this.answering.add(socket);
      res.on("close", () => this.answering.delete(socket));
      this.inbox.push({ body: body.toString("utf8"), res });
    });
    req.on("error", () => undefined);
    req.on("close", () => {
      this.inbox.remove(req);
      if (!complete && size <= max) this.drops.truncated++;
    });
  }

  protected override deliver(item: Received): Pending {
    const r = this.emitDetached(item.body);
    if (r === undefined) return reply(item.res, 200, "OK", this.closing);
    return r.then(() => reply(item.res, 200, "OK", this.closing));
  }

  protected override discardItem(item: Received): void {
    reply(item.res, 503, "source destroyed");
  }

  protected async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    this.closing = true;
    server.close(); // frees the port now; connections waiting for their answer stay until answered
    for (const s of this.sockets) if (!this.answering.has(s)) s.destroy();
  }

  /** After the queued bodies were answered (with `connection: close`), nothing stays open. */
  protected override afterDrain(): void {
    for (const s of this.sockets) s.destroy();
    this.closing = false;
  }
}

function reply(res: ServerResponse, status: number, text: string, close = false): undefined {
  if (res.headersSent || res.destroyed) return undefined;
  res.writeHead(status, { "content-type": "text/plain", ...(close ? { connection: "close" } : {}) });
  res.end(text);
  return undefined;
}
