import { below, fnName, requireFn } from "../options";
import { registerBuiltin } from "../api";
import { both, Stream, type Pending, type StreamOptions } from "../stream";

/** Options of {@link Stream.accumulate}. */
export interface AccumulateOptions<S> extends StreamOptions {
  /** The state before the first element. Without it, the first element becomes the state and is emitted as is. */
  start?: S;
  /** When true, `fn` returns `[newState, output]` and only `output` is emitted. */
  returnsState?: boolean;
  /** Each element from this stream resets the state to `start` (or to "unset" without `start`). */
  resetStream?: Stream<unknown>;
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Running reduction: `state = fn(state, x)`, emitting each new state. streamz: `accumulate`.
     * Without `start`, the first element is the initial state and is emitted unchanged.
     * @example `source.accumulate((acc, x) => acc + x, { start: 0 })`  // running sum
     */
    accumulate<S, R>(fn: (state: S, x: T) => readonly [S, R], options: AccumulateOptions<S> & { start: S; returnsState: true }): Stream<R>;
    accumulate<S>(fn: (state: S, x: T) => S, options: AccumulateOptions<S> & { start: S; returnsState?: false }): Stream<S>;
    accumulate(fn: (state: T, x: T) => T, options?: AccumulateOptions<T> & { returnsState?: false }): Stream<T>;
    accumulate<R>(fn: (state: T, x: T) => readonly [T, R], options: AccumulateOptions<T> & { returnsState: true }): Stream<T | R>;
  }
}

const UNSET: unique symbol = Symbol("unset");

/** Node behind {@link Stream.accumulate}: `state = fn(state, x)`, emitting the state. */
export class AccumulateNode<T, S> extends Stream<S | T> {
  protected state: S | T | typeof UNSET;
  private readonly initial: S | typeof UNSET;
  private readonly resetSink: Stream<never> | undefined;

  constructor(
    upstream: Stream<T>,
    protected readonly fn: (state: any, x: T) => any,
    options: AccumulateOptions<S> = {},
  ) {
    super(below(upstream, options));
    requireFn("accumulate", fn);
    this.initial = "start" in options ? (options.start as S) : UNSET;
    this.state = this.initial;
    this.attach(upstream);
    // a reset arrives through its own small sink, so the per-element path needs no "who sent this?" test
    this.resetSink = options.resetStream?.sink(() => this.reset(), { name: "reset accumulate" });
  }
  override get kind(): string {
    return "accumulate";
  }
  protected override detail(): string | undefined {
    return fnName(this.fn);
  }
  /** Puts the state back to `start` (or to unset, without `start`). */
  reset(): void {
    this.state = this.initial;
  }
  override update(x: unknown): Pending {
    const state = this.state;
    if (state === UNSET) {
      this.state = x as T;
      return this._emit(x as T);
    }
    let result: S;
    try {
      result = this.fn(state, x as T);
    } catch (e) {
      return this.fail(e, x);
    }
    this.state = result;
    const d = this.single;
    if (d !== undefined) return d.update(result, this);
    const e = this.secondOfTwo;
    return e !== undefined ? both(this.firstOfTwo!.update(result, this), e.update(result, this)) : this._emit(result);
  }
  protected override teardown(): void {
    this.resetSink?.destroy();
  }
}

/** Node behind {@link Stream.accumulate} with `returnsState`: `[state, out] = fn(state, x)`, emitting `out`. */
export class AccumulateReturningStateNode<T, S, R> extends AccumulateNode<T, S> {
  override update(x: unknown): Pending {
    const state = this.state;
    if (state === UNSET) {
      this.state = x as T;
      return this._emit(x as T);
    }
    let result: readonly [S, R];
    try {
      result = this.fn(state, x as T);
      if (!(Array.isArray(result) && result.length === 2)) {
        throw new TypeError(`with returnsState the function must return [state, output], got ${typeof result}`);
      }
    } catch (e) {
      return this.fail(e, x);
    }
    this.state = result[0];
    return this._emit(result[1] as unknown as S);
  }
}

registerBuiltin("accumulate", function accumulate(this: Stream<any>, fn: (s: any, x: any) => any, options?: AccumulateOptions<any>) {
  return options?.returnsState ? new AccumulateReturningStateNode(this, fn, options) : new AccumulateNode(this, fn, options);
});
