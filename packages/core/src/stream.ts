import { StreamError, type StreamErrorEvent } from "./errors";
import { printDetached } from "./detached-errors";
import { getDefaultScheduler, type Scheduler } from "./scheduler";

/**
 * What `emit` and `update` return: `undefined` when every node downstream finished synchronously,
 * otherwise a promise that settles when all downstream work for the element is done. Awaiting it is
 * back pressure: a source that awaits its emits runs no faster than its slowest sink.
 */
export type Pending = Promise<void> | undefined;

/** Options every node accepts. */
export interface StreamOptions {
  /** A label shown in errors and in `visualize()`. */
  name?: string;
  /** Clock and timers for time-based operators; inherited from the upstream when omitted. */
  scheduler?: Scheduler;
}

/** Options of nodes built on one or more upstreams. */
export interface NodeOptions extends StreamOptions {
  upstreams?: readonly Stream<any>[];
}

const NO_STREAMS: readonly Stream<any>[] = Object.freeze([]);
const resolvedVoid = (): void => undefined;

/** What two downstreams returned, as one {@link Pending}: allocates only when both are asynchronous. */
export function both(a: Pending, b: Pending): Pending {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Promise.all([a, b]).then(resolvedVoid);
}

/**
 * A node of a stream graph, and the graph's public face. `new Stream<T>()` is a source you `emit`
 * into; every operator (`map`, `filter`, `zip`, ...) returns a new node connected downstream.
 *
 * Elements flow depth first: `emit(x)` calls `update(x)` on each downstream in the order they were
 * connected, and each of those does the same before `emit` returns.
 *
 * Lifecycle: an upstream holds its downstreams strongly, so a branch lives as long as its source is
 * reachable; sinks need no global registry. `destroy()` cuts a node from its upstreams, releases its
 * timers and buffers, and destroys the downstream nodes left with no upstream.
 *
 * @example
 * ```ts
 * const source = new Stream<number>();
 * const out = source.map((x) => x + 1).accumulate((acc, x) => acc + x).sinkToList();
 * for (const x of [1, 2, 3]) source.emit(x);
 * out; // [2, 5, 9]
 * ```
 */
export class Stream<T> {
  /** Nodes this one receives from, in connection order. Replaced, never mutated, on change. */
  upstreams: readonly Stream<any>[] = NO_STREAMS;
  /** Nodes this one sends to, in connection order. Replaced, never mutated, on change. */
  downstreams: readonly Stream<any>[] = NO_STREAMS;
  /** A label for errors and `visualize()`. */
  name: string | undefined;
  /** The clock this node and its descendants use. */
  readonly scheduler: Scheduler;
  /** Set by `onError()`: where failures in this node or below are routed instead of thrown. */
  private errorRoute: Stream<StreamErrorEvent> | undefined = undefined;
  /**
   * The only downstream, when there is exactly one and no error route: the fast path. Operators call
   * `this.single.update(...)` from their own `update`, so that each call site sees few node types and
   * V8 can inline it (a call from the shared `_emit` sees every node type in the program).
   */
  protected single: Stream<any> | undefined = undefined;
  /**
   * The two downstreams, when there are exactly two and no error route (a stream with a sink and a live
   * view is the common case): the same fast path for a fan-out of two. See {@link both}.
   */
  protected firstOfTwo: Stream<any> | undefined = undefined;
  protected secondOfTwo: Stream<any> | undefined = undefined;
  private destroyed = false;

  constructor(options: NodeOptions = {}) {
    this.name = options.name;
    const ups = options.upstreams ?? NO_STREAMS;
    this.scheduler = options.scheduler ?? ups[0]?.scheduler ?? getDefaultScheduler();
    for (const up of ups) up.connect(this);
  }

  /**
   * Connects this (operator) node below `ups`. Operators call it at the end of their constructor, once
   * their own fields exist, because joins set up per-upstream state as each upstream is added.
   */
  protected attach(...ups: Stream<any>[]): this {
    for (const up of ups) up.connect(this);
    return this;
  }

  /** The operator's name as streamz spells it in camelCase (`map`, `zip`, ...); `stream` for a plain source. */
  get kind(): string {
    return "stream";
  }

  /** `kind` plus the label or the user function's name: what errors and graphs call this node. */
  describe(): string {
    const label = this.name ?? this.detail();
    return label ? `${this.kind}(${label})` : this.kind;
  }

  /** A detail for `describe()` when no name is set, e.g. the mapped function's name. */
  protected detail(): string | undefined {
    return undefined;
  }

  /**
   * Elements this node holds now, waiting to be emitted (a `buffer`'s backlog, a `zip`'s unmatched
   * elements, a `timedWindow`'s open window, ...), or `undefined` for a node that holds none. Read when
   * asked (by `graph()`, say): nothing is counted per element.
   */
  get buffered(): number | undefined {
    return undefined;
  }

  /** Sets the label and returns the node, for chaining. */
  label(name: string): this {
    this.name = name;
    return this;
  }

  /** Pushes an element into the graph from this node. See {@link Pending} for what it returns. */
  emit(x: T): Pending {
    const d = this.single;
    if (d !== undefined) return d.update(x, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(x, this), e.update(x, this)) : this._emit(x);
  }

  /**
   * Receives an element from upstream `who`. A plain `Stream` passes it on; operators override this.
   * It returns what `emit` does, so back pressure travels up the graph.
   */
  update(x: unknown, _who?: Stream<any>): Pending {
    return this._emit(x as T);
  }

  /** Sends `x` to every downstream, depth first, and combines what they return. */
  protected _emit(x: T): Pending {
    const ds = this.downstreams;
    if (this.errorRoute !== undefined) return this.emitGuarded(x, ds);
    const n = ds.length;
    if (n === 1) return ds[0]!.update(x, this);
    let first: Pending;
    let rest: Promise<void>[] | undefined;
    for (let i = 0; i < n; i++) {
      const r = ds[i]!.update(x, this);
      if (r !== undefined) {
        if (first === undefined) first = r;
        else (rest ??= [first]).push(r);
      }
    }
    return rest === undefined ? first : Promise.all(rest).then(resolvedVoid);
  }

  /** `_emit` for a node with an error route: each downstream's failure is routed, the others still run. */
  private emitGuarded(x: T, ds: readonly Stream<any>[]): Pending {
    const pending: Promise<void>[] = [];
    for (const d of ds) {
      let r: Pending;
      try {
        r = d.update(x, this);
      } catch (e) {
        r = this.routeError(e, x);
      }
      if (r !== undefined) pending.push(r.catch((e: unknown) => this.routeError(e, x)));
    }
    if (pending.length === 0) return undefined;
    return pending.length === 1 ? pending[0] : Promise.all(pending).then(resolvedVoid);
  }

  /**
   * Reports a failure of this node's function on element `x`: routed to the nearest `onError()` at or
   * above this node on the emitting call path, else thrown as a {@link StreamError}.
   */
  protected fail(cause: unknown, x: unknown): Pending {
    const error = cause instanceof StreamError ? cause : new StreamError(this, x, cause);
    if (this.errorRoute !== undefined) return this.routeError(error, x);
    throw error;
  }

  /** Wraps a promise from a user function so that its rejection names this node and the element. */
  protected guardAsync(p: Promise<unknown>, x: unknown): Promise<void> {
    return p.then(resolvedVoid, (e: unknown) => this.fail(e, x));
  }

  /**
   * Emits from a timer or a source loop, where no caller can receive an error: a failure goes to the
   * nearest `onError()` at or above this node, else to stderr, and the graph keeps running.
   */
  protected emitDetached(x: T): Pending {
    let r: Pending;
    try {
      r = this._emit(x);
    } catch (e) {
      this.reportDetached(e, x);
      return undefined;
    }
    return r === undefined ? r : r.catch((e: unknown) => this.reportDetached(e, x));
  }

  /** Reports a failure no caller can receive: to the nearest `onError()` at or above, else stderr (one line, rate limited). */
  protected reportDetached(cause: unknown, x: unknown): void {
    for (let node: Stream<any> | undefined = this; node !== undefined; node = node.upstreams[0]) {
      if (node.errorRoute !== undefined) {
        const routed = node;
        try {
          const r = routed.routeError(cause, x);
          if (r !== undefined) r.catch((e: unknown) => printDetached(e, routed, this.scheduler));
        } catch (e) {
          printDetached(e, routed, this.scheduler);
        }
        return;
      }
    }
    printDetached(cause instanceof StreamError ? cause : new StreamError(this, x, cause), this, this.scheduler);
  }

  private routeError(cause: unknown, x: unknown): Pending {
    const error = cause instanceof StreamError ? cause : new StreamError(this, x, cause);
    const route = this.errorRoute!;
    return route.emit({ error, element: error.element, node: error.node });
  }

  /**
   * Routes failures instead of throwing them: any element that fails in this node or in a node below
   * it (on a path from here) becomes a `{error, element, node}` event on the returned stream, and the
   * other elements and branches keep flowing. Calling it twice returns the same stream.
   *
   * @example
   * ```ts
   * const source = new Stream<string>();
   * source.onError().sink((e) => console.warn(e.error.message));
   * source.map(JSON.parse).sink(store);   // a malformed line is logged, the pipeline goes on
   * ```
   */
  onError(): Stream<StreamErrorEvent> {
    this.errorRoute ??= new Stream<StreamErrorEvent>({ name: `errors of ${this.describe()}`, scheduler: this.scheduler });
    this.refreshSingle();
    return this.errorRoute;
  }

  /** Connects `downstream` after this node's existing downstreams. */
  connect(downstream: Stream<any>): void {
    this.downstreams = [...this.downstreams, downstream];
    this.refreshSingle();
    downstream.upstreams = [...downstream.upstreams, this];
    downstream.upstreamAdded(this);
  }

  /** Disconnects `downstream`; elements no longer flow from this node to it. */
  disconnect(downstream: Stream<any>): void {
    if (!this.downstreams.includes(downstream)) return;
    downstream.upstreamRemoving(this);
    this.downstreams = this.downstreams.filter((d) => d !== downstream);
    this.refreshSingle();
    downstream.upstreams = downstream.upstreams.filter((u) => u !== this);
  }

  private refreshSingle(): void {
    const ds = this.downstreams;
    const plain = this.errorRoute === undefined;
    this.single = plain && ds.length === 1 ? ds[0] : undefined;
    this.firstOfTwo = plain && ds.length === 2 ? ds[0] : undefined;
    this.secondOfTwo = plain && ds.length === 2 ? ds[1] : undefined;
  }

  /** Hook for joins that keep per-upstream state. */
  protected upstreamAdded(_up: Stream<any>): void {}
  /** Hook for joins that keep per-upstream state; may throw to refuse. */
  protected upstreamRemoving(_up: Stream<any>): void {}

  /** The single upstream, `undefined` for a source; throws when there are several. */
  get upstream(): Stream<any> | undefined {
    if (this.upstreams.length > 1) throw new Error(`${this.describe()} has ${this.upstreams.length} upstreams`);
    return this.upstreams[0];
  }

  /** Whether `destroy()` was called. */
  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /**
   * Removes this node from the graph: disconnects it from its upstreams, releases its timers and
   * buffers (pending back-pressure waits are released, not left hanging), and destroys every
   * downstream node that is left with no upstream. Idempotent.
   */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const up of this.upstreams) up.disconnect(this);
    this.teardown();
    const ds = this.downstreams;
    this.downstreams = NO_STREAMS;
    this.single = this.firstOfTwo = this.secondOfTwo = undefined;
    for (const d of ds) {
      d.upstreams = d.upstreams.filter((u) => u !== this);
      if (d.upstreams.length === 0) d.destroy();
    }
    this.errorRoute?.destroy();
    this.errorRoute = undefined;
  }

  /** Releases what this node holds (timers, buffers, waiters). Operators override it. */
  protected teardown(): void {}

  /** Starts this node and every source upstream of it. Sources override `start`. */
  start(): void {
    for (const up of this.upstreams) up.start();
  }

  /** Stops this node and every source upstream of it. */
  stop(): void {
    for (const up of this.upstreams) up.stop();
  }
}
