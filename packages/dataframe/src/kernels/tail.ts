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

  constructor(readonly reach: Reach) {}

  /** Appends a frame's rows (`times` required for a time span). */
  push(values: NumericArray, times?: NumericArray): void {
    this.values = join(this.values, values);
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
 * the `rows` rows ending at it, needing `minPeriods` non-NaN values (else NaN), or for a time span
 * the rows with time in (t - span, t].
 */
export function rollRows(tail: Tail, m: number, agg: AggName, minPeriods: number, ddof = 1): Float64Array {
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
    out[j] = valid < minPeriods ? NaN : aggregate(agg, window, ddof);
  }
  return out;
}
