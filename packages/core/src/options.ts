import type { Stream, StreamOptions } from "./stream";

/** Options for a node built below `upstream`: the caller's label, and the upstream's clock unless overridden. */
export function below(upstream: Stream<any>, options: StreamOptions | undefined): StreamOptions {
  return { name: options?.name, scheduler: options?.scheduler ?? upstream.scheduler };
}

/** The name of a user function for labels: `map(parse)`; nothing for anonymous arrows. */
export function fnName(fn: unknown): string | undefined {
  return typeof fn === "function" && fn.name ? fn.name : undefined;
}

/**
 * Throws a clear error when `value` is not a whole number of at least `min`; returns it. Every package
 * validates counts with this, so the messages read alike.
 * @example `requireCount("scatter", "threads", options.threads, 1)` // "scatter: threads must be an integer >= 1, got 0"
 */
export function requireCount(op: string, what: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${op}: ${what} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * Throws a clear error when `value` is not a finite number of milliseconds >= 0; returns it.
 * @example `requireMs("rateLimit", interval)`
 */
export function requireMs(op: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${op}: interval must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
}

/**
 * Throws a clear error when `fn` is not a function.
 * @example `requireFn("map", fn)` // "map: expected a function, got number"
 */
export function requireFn(op: string, fn: unknown): void {
  if (typeof fn !== "function") throw new TypeError(`${op}: expected a function, got ${typeof fn}`);
}
