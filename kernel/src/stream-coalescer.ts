/**
 * Printed output, coalesced the way ipykernel does it: text written to stdout or stderr is buffered
 * and sent as one `stream` message per flush, so a loop printing 100,000 lines costs a handful of
 * messages instead of 100,000. It runs on the IO thread (`iopub-relay.ts`), whose timers fire whatever
 * the main thread does. Text written after a quiet spell of {@link FLUSH_INTERVAL_MS} goes out at once;
 * after that, a flush happens {@link FLUSH_INTERVAL_MS} after the first buffered write, as soon as
 * {@link FLUSH_BYTES} are buffered, when the stream name or the cell changes, and before any other
 * message to the client (so output keeps its place before a result, an error, a display or `idle`).
 */

/** How long text may wait before it is sent (ipykernel's `flush_interval` is 0.2 s). */
export const FLUSH_INTERVAL_MS = 200;
/** Buffered characters that trigger a flush at once. */
export const FLUSH_BYTES = 64 * 1024;

/** Sends one `stream` message for `parent`. */
export type StreamSend<P> = (parent: P, name: string, text: string) => void;

/** The pending text of one stream of one cell. */
export class StreamCoalescer<P> {
  private parent: P | undefined;
  private name = "";
  private chunks: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastFlushAt = -Infinity;

  constructor(private readonly send: StreamSend<P>) {}

  /** Buffers `text` written to stream `name` by the cell `parent`. */
  write(parent: P, name: string, text: string): void {
    if (text === "") return;
    if (this.size > 0 && (parent !== this.parent || name !== this.name)) this.flush();
    this.parent = parent;
    this.name = name;
    this.chunks.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES || performance.now() - this.lastFlushAt >= FLUSH_INTERVAL_MS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
  }

  /** Sends what is buffered, if anything. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.size === 0) return;
    this.lastFlushAt = performance.now();
    const text = this.chunks.length === 1 ? this.chunks[0]! : this.chunks.join("");
    const parent = this.parent as P;
    this.chunks = [];
    this.size = 0;
    this.send(parent, this.name, text);
  }
}
