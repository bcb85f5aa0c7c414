/**
 * How a failure that no caller can receive (a source's timer, a source loop) is printed when nothing
 * routes it with `onError()`: one line, `StreamError: map(explode) failed on element 3: Error: boom`,
 * never an object dump, and at most one line per node per second. Failures in between are counted and
 * the count is said once the second is over, so a source failing 1,000 times a second prints two lines
 * a second, not a wall of text into whichever notebook cell ran last.
 */
import { StreamError } from "./errors";
import type { Scheduler } from "./scheduler";

/** The quiet period after a printed line, per node, in the node's clock. */
export const DETACHED_ERROR_INTERVAL_MS = 1000;

interface Quiet {
  until: number;
  suppressed: number;
}

const quietNodes = new WeakMap<object, Quiet>();

/** Told of every failure no caller can receive, with the node that failed (a live view's banner listens). */
export type DetachedFailureListener = (error: unknown, node: object) => void;

const LISTENERS = Symbol.for("streamz-ts.core.detached-failure-listeners");

/** The listeners, shared by every copy of this package in the process. */
function listeners(): Set<DetachedFailureListener> {
  const g = globalThis as Record<symbol, unknown>;
  return ((g[LISTENERS] as Set<DetachedFailureListener> | undefined) ??= new Set());
}

/**
 * Calls `listener` for every failure that no caller can receive (what is printed on stderr, rate limited),
 * before the rate limit. Returns a function that stops it.
 * @example `const stop = onDetachedFailure((error, node) => console.log(node === myMap));`
 */
export function onDetachedFailure(listener: DetachedFailureListener): () => void {
  listeners().add(listener);
  return () => void listeners().delete(listener);
}

/**
 * Prints `error`, reported by `reporter`, on stderr: one line, rate limited per failing node (the
 * error's own node for a {@link StreamError}).
 */
export function printDetached(error: unknown, reporter: { describe(): string }, scheduler: Scheduler): void {
  const node = error instanceof StreamError ? error.node : reporter;
  for (const listener of listeners()) {
    try {
      listener(error, node);
    } catch {
      // A listener's own failure must not stop the report.
    }
  }
  const now = scheduler.now();
  const quiet = quietNodes.get(node);
  if (quiet !== undefined && now < quiet.until) {
    if (quiet.suppressed++ === 0) {
      const timer = scheduler.setTimeout(() => {
        const n = quiet.suppressed;
        quiet.suppressed = 0;
        // The second is over (a timer may fire a fraction of a millisecond early): the next failure
        // prints a line of its own and starts a new one.
        quietNodes.delete(node);
        console.error(`... and ${n} more failure${n === 1 ? "" : "s"} of ${node.describe()} in the last second`);
      }, quiet.until - now);
      (timer as { unref?: () => void }).unref?.();
    }
    return;
  }
  quietNodes.set(node, { until: now + DETACHED_ERROR_INTERVAL_MS, suppressed: 0 });
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
