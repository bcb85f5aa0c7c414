import type { Pending } from "./stream";

/**
 * A bounded FIFO for nodes that hold elements (buffer, delay, rateLimit). `offer` accepts while there is
 * room; when full it returns a promise that resolves once the element got a place (back pressure for an
 * emitter that awaits). An emitter that ignores those promises cannot grow it without bound: once as many
 * offers wait as there are places, `offer` throws.
 */
export class Backlog<T> {
  private items: T[] = [];
  private head = 0;
  private waiting: { x: T; resolve: () => void }[] = [];

  constructor(
    /** What to call the owner in errors, e.g. `buffer(10)`. */
    private readonly owner: () => string,
    readonly capacity: number,
  ) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Adds `x`, or waits for room; throws when the waiting list is full too. */
  offer(x: T): Pending {
    if (this.length < this.capacity) {
      this.items.push(x);
      return undefined;
    }
    if (this.waiting.length >= this.capacity) {
      throw new Error(
        `${this.owner()}: backlog full (${this.capacity} held, ${this.waiting.length} waiting); await emit() to respect back pressure`,
      );
    }
    return new Promise<void>((resolve) => this.waiting.push({ x, resolve }));
  }

  /** The oldest element, without removing it. */
  peek(): T | undefined {
    return this.length > 0 ? this.items[this.head] : undefined;
  }

  /** Removes and returns the oldest element, letting the first waiter in. */
  take(): T | undefined {
    if (this.length === 0) return undefined;
    const x = this.items[this.head]!;
    this.items[this.head++] = undefined as T;
    if (this.head === this.items.length) {
      this.items.length = 0; // drained: reuse the array's storage, no allocation on the next push
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    const w = this.waiting.shift();
    if (w !== undefined) {
      this.items.push(w.x);
      w.resolve();
    }
    return x;
  }

  /** Empties it, releasing every waiter (their elements are dropped with the node). */
  clear(): void {
    this.items = [];
    this.head = 0;
    for (const w of this.waiting.splice(0)) w.resolve();
  }
}
