import { below, fnName, requireFn } from "../options";
import { registerBuiltin } from "../api";
import { both, Stream, type Pending, type StreamOptions } from "../stream";

declare module "../stream" {
  interface Stream<T> {
    /**
     * Applies `fn` to every element. streamz: `map`.
     * @example `source.map((x) => x * 2)`
     */
    map<U>(fn: (x: T) => U, options?: StreamOptions): Stream<U>;
    /**
     * Applies `fn` to the items of every (array) element as arguments. streamz: `starmap`.
     * @example `pairs.starmap((a, b) => a + b)`
     */
    starmap<U>(fn: T extends readonly unknown[] ? (...args: T) => U : never, options?: StreamOptions): Stream<U>;
    /**
     * Passes on the elements for which `predicate` is true; with no predicate, the truthy ones. streamz: `filter`.
     * @example `source.filter((x) => x % 2 === 0)`
     */
    filter<S extends T>(predicate: (x: T) => x is S, options?: StreamOptions): Stream<S>;
    filter(predicate?: ((x: T) => unknown) | null, options?: StreamOptions): Stream<T>;
  }
}

/** Node behind {@link Stream.map}. */
export class MapNode<T, U> extends Stream<U> {
  constructor(
    upstream: Stream<T>,
    private readonly fn: (x: T) => U,
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    requireFn("map", fn);
    this.attach(upstream);
  }
  override get kind(): string {
    return "map";
  }
  protected override detail(): string | undefined {
    return fnName(this.fn);
  }
  // A live graph counts this node with this update written again, its counts inside (COUNT_IN_COPIES in
  // packages/widgets/src/graph-counting.ts): a change here belongs there too.
  override update(x: unknown): Pending {
    let y: U;
    try {
      y = this.fn(x as T);
    } catch (e) {
      return this.fail(e, x);
    }
    const d = this.single;
    if (d !== undefined) return d.update(y, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(y, this), e.update(y, this)) : this._emit(y);
  }
}

/** Node behind {@link Stream.starmap}. */
export class StarmapNode<U> extends Stream<U> {
  constructor(
    upstream: Stream<readonly unknown[]>,
    private readonly fn: (...args: any[]) => U,
    options?: StreamOptions,
  ) {
    super(below(upstream, options));
    requireFn("starmap", fn);
    this.attach(upstream);
  }
  override get kind(): string {
    return "starmap";
  }
  protected override detail(): string | undefined {
    return fnName(this.fn);
  }
  // A live graph counts this node with this update written again, its counts inside (COUNT_IN_COPIES in
  // packages/widgets/src/graph-counting.ts): a change here belongs there too.
  override update(x: unknown): Pending {
    let y: U;
    try {
      y = this.fn(...(x as unknown[]));
    } catch (e) {
      return this.fail(e, x);
    }
    const d = this.single;
    if (d !== undefined) return d.update(y, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(y, this), e.update(y, this)) : this._emit(y);
  }
}

/** Node behind {@link Stream.filter}. */
export class FilterNode<T> extends Stream<T> {
  private readonly predicate: (x: T) => unknown;
  constructor(upstream: Stream<T>, predicate: ((x: T) => unknown) | null | undefined, options?: StreamOptions) {
    super(below(upstream, options));
    if (predicate != null) requireFn("filter", predicate);
    this.predicate = predicate ?? Boolean;
    this.attach(upstream);
  }
  override get kind(): string {
    return "filter";
  }
  protected override detail(): string | undefined {
    return fnName(this.predicate);
  }
  // A live graph counts a filter with this update written again, its counts inside (SPLIT_UPDATE in
  // packages/widgets/src/graph-counting.ts): a change here belongs there too.
  override update(x: unknown): Pending {
    let keep: unknown;
    try {
      keep = this.predicate(x as T);
    } catch (e) {
      return this.fail(e, x);
    }
    if (!keep) return undefined;
    const d = this.single;
    if (d !== undefined) return d.update(x, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(x, this), e.update(x, this)) : this._emit(x as T);
  }
}

registerBuiltin("map", function map<T, U>(this: Stream<T>, fn: (x: T) => U, options?: StreamOptions) {
  return new MapNode(this, fn, options);
});
registerBuiltin("starmap", function starmap(this: Stream<any>, fn: (...args: any[]) => unknown, options?: StreamOptions) {
  return new StarmapNode(this, fn, options);
});
registerBuiltin("filter", function filter<T>(this: Stream<T>, predicate?: ((x: T) => unknown) | null, options?: StreamOptions) {
  return new FilterNode(this, predicate, options);
});
