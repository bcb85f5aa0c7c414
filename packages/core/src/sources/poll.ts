import type { TimerHandle } from "../scheduler";
import type { Stream } from "../stream";

/** An interruptible pause on a node's scheduler, for polling sources (a `VirtualScheduler` drives it in tests). */
export class Poller {
  private timer: TimerHandle | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly node: Stream<any>,
    readonly ms: number,
  ) {}

  /** Resolves after `ms`, or at once when {@link interrupt} is called. */
  sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = this.node.scheduler.setTimeout(() => {
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      }, this.ms);
    });
  }

  /** Cancels the timer and releases a pending {@link sleep}. */
  interrupt(): void {
    if (this.timer !== undefined) this.node.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}
