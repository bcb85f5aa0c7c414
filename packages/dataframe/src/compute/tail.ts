/**
 * The bounded recent past of one column (and, for time windows, the time of each row): what rolling
 * and windowed aggregations keep between frames. Only the rows a window can still reach are kept.
 */
import type { NumericArray } from "../column";
import { aggregate, type AggName } from "./moments";

/** How far back a window reaches: a number of rows, or a time span (ms) over a time column. */
export type Reach = { rows: number } | { span: number };

/** The recent rows of a column. */
export class Tail {
  values = new Float64Array(0);
  times = new Float64Array(0);

  /**
   * @param reach how far back windows reach
   * @param infAsMissing keep +-inf as NaN: pandas' rolling sum, mean, min, max, var and std treat an
   *   infinity as a missing value (its rolling count does not)
   */
  constructor(
    readonly reach: Reach,
    readonly infAsMissing = false,
  ) {}

  /** Appends a frame's rows (`times` required for a time span); the input is copied, never changed. */
  push(values: NumericArray, times?: NumericArray): void {
    const from = this.values.length;
    this.values = join(this.values, values);
    if (this.infAsMissing) {
      const v = this.values;
      for (let i = from; i < v.length; i++) if (v[i] === Infinity || v[i] === -Infinity) v[i] = NaN;
    }
    if (times) this.times = join(this.times, times);
  }

  /** Drops the rows no future window can reach: beyond the last `rows`, or older than the span. */
  trim(): void {
    const n = this.values.length;
    let start = 0;
    if ("rows" in this.reach) {
      start = Math.max(0, n - this.reach.rows);
    } else {
      const latest = this.times[n - 1] ?? -Infinity;
      while (start < n && this.times[start]! <= latest - this.reach.span) start++;
    }
    if (start > 0) {
      this.values = this.values.slice(start);
      if (this.times.length > 0) this.times = this.times.slice(start);
    }
  }
}

function join(a: Float64Array, b: NumericArray): Float64Array {
  if (a.length === 0) return Float64Array.from(b);
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Rolling aggregation of the newest `m` rows of `tail` (just pushed), each over its own window:
 * the `rows` rows ending at it, or for a time span the rows with time in (t - span, t]. A window needs
 * `minPeriods` non-NaN values, else its result is NaN; for `count`, as in pandas 2, `minPeriods` rows
 * of any value (so `rolling(2).count()` of [1, NaN, 2] is [NaN, 1, 1]).
 */
export function rollRows(tail: Tail, m: number, agg: AggName, minPeriods: number, ddof = 1): Float64Array {
  if (agg === "count") return roll(tail, m, minPeriods, (_, valid) => valid, true);
  return roll(tail, m, minPeriods, (window) => aggregate(agg, window, ddof));
}

/**
 * `fn` of each window of the newest `m` rows (see {@link rollRows}); `fn` gets the window (NaN
 * included; a view of the tail, not to be changed) and its number of non-NaN values. A window with
 * fewer than `minPeriods` non-NaN values (rows, when `byRows`) gives NaN without calling `fn`.
 */
export function roll(
  tail: Tail,
  m: number,
  minPeriods: number,
  fn: (window: Float64Array, valid: number) => number,
  byRows = false,
): Float64Array {
  const out = new Float64Array(m);
  const { values, times, reach } = tail;
  const n = values.length;
  let from = 0;
  for (let j = 0; j < m; j++) {
    const p = n - m + j;
    if ("rows" in reach) {
      from = Math.max(0, p - reach.rows + 1);
    } else {
      while (times[from]! <= times[p]! - reach.span) from++;
    }
    const window = values.subarray(from, p + 1);
    let valid = 0;
    for (let i = 0; i < window.length; i++) if (window[i] === window[i]) valid++;
    out[j] = (byRows ? window.length : valid) < minPeriods ? NaN : fn(window, valid);
  }
  return out;
}

/** The non-NaN values of `window`, sorted. */
function sortedValues(window: Float64Array): Float64Array {
  return window.filter((v) => v === v).sort();
}

/** The median of the non-NaN values of `window`: the mean of the two middle values when their number is even (pandas' rolling median). */
export function median(window: Float64Array): number {
  const s = sortedValues(window);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 === 1 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** The `q` quantile of the non-NaN values of `window`, interpolated linearly between the two nearest (pandas' default). */
export function quantile(window: Float64Array, q: number): number {
  const s = sortedValues(window);
  const n = s.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  if (pos === lo) return s[lo]!;
  return s[lo]! + (s[lo + 1]! - s[lo]!) * (pos - lo);
}
