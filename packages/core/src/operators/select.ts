import { below, requireCount } from "../options";
import { registerBuiltin } from "../api";
import { Stream, type Pending, type StreamOptions } from "../stream";
import { allPending, collectPending } from "./pending";

/** Options of {@link Stream.unique}. */
export interface UniqueOptions<T, K> extends StreamOptions {
  /** Remember at most this many recent keys (least recently seen are forgotten). Default: all. */
  maxsize?: number;
  /** What makes two elements the same; compared with SameValueZero (like `Map` keys). Default: the element. */
  key?: (x: T) => K;
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Picks a field (or several, as a tuple) from every element. streamz: `pluck`.
     * @example `people.pluck("name")`, `rows.pluck(["x", "y"])`
     */
    pluck<K extends keyof T>(key: K, options?: StreamOptions): Stream<T[K]>;
    pluck<const K extends readonly (keyof T)[]>(keys: K, options?: StreamOptions): Stream<{ -readonly [I in keyof K]: T[K[I]] }>;
    /**
     * Emits each item of every iterable element. streamz: `flatten`.
     * @example `batches.flatten()`
     */
    flatten(options?: StreamOptions): Stream<T extends Iterable<infer U> ? U : never>;
    /**
     * Elements by position, like `array.slice(start, end)` with a step: indices start, start+step, ...
     * below end. After `end` the node detaches itself. streamz: `slice` (see README for a difference).
     * @example `source.slice(1, undefined, 2)` // 2nd, 4th, 6th, ... element
     */
    slice(start?: number, end?: number, step?: number, options?: StreamOptions): Stream<T>;
    /**
     * Drops elements already seen (by `key`), remembering the last `maxsize` keys (LRU). streamz: `unique`.
     * @example `source.unique({ maxsize: 1 })` // drops immediate repeats
     */
    unique<K = T>(options?: UniqueOptions<T, K>): Stream<T>;
  }
}

/** Node behind {@link Stream.pluck}. */
export class PluckNode<T> extends Stream<unknown> {
  private readonly many: boolean;
  constructor(
    upstream: Stream<T>,
    private readonly pick: PropertyKey | readonly PropertyKey[],
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    this.many = Array.isArray(pick);
    this.attach(upstream);
  }
  override get kind(): string {
    return "pluck";
  }
  protected override detail(): string {
    return String(this.pick);
  }
  override update(x: unknown): Pending {
    if (x === null || x === undefined) return this.fail(new TypeError(`cannot pluck ${String(this.pick)} from ${x}`), x);
    const obj = x as Record<PropertyKey, unknown>;
    if (!this.many) return this._emit(obj[this.pick as PropertyKey]);
    return this._emit((this.pick as readonly PropertyKey[]).map((k) => obj[k]));
  }
}

/** Node behind {@link Stream.flatten}. */
export class FlattenNode extends Stream<unknown> {
  constructor(upstream: Stream<unknown>, options?: StreamOptions) {
    super(below(upstream, options));
    this.attach(upstream);
  }
  override get kind(): string {
    return "flatten";
  }
  override update(x: unknown): Pending {
    if (x === null || typeof (x as Iterable<unknown>)[Symbol.iterator] !== "function") {
      return this.fail(new TypeError("element is not iterable"), x);
    }
    let pending: Promise<void>[] | undefined;
    for (const item of x as Iterable<unknown>) pending = collectPending(pending, this._emit(item));
    return allPending(pending);
  }
}

/** Node behind {@link Stream.slice}. */
export class SliceNode<T> extends Stream<T> {
  private index = 0;
  constructor(
    upstream: Stream<T>,
    private readonly first: number,
    private readonly end: number | undefined,
    private readonly step: number,
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    requireCount("slice", "start", first, 0);
    if (end !== undefined) requireCount("slice", "end", end, 0);
    requireCount("slice", "step", step, 1);
    this.attach(upstream);
  }
  override get kind(): string {
    return "slice";
  }
  protected override detail(): string {
    return `${this.first}:${this.end ?? ""}:${this.step}`;
  }
  override update(x: unknown): Pending {
    const i = this.index++;
    if (this.end !== undefined && i >= this.end) {
      this.detachFromUpstreams();
      return undefined;
    }
    const r = i >= this.first && (i - this.first) % this.step === 0 ? this._emit(x as T) : undefined;
    if (this.end !== undefined && i + 1 >= this.end) this.detachFromUpstreams();
    return r;
  }
  private detachFromUpstreams(): void {
    for (const up of this.upstreams) up.disconnect(this);
  }
}

/** Node behind {@link Stream.unique}: a `Map` in insertion order doubles as the LRU list. */
export class UniqueNode<T, K> extends Stream<T> {
  private readonly seen = new Map<unknown, true>();
  private readonly maxsize: number;
  private readonly key: ((x: T) => K) | undefined;
  constructor(upstream: Stream<T>, options: UniqueOptions<T, K> = {}) {
    super(below(upstream, options));
    this.maxsize = options.maxsize === undefined ? Infinity : requireCount("unique", "maxsize", options.maxsize, 1);
    this.key = options.key;
    this.attach(upstream);
  }
  override get kind(): string {
    return "unique";
  }
  override update(x: unknown): Pending {
    let k: unknown = x;
    if (this.key !== undefined) {
      try {
        k = this.key(x as T);
      } catch (e) {
        return this.fail(e, x);
      }
    }
    if (this.seen.has(k)) {
      if (this.maxsize !== Infinity) {
        // refresh: a repeat counts as a recent use, as in an LRU cache
        this.seen.delete(k);
        this.seen.set(k, true);
      }
      return undefined;
    }
    this.seen.set(k, true);
    if (this.seen.size > this.maxsize) this.seen.delete(this.seen.keys().next().value);
    return this._emit(x as T);
  }
  protected override teardown(): void {
    this.seen.clear();
  }
}

registerBuiltin("pluck", function pluck(this: Stream<any>, pick: PropertyKey | readonly PropertyKey[], options?: StreamOptions) {
  return new PluckNode(this, pick, options);
});
registerBuiltin("flatten", function flatten(this: Stream<any>, options?: StreamOptions) {
  return new FlattenNode(this, options);
});
registerBuiltin("slice", function slice(this: Stream<any>, start?: number, end?: number, step?: number, options?: StreamOptions) {
  return new SliceNode(this, start ?? 0, end, step ?? 1, options);
});
registerBuiltin("unique", function unique(this: Stream<any>, options?: UniqueOptions<any, any>) {
  return new UniqueNode(this, options);
});
