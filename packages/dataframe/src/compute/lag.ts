/**
 * `shift` and `diff` across frames: each row looks `periods` rows back, into earlier frames when it
 * must, so the state is the last `periods` values seen (NaN before the stream had that many).
 */
import type { NumericArray, NumericColumn } from "../column";

/** Lagged operations. */
export type LagOp = "shift" | "diff";

/** The last `periods` values of a column, carried from frame to frame. */
export class Lag {
  /** The `periods` values before the current frame, oldest first. */
  private past: Float64Array;

  constructor(
    readonly op: LagOp,
    readonly periods: number,
  ) {
    if (!Number.isInteger(periods) || periods < 0) {
      throw new RangeError(`${op}(${periods}): periods must be a whole number >= 0 (a stream cannot look at rows not seen yet)`);
    }
    this.past = new Float64Array(periods).fill(NaN);
  }

  /**
   * This frame's values `periods` rows back (`shift`), or the differences from them (`diff`). Floats
   * and integers keep their type (an integer column holds missing values as NaN, as pandas' Int64);
   * booleans become floats (0/1, NaN at the start); timestamps differ in milliseconds.
   */
  next(c: NumericColumn): NumericColumn {
    const v: NumericArray = c.values;
    const n = v.length;
    const p = this.periods;
    const past = this.past;
    const out = new Float64Array(n);
    const diff = this.op === "diff";
    for (let i = 0; i < n; i++) {
      const earlier = i >= p ? v[i - p]! : past[i]!;
      out[i] = diff ? v[i]! - earlier : earlier;
    }
    if (n >= p) {
      this.past = Float64Array.from(v.subarray(n - p));
    } else {
      const next = new Float64Array(p);
      next.set(past.subarray(n));
      next.set(v, p - n);
      this.past = next;
    }
    const dtype = c.dtype === "bool" || (diff && c.dtype === "timestamp") ? "float" : c.dtype;
    return { dtype, values: out };
  }
}

/**
 * `pctChange`: each value over the one `periods` rows earlier, minus 1, across frames. With `pad`
 * (pandas' default `fill_method`), missing values are first filled with the last value before them.
 */
export class PctChange {
  private last = NaN;
  private readonly lag: Lag;

  constructor(
    readonly periods: number,
    readonly pad: boolean,
  ) {
    this.lag = new Lag("shift", periods);
  }

  /** This frame's changes. */
  next(c: NumericColumn): NumericColumn {
    const v = c.values;
    const filled = new Float64Array(v.length);
    let last = this.last;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (x === x) last = x;
      filled[i] = this.pad ? last : x;
    }
    this.last = last;
    const before = this.lag.next({ dtype: "float", values: filled }).values;
    const out = new Float64Array(v.length);
    for (let i = 0; i < out.length; i++) out[i] = filled[i]! / before[i]! - 1;
    return { dtype: "float", values: out };
  }
}
