import { WebSocket } from "ws";
import { registerBuiltin } from "../api";
import { below } from "../options";
import { Stream, type Pending, type StreamOptions } from "../stream";

declare module "../stream" {
  interface Stream<T> {
    /**
     * Sends every element to a WebSocket server (the `ws` package): strings as text frames, `Buffer`s
     * and typed arrays as binary frames, anything else as JSON text. Each emit settles once its frame
     * was handed to the socket, so a slow connection slows the stream instead of queueing in memory;
     * emits before the connection is open wait for it. If the connection fails or closes, the pending
     * and later emits fail with an error naming the URL (no automatic reconnect).
     * @example
     * ```ts
     * prices.map((p) => ({ t: Date.now(), p })).toWebSocket("ws://127.0.0.1:8080/feed");
     * ```
     */
    toWebSocket(url: string, options?: StreamOptions): WebSocketSink<T>;
  }
}

/** Node behind {@link Stream.toWebSocket}. */
export class WebSocketSink<T> extends Stream<never> {
  /** Frames handed to the socket so far. */
  sent = 0;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  private failure: Error | undefined;

  constructor(upstream: Stream<T>, readonly url: string, options?: StreamOptions) {
    super(below(upstream, options));
    this.ws = new WebSocket(url);
    this.opened = new Promise<void>((resolve, reject) => {
      this.ws.once("open", resolve);
      this.ws.on("error", (e) => {
        this.failure ??= new Error(`toWebSocket: connection to ${url} failed: ${e.message}`, { cause: e });
        reject(this.failure);
      });
      this.ws.on("close", (code) => {
        this.failure ??= new Error(`toWebSocket: connection to ${url} closed (code ${code})`);
        reject(this.failure);
      });
    });
    this.opened.catch(() => undefined); // reported through the emits that need the connection
    this.attach(upstream);
  }
  override get kind(): string {
    return "toWebSocket";
  }
  protected override detail(): string {
    return this.url;
  }

  override update(x: unknown): Pending {
    if (this.failure !== undefined) return this.fail(this.failure, x);
    const data = typeof x === "string" || Buffer.isBuffer(x) || ArrayBuffer.isView(x) ? x : JSON.stringify(x);
    const send = (): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        this.ws.send(data as string | Buffer, (err) => {
          if (err) return reject(this.failure ?? new Error(`toWebSocket: send to ${this.url} failed: ${err.message}`, { cause: err }));
          this.sent++;
          resolve();
        });
      });
    const done = this.ws.readyState === WebSocket.OPEN ? send() : this.opened.then(send);
    return this.guardAsync(done, x);
  }

  /** Closes the connection normally (code 1000) once the frames sent so far are out. */
  close(): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once("close", () => resolve());
      this.ws.close(1000);
    });
  }

  protected override teardown(): void {
    if (this.ws.readyState !== WebSocket.CLOSED) this.ws.terminate();
  }
}

registerBuiltin("toWebSocket", function toWebSocket(this: Stream<any>, url: string, options?: StreamOptions) {
  return new WebSocketSink(this, url, options);
});
