import type { WebSocket } from "ws";
import { loadWs } from "../network-clients";
import { registerBuiltin } from "../api";
import { below, requireMs } from "../options";
import type { TimerHandle } from "../scheduler";
import { Stream, type Pending, type StreamOptions } from "../stream";

declare module "../stream" {
  interface Stream<T> {
    /**
     * Sends every element to a WebSocket server (the `ws` package): strings as text frames, `Buffer`s
     * and typed arrays as binary frames, anything else as JSON text. Each emit settles once its frame
     * was handed to the socket, so a slow connection slows the stream instead of queueing in memory;
     * emits before the connection is open wait for it. If the connection fails or closes, the pending
     * and later emits fail with an error naming the URL, unless `reconnectMs` is set: then the sink
     * opens a new connection after that many ms (again and again), emits wait for it, and a frame whose
     * send failed is sent again on the new connection. (WebSocket has no acknowledgements: a frame the
     * socket took just before the connection broke may still be lost on the way.)
     * @example
     * ```ts
     * prices.map((p) => ({ t: Date.now(), p })).toWebSocket("ws://127.0.0.1:8080/feed", { reconnectMs: 1000 });
     * ```
     */
    toWebSocket(url: string, options?: ToWebSocketOptions): WebSocketSink<T>;
  }
}

/** Options of {@link Stream.toWebSocket}. */
export interface ToWebSocketOptions extends StreamOptions {
  /** Reconnect this many ms after the connection fails or closes. Default: off (emits fail instead). */
  reconnectMs?: number;
}

/** Node behind {@link Stream.toWebSocket}. */
export class WebSocketSink<T> extends Stream<never> {
  /** Frames handed to the socket so far. */
  sent = 0;
  /** Times an open connection was lost and a new one was started (with `reconnectMs`). */
  reconnects = 0;
  private readonly reconnectMs: number | undefined;
  private ws!: WebSocket;
  /** The open connection, or the wait for the next one. */
  private ready: Promise<WebSocket>;
  private failure: Error | undefined;
  private closing = false;
  private retry: TimerHandle | undefined;
  private abandon: ((why: Error) => void) | undefined;

  constructor(
    upstream: Stream<T>,
    readonly url: string,
    options: ToWebSocketOptions = {},
  ) {
    super(below(upstream, options));
    this.reconnectMs = options.reconnectMs === undefined ? undefined : requireMs("toWebSocket", options.reconnectMs);
    this.ready = this.openConnection(0);
    this.attach(upstream);
  }
  override get kind(): string {
    return "toWebSocket";
  }
  protected override detail(): string {
    return this.url;
  }

  /** Opens a connection after `delayMs`; without `reconnectMs` the first failure is final. */
  private openConnection(delayMs: number): Promise<WebSocket> {
    const ready = new Promise<WebSocket>((resolve, reject) => {
      this.abandon = reject;
      const attempt = () => {
        this.retry = undefined;
        const ws = new (loadWs().WebSocket)(this.url);
        this.ws = ws;
        let opened = false;
        let gone = false;
        ws.once("open", () => {
          opened = true;
          this.abandon = undefined;
          resolve(ws);
        });
        const lost = (why: Error) => {
          if (gone) return;
          gone = true;
          if (this.closing || this.reconnectMs === undefined) {
            this.failure ??= why;
            if (!opened) reject(this.failure);
          } else if (!opened) {
            this.retry = this.scheduler.setTimeout(attempt, this.reconnectMs); // still unreachable: try again
          } else {
            this.reconnects++;
            this.ready = this.openConnection(this.reconnectMs);
          }
        };
        ws.on("error", (e) => lost(new Error(`toWebSocket: connection to ${this.url} failed: ${e.message}`, { cause: e })));
        ws.on("close", (code) => lost(new Error(`toWebSocket: connection to ${this.url} closed (code ${code})`)));
      };
      if (delayMs > 0) this.retry = this.scheduler.setTimeout(attempt, delayMs);
      else attempt();
    });
    ready.catch(() => undefined); // reported through the emits that need the connection
    return ready;
  }

  override update(x: unknown): Pending {
    if (this.failure !== undefined) return this.fail(this.failure, x);
    const data = typeof x === "string" || Buffer.isBuffer(x) || ArrayBuffer.isView(x) ? x : JSON.stringify(x);
    return this.guardAsync(this.deliver(data as string | Buffer), x);
  }

  private async deliver(data: string | Buffer): Promise<void> {
    for (;;) {
      const ws = await this.ready;
      try {
        await new Promise<void>((resolve, reject) => ws.send(data, (err) => (err ? reject(err) : resolve())));
        this.sent++;
        return;
      } catch (err) {
        if (this.reconnectMs === undefined || this.closing) {
          throw this.failure ?? new Error(`toWebSocket: send to ${this.url} failed: ${(err as Error).message}`, { cause: err });
        }
        // the connection broke under this frame: once its close is handled, `ready` is the next one
        if (ws.readyState !== loadWs().WebSocket.CLOSED) await new Promise((r) => ws.once("close", r));
      }
    }
  }

  /** Closes the connection normally (code 1000) once the frames sent so far are out. */
  close(): Promise<void> {
    this.stopReconnecting();
    return new Promise<void>((resolve) => {
      if (this.ws.readyState === loadWs().WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close(1000);
    });
  }

  private stopReconnecting(): void {
    this.closing = true;
    if (this.retry !== undefined) this.scheduler.clearTimeout(this.retry);
    this.retry = undefined;
    this.failure ??= new Error(`toWebSocket: the sink to ${this.url} was closed`);
    this.abandon?.(this.failure);
  }

  protected override teardown(): void {
    this.stopReconnecting();
    if (this.ws.readyState !== loadWs().WebSocket.CLOSED) this.ws.terminate();
  }
}

registerBuiltin("toWebSocket", function toWebSocket(this: Stream<any>, url: string, options?: ToWebSocketOptions) {
  return new WebSocketSink(this, url, options);
});
