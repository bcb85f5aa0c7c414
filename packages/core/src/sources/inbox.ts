/** Something that produces input and can be told to hold off: a socket, a request, a pipe. */
export interface Flow {
  pause(): void;
  resume(): void;
}

/**
 * The bounded hand-off between IO callbacks (which push) and a source's run loop (which takes and
 * emits, awaiting back pressure). When `highWater` items wait, every registered flow is paused, so the
 * kernel's socket buffers fill and TCP slows the senders; they resume once the backlog is half gone.
 * It holds at most `highWater` plus what one chunk of one flow completed after the pause.
 */
export class Inbox<T> {
  private items: T[] = [];
  private head = 0;
  private readonly flows = new Set<Flow>();
  private paused = false;
  private wake: (() => void) | undefined;

  constructor(readonly highWater = 1024) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Whether the flows are paused because the backlog is full. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Registers a flow; it is paused at once if the inbox is full. */
  add(flow: Flow): void {
    this.flows.add(flow);
    if (this.paused) flow.pause();
  }

  remove(flow: Flow): void {
    this.flows.delete(flow);
  }

  push(x: T): void {
    this.items.push(x);
    this.interrupt();
    if (!this.paused && this.length >= this.highWater) {
      this.paused = true;
      for (const f of this.flows) f.pause();
    }
  }

  /** The oldest item, or `undefined` when empty. */
  take(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    if (this.paused && this.length <= this.highWater >> 1) {
      this.paused = false;
      for (const f of this.flows) f.resume();
    }
    return x;
  }

  /** Resolves when an item arrives or {@link interrupt} is called. */
  wait(): Promise<void> {
    if (this.length > 0) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Releases a pending {@link wait}. */
  interrupt(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
