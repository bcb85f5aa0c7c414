/**
 * What makes a view say that its stream is failing: a failure no caller can receive (a source's timer
 * running a map that throws) used to print into whichever cell ran last while the view showed nothing.
 * A view now watches the failures of its stream and of everything upstream of it and shows a compact
 * banner: how many, and the latest. The first failure is shown at once; later ones are gathered and
 * shown at most once per update interval.
 */
import { onDetachedFailure, type Scheduler, type Stream, type TimerHandle } from "@streamz-ts/core";

/** Whether `node` is `stream` or upstream of it. */
function feeds(node: object, stream: Stream<any>): boolean {
  const seen = new Set<Stream<any>>();
  const todo = [stream];
  for (let s = todo.pop(); s !== undefined; s = todo.pop()) {
    if (s === node) return true;
    if (seen.has(s)) continue;
    seen.add(s);
    todo.push(...s.upstreams);
  }
  return false;
}

/** Counts the failures upstream of a view and tells it (`show`), rate limited. */
export class FailureWatch {
  private count = 0;
  private latest = "";
  private shownCount = 0;
  private quiet: TimerHandle | undefined;
  private readonly stop: () => void;

  constructor(
    private readonly stream: Stream<any>,
    private readonly show: (message: string) => void,
    private readonly scheduler: Scheduler,
    private readonly interval: number,
  ) {
    this.stop = onDetachedFailure((error, node) => {
      if (feeds(node, this.stream)) this.failed(error);
    });
  }

  /** Stops watching (the view closed). */
  dispose(): void {
    this.stop();
    if (this.quiet !== undefined) this.scheduler.clearTimeout(this.quiet);
    this.quiet = undefined;
  }

  private failed(error: unknown): void {
    this.count++;
    this.latest = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (this.quiet === undefined) this.tell();
  }

  /** Shows the count and the latest failure, then stays quiet for an interval. */
  private tell(): void {
    this.shownCount = this.count;
    this.show(`${this.count} failure${this.count === 1 ? "" : "s"} upstream · latest: ${this.latest}`);
    this.quiet = this.scheduler.setTimeout(() => {
      this.quiet = undefined;
      if (this.count !== this.shownCount) this.tell();
    }, this.interval);
    (this.quiet as { unref?: () => void }).unref?.();
  }
}
