import type { Pending, StreamOptions } from "../stream";
import { Inbox } from "./inbox";
import { Source } from "./source";
import { noDrops, type DropCounts } from "./split";

/**
 * Base of the sources whose input arrives by callbacks (sockets, requests, pipes). IO callbacks push
 * into a bounded {@link Inbox}; the run loop takes one item at a time and awaits its emit, and the inbox
 * pauses the inputs while it is full. So back pressure reaches the sender and memory stays bounded.
 *
 * `stop()` stops accepting input (`close()`), then still delivers what was already received, so nothing
 * read is lost; `finished` settles after that. `destroy()` drops what is left (see `discardItem`).
 */
export abstract class PushSource<T, I = T> extends Source<T> {
  /** Input dropped instead of emitted, by reason (see {@link DropCounts}). */
  readonly drops: DropCounts = noDrops();
  protected inbox: Inbox<I>;
  /** Set by a subclass when no more input can come (a process exited): the run ends once drained. */
  protected inputEnded = false;

  constructor(
    protected readonly highWater: number,
    options?: StreamOptions,
  ) {
    super(options);
    this.inbox = new Inbox<I>(highWater);
  }

  /** Messages received and not yet emitted. */
  get backlog(): number {
    return this.inbox.length;
  }

  /** Sets up the input (listen, spawn); rejecting ends the run with that error. */
  protected abstract open(): Promise<void>;
  /** Stops accepting input and releases ports and handles; must not reject. */
  protected abstract close(): Promise<void>;

  /** Emits one received item; subclasses override it to unwrap items or acknowledge them afterwards. */
  protected deliver(item: I): Pending {
    return this.emitDetached(item as unknown as T);
  }

  /** Called for items still held when the node is destroyed (e.g. to answer 503). */
  protected discardItem(_item: I): void {}

  private opened = false;
  private inputClosing: Promise<void> | undefined;

  /** `close()` once per run, whoever asks first: `stop()` (at once, even with an emit pending) or the loop. */
  private closeOnce(): Promise<void> {
    return (this.inputClosing ??= this.close());
  }

  protected async run(): Promise<void> {
    this.inbox = new Inbox<I>(this.highWater);
    this.inputEnded = false;
    this.inputClosing = undefined;
    try {
      await this.open();
    } catch (e) {
      await this.closeOnce();
      throw e;
    }
    this.opened = true;
    try {
      while (this.running && !(this.inputEnded && this.inbox.length === 0)) {
        const item = this.inbox.take();
        if (item === undefined) {
          await this.inbox.wait();
          continue;
        }
        const r = this.deliver(item);
        if (r !== undefined) await r;
      }
    } finally {
      this.opened = false;
      await this.closeOnce();
    }
    // what was received before stop() is still delivered: it was read, so it must not vanish
    for (let item = this.inbox.take(); item !== undefined; item = this.inbox.take()) {
      if (this.isDestroyed) this.discardItem(item);
      else {
        const r = this.deliver(item);
        if (r !== undefined) await r;
      }
    }
    this.afterDrain();
  }

  /** Called once the items received before `stop()` were delivered; releases what `close()` kept. */
  protected afterDrain(): void {}

  /**
   * On `stop()`: releases the port or process at once (not after a pending emit settles) and wakes the
   * run loop so it notices.
   */
  protected override halt(): void {
    if (this.opened) void this.closeOnce();
    this.inbox.interrupt();
  }
}
