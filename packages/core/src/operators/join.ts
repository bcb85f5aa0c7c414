import { registerBuiltin } from "../api";
import { both, Stream, type Pending, type StreamOptions } from "../stream";
import { allPending, collectPending } from "./pending";

/** Streams of the element types in `U`, as a tuple. */
export type StreamsOf<U extends readonly unknown[]> = { [K in keyof U]: Stream<U[K]> };

/** Options of {@link Stream.combineLatest}. */
export interface CombineLatestOptions extends StreamOptions {
  /** Emit only when these upstreams (streams, or indices into `[this, ...others]`) update. Default: any. */
  emitOn?: Stream<any> | number | readonly (Stream<any> | number)[];
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Pairs elements up by arrival order: emits `[a, b, ...]` once every upstream has a new element.
     * Each upstream's buffer holds at most `ZipNode.maxsize` (10) before its emitter is made to wait.
     * streamz: `zip`.
     * @example `a.zip(b, c)` // Stream<[A, B, C]>
     */
    zip<U extends unknown[]>(...others: StreamsOf<U>): Stream<[T, ...U]>;
    /**
     * Emits for every element of this (lossless) stream, paired with the latest of the others, once each
     * has produced one. streamz: `zip_latest`.
     */
    zipLatest<U extends unknown[]>(...others: StreamsOf<U>): Stream<[T, ...U]>;
    /**
     * Emits the latest element of every upstream whenever one updates (once all have one). streamz:
     * `combine_latest`. Pass `{ emitOn }` as the last argument to emit only on some upstreams.
     */
    combineLatest<U extends unknown[]>(...others: StreamsOf<U>): Stream<[T, ...U]>;
    combineLatest<U extends unknown[]>(...args: [...StreamsOf<U>, CombineLatestOptions]): Stream<[T, ...U]>;
    /**
     * Merges: every element of any upstream flows on unchanged. streamz: `union`.
     * @example `a.union(b)` // Stream<A | B>
     */
    union<U extends unknown[]>(...others: StreamsOf<U>): Stream<T | U[number]>;
  }
}

function requireStreams(op: string, xs: readonly unknown[]): Stream<any>[] {
  xs.forEach((x, i) => {
    if (!(x instanceof Stream)) throw new TypeError(`${op}: argument ${i + 1} is not a Stream`);
  });
  return xs as Stream<any>[];
}

/**
 * A join that pairs its upstreams' elements (zip, combineLatest, zipLatest) tells its upstreams apart by
 * identity, so the same stream given twice would fill one slot twice and the other never: nothing would
 * ever be emitted (and zip's emitter would wait forever). Refused with the fix instead.
 */
function requireDistinct(op: string, ups: Stream<any>[]): Stream<any>[] {
  ups.forEach((u, i) => {
    if (ups.indexOf(u) !== i) {
      throw new TypeError(`${op}: ${u.describe()} is given twice; to pair each element with itself, use .map((x) => [x, x])`);
    }
  });
  return ups;
}

/** Node behind {@link Stream.zip}. */
export class ZipNode extends Stream<unknown[]> {
  /** How many elements one upstream may run ahead before its emits wait. */
  maxsize = 10;
  /** One FIFO per upstream, in the same order as `upstreams`. */
  private bufs: unknown[][] = [];
  /** How many of the FIFOs are empty: a tuple is ready when none is. */
  private empty = 0;
  private waiters: (() => void)[] = [];

  constructor(ups: readonly Stream<any>[]) {
    super({ scheduler: ups[0]!.scheduler });
    this.attach(...ups);
  }
  override get kind(): string {
    return "zip";
  }
  override get buffered(): number {
    let n = 0;
    for (const b of this.bufs) n += b.length;
    return n;
  }
  protected override upstreamAdded(): void {
    this.bufs.push([]);
    this.empty++;
  }
  protected override upstreamRemoving(up: Stream<any>): void {
    const i = this.upstreams.indexOf(up);
    if (this.bufs[i]!.length === 0) this.empty--;
    this.bufs.splice(i, 1);
  }
  override update(x: unknown, who?: Stream<unknown>): Pending {
    const i = this.upstreams.indexOf(who!);
    if (i < 0) return undefined;
    const buf = this.bufs[i]!;
    buf.push(x);
    if (buf.length === 1) this.empty--;
    if (this.empty > 0) return buf.length > this.maxsize ? this.waitForRoom() : undefined;
    const n = this.bufs.length;
    const tuple = new Array<unknown>(n);
    for (let k = 0; k < n; k++) {
      const b = this.bufs[k]!;
      tuple[k] = b.shift();
      if (b.length === 0) this.empty++;
    }
    this.releaseWaiters();
    const d = this.single;
    if (d !== undefined) return d.update(tuple, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(tuple, this), e.update(tuple, this)) : this._emit(tuple);
  }
  private waitForRoom(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }
  protected override teardown(): void {
    for (const b of this.bufs) b.length = 0;
    this.empty = this.bufs.length;
    this.releaseWaiters();
  }
}

/** Node behind {@link Stream.combineLatest} (and, with `lossless`, {@link Stream.zipLatest}). */
export class CombineLatestNode extends Stream<unknown[]> {
  private readonly values = new Map<Stream<any>, unknown>();
  private readonly emitOnSet: ReadonlySet<Stream<any>> | undefined;
  private losslessQueue: unknown[] = [];

  constructor(
    ups: readonly Stream<any>[],
    emitOn: readonly Stream<any>[] | undefined,
    private readonly isZipLatest: boolean,
  ) {
    super({ scheduler: ups[0]!.scheduler });
    this.emitOnSet = emitOn && new Set(emitOn);
    this.attach(...ups);
  }
  override get kind(): string {
    return this.isZipLatest ? "zipLatest" : "combineLatest";
  }
  protected override upstreamRemoving(up: Stream<any>): void {
    if (this.isZipLatest && up === this.upstreams[0]) throw new Error("zipLatest: cannot disconnect the lossless stream");
    if (this.emitOnSet?.has(up) && this.emitOnSet.size === 1) {
      throw new Error(`${this.describe()}: cannot disconnect the only emitOn stream, nothing would be emitted`);
    }
    this.values.delete(up);
  }
  override update(x: unknown, who?: Stream<unknown>): Pending {
    if (this.isZipLatest && who === this.upstreams[0]) {
      if (this.losslessQueue.length >= ZIP_LATEST_MAX) {
        return this.fail(new Error(`${ZIP_LATEST_MAX} elements already wait for the other streams' first elements`), x);
      }
      this.losslessQueue.push(x);
    }
    this.values.set(who!, x);
    if (this.values.size < this.upstreams.length) return undefined;
    if (this.isZipLatest) return this.drainLossless();
    if (this.emitOnSet !== undefined && !this.emitOnSet.has(who!)) return undefined;
    return this._emit(this.upstreams.map((u) => this.values.get(u)));
  }
  private drainLossless(): Pending {
    let pending: Promise<void>[] | undefined;
    while (this.losslessQueue.length > 0) {
      const head = this.losslessQueue.shift();
      const tuple = this.upstreams.map((u, i) => (i === 0 ? head : this.values.get(u)));
      pending = collectPending(pending, this._emit(tuple));
    }
    return allPending(pending);
  }
  protected override teardown(): void {
    this.values.clear();
    this.losslessQueue = [];
  }
}

/** zipLatest holds lossless elements only until every other upstream has produced one; bound that wait. */
const ZIP_LATEST_MAX = 100_000;

/** Node behind {@link Stream.union}. */
export class UnionNode extends Stream<unknown> {
  constructor(ups: readonly Stream<any>[]) {
    super({ scheduler: ups[0]!.scheduler });
    this.attach(...ups);
  }
  override get kind(): string {
    return "union";
  }
}

registerBuiltin("zip", function zip(this: Stream<any>, ...others: Stream<any>[]) {
  return new ZipNode(requireDistinct("zip", [this, ...requireStreams("zip", others)]));
});
registerBuiltin("zipLatest", function zipLatest(this: Stream<any>, ...others: Stream<any>[]) {
  return new CombineLatestNode(requireDistinct("zipLatest", [this, ...requireStreams("zipLatest", others)]), undefined, true);
});
registerBuiltin("combineLatest", function combineLatest(this: Stream<any>, ...args: unknown[]) {
  const last = args[args.length - 1];
  const options = last !== undefined && !(last instanceof Stream) ? (args.pop() as CombineLatestOptions) : {};
  const ups = requireDistinct("combineLatest", [this, ...requireStreams("combineLatest", args)]);
  let emitOn: Stream<any>[] | undefined;
  if (options.emitOn !== undefined) {
    const list = Array.isArray(options.emitOn) ? options.emitOn : [options.emitOn];
    emitOn = list.map((e: Stream<any> | number) => {
      const s = typeof e === "number" ? ups[e] : e;
      if (!s || !ups.includes(s)) throw new RangeError(`combineLatest: emitOn ${String(e)} is not one of the joined streams`);
      return s;
    });
  }
  const node = new CombineLatestNode(ups, emitOn, false);
  if (options.name) node.name = options.name;
  return node;
});
registerBuiltin("union", function union(this: Stream<any>, ...others: Stream<any>[]) {
  return new UnionNode([this, ...requireStreams("union", others)]);
});
