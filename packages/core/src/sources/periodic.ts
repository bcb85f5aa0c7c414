import { requireFn, requireMs } from "../options";
import type { TimerHandle } from "../scheduler";
import type { StreamOptions } from "../stream";
import { Source } from "./source";

/**
 * Once started, calls `fn` every `ms` and emits what it returns; the next call waits until downstream
 * has finished with the previous element. streamz: `Stream.from_periodic`.
 * @example `const ticks = fromPeriodic(() => Date.now(), 1000); ticks.sink(console.log); ticks.start();`
 */
export function fromPeriodic<T>(fn: () => T, ms: number, options?: StreamOptions): PeriodicSource<T> {
  return new PeriodicSource(fn, ms, options);
}

/** Node behind {@link fromPeriodic}. */
export class PeriodicSource<T> extends Source<T> {
  private timer: TimerHandle | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly fn: () => T,
    private readonly interval: number,
    options?: StreamOptions,
  ) {
    super(options);
    requireFn("fromPeriodic", fn);
    requireMs("fromPeriodic", interval);
  }
  override get kind(): string {
    return "fromPeriodic";
  }
  protected override detail(): string {
    return `${this.interval}ms`;
  }
  protected async run(): Promise<void> {
    while (this.running) {
      let x: T;
      try {
        x = this.fn();
      } catch (e) {
        this.reportDetached(e, undefined); // to onError() or stderr; the source keeps ticking
        await this.sleep();
        continue;
      }
      const r = this.emitDetached(x);
      if (r !== undefined) await r;
      await this.sleep();
    }
  }
  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.running) return resolve();
      this.wakeUp = resolve;
      this.timer = this.scheduler.setTimeout(() => {
        this.timer = undefined;
        this.wakeUp = undefined;
        resolve();
      }, this.interval);
    });
  }
  protected override halt(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.wakeUp?.();
    this.wakeUp = undefined;
  }
}
