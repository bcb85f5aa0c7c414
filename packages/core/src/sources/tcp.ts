import { createServer, type Server, type Socket } from "node:net";
import type { StreamOptions } from "../stream";
import { closeServer, listen } from "./listen";
import { ServerSource } from "./server-source";
import { DEFAULT_MAX_BYTES, Splitter } from "./split";

/** Options of {@link fromTcp}. */
export interface TcpSourceOptions extends StreamOptions {
  /** What separates messages; removed from the emitted strings. Default `"\n"`. */
  delimiter?: string;
  /** Interface to bind. Default `"127.0.0.1"`; use `"0.0.0.0"` to accept other machines. */
  host?: string;
  /** Longest message in bytes; longer ones are skipped and counted in `drops.oversized`. Default 1 MiB. */
  maxBytes?: number;
  /** Messages held before the sockets are paused. Default 1024. */
  highWater?: number;
}

/**
 * Listens on a TCP port and emits each delimited message (UTF-8, delimiter removed) from any number of
 * clients. While downstream is busy and the backlog is full, every socket is paused, so TCP flow
 * control slows the clients down. streamz: `Stream.from_tcp` (which keeps the delimiter).
 *
 * Bad input is counted in `drops`, never thrown: an oversized message (`oversized`), invalid UTF-8
 * (`malformed`), bytes left without a delimiter when a client disconnects (`truncated`).
 *
 * @example
 * ```ts
 * const src = fromTcp(0);                 // 0: any free port
 * src.map((line) => JSON.parse(line)).sink(console.log);
 * src.start();
 * const port = await src.listening;       // e.g. `nc 127.0.0.1 $port`
 * // later: src.stop(); await src.finished;   // the port is free again
 * ```
 */
export function fromTcp(port: number, options?: TcpSourceOptions): TcpSource {
  return new TcpSource(port, options);
}

/** Node behind {@link fromTcp}. */
export class TcpSource extends ServerSource<string> {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly opts: TcpSourceOptions;

  constructor(requestedPort: number, options: TcpSourceOptions = {}) {
    super(requestedPort, "fromTcp", options.highWater ?? 1024, options);
    this.opts = options;
    new Splitter(options.delimiter ?? "\n", options.maxBytes ?? DEFAULT_MAX_BYTES, this.drops); // validates now
  }
  override get kind(): string {
    return "fromTcp";
  }
  /** Clients currently connected. */
  get connections(): number {
    return this.sockets.size;
  }

  protected async open(): Promise<void> {
    const server = createServer((socket) => this.accept(socket));
    this.server = server;
    await this.bindPort(async () => {
      const port = await listen(server, this.requestedPort, this.opts.host ?? "127.0.0.1", "fromTcp");
      server.on("error", (e) => this.reportDetached(e, undefined)); // e.g. EMFILE: reported, not thrown
      return port;
    });
  }

  private accept(socket: Socket): void {
    const splitter = new Splitter(this.opts.delimiter ?? "\n", this.opts.maxBytes ?? DEFAULT_MAX_BYTES, this.drops);
    this.sockets.add(socket);
    this.inbox.add(socket);
    socket.on("data", (chunk: Buffer) => {
      for (const msg of splitter.push(chunk)) this.inbox.push(msg);
    });
    // a reset or a half-sent message is the client's fault, not the kernel's: count it and go on
    socket.on("error", () => undefined);
    socket.on("close", () => {
      splitter.discard();
      this.sockets.delete(socket);
      this.inbox.remove(socket);
    });
  }

  protected async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy(); // their 'close' handlers count partial messages
    if (server !== undefined) await closeServer(server);
  }
}
