import { Stream, type StreamOptions } from "../stream";

/**
 * A node that produces elements by itself (a file tail, a socket, a timer). Nothing flows until
 * `start()`; `stop()` ends the run loop and releases what it holds. A source awaits the back pressure
 * its emits return, so it never runs ahead of its slowest sink.
 *
 * Subclasses implement `run()`: loop while `this.running`, emit with `this.emitDetached(x)` (failures
 * below go to `onError()` or stderr, and the source keeps going) and await what it returns.
 */
export abstract class Source<T> extends Stream<T> {
  private runningNow = false;
  private done: Promise<void> = Promise.resolve();
  /** Bumped by every `start()`; a run loop is current only while its generation is the latest. */
  private generation = 0;
  private activeGeneration = 0;
  private idle = true;

  constructor(options?: StreamOptions) {
    super(options);
  }

  /**
   * Whether the source is started and not yet stopped or finished. A run loop tests it to know when to
   * end. After `stop(); start()` it turns true once the previous run has wound down (so two loops never
   * run at once).
   */
  get running(): boolean {
    return this.runningNow && this.activeGeneration === this.generation;
  }

  /** Settles when the current run ends (the source is exhausted or stopped); never rejects. */
  get finished(): Promise<void> {
    return this.done;
  }

  /** Starts producing (idempotent). A run still winding down after `stop()` ends first. */
  override start(): void {
    if (this.runningNow || this.isDestroyed) return;
    this.runningNow = true;
    const gen = ++this.generation;
    if (this.idle) {
      this.done = this.launch(gen);
      return;
    }
    this.done = this.done.then(() => (gen === this.generation && this.runningNow && !this.isDestroyed ? this.launch(gen) : undefined));
  }

  private launch(gen: number): Promise<void> {
    this.idle = false;
    this.activeGeneration = gen;
    return this.run()
      .then(
        () => undefined,
        (e: unknown) => console.error(`${this.describe()} stopped: ${e instanceof Error ? e.stack : String(e)}`),
      )
      .finally(() => {
        this.idle = true;
        if (gen === this.generation) this.runningNow = false; // not when a newer start() is waiting
      });
  }

  /** Stops producing and releases handles; `finished` settles once the loop has noticed. */
  override stop(): void {
    if (!this.runningNow) return;
    this.runningNow = false;
    this.halt();
  }

  /** The production loop. */
  protected abstract run(): Promise<void>;

  /** Interrupts whatever `run()` waits on (a timer, a socket); called by `stop()` and `destroy()`. */
  protected halt(): void {}

  protected override teardown(): void {
    this.stop();
  }
}
