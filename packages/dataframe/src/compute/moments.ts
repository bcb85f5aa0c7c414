/**
 * Running statistics of a column, merged frame by frame: the state behind streaming sum, mean, count,
 * size, min, max, var and std. Variance merges per-frame moments (Chan et al.), which stays accurate
 * where a running sum of squares would not.
 */
import type { NumericArray } from "../column";

/** Aggregations a streaming series or group-by offers. */
export type AggName = "sum" | "mean" | "count" | "size" | "min" | "max" | "var" | "std";

/** All aggregation names, for validation and error messages. */
export const AGGREGATIONS: readonly AggName[] = ["sum", "mean", "count", "size", "min", "max", "var", "std"];

/** Running moments of the values seen so far (NaN values are skipped, as pandas does). */
export class Moments {
  /** Rows seen, NaN included. */
  size = 0;
  /** Non-NaN values seen. */
  count = 0;
  sum = 0;
  mean = 0;
  /** Sum of squared deviations from the mean. */
  m2 = 0;
  min = Infinity;
  max = -Infinity;

  /**
   * Folds in `values`. `withSpread` also tracks the variance (a second pass over the frame);
   * `withExtremes` tracks min and max (off for sum, mean and count, whose loop stays minimal).
   */
  add(values: NumericArray, withSpread: boolean, withExtremes = true): void {
    const n = values.length;
    let count = 0;
    let sum = 0;
    if (withExtremes) {
      let min = this.min;
      let max = this.max;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v !== v) continue;
        count++;
        sum += v;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      this.min = min;
      this.max = max;
    } else {
      // sum, mean, count: the hot path, two adds per value
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v === v) {
          count++;
          sum += v;
        }
      }
    }
    this.size += n;
    this.sum += sum;
    if (withSpread && count > 0) {
      const mean = sum / count;
      let m2 = 0;
      for (let i = 0; i < n; i++) {
        const v = values[i]!;
        if (v === v) m2 += (v - mean) * (v - mean);
      }
      this.merge(count, mean, m2);
    } else {
      this.count += count;
    }
  }

  /** Folds in `values[indices[i]]` for sum, mean, count and size (a filtered column, read in place). */
  addAt(values: NumericArray, indices: Int32Array): void {
    let count = 0;
    let sum = 0;
    for (let i = 0; i < indices.length; i++) {
      const v = values[indices[i]!]!;
      if (v === v) {
        count++;
        sum += v;
      }
    }
    this.size += indices.length;
    this.count += count;
    this.sum += sum;
  }

  /** Merges moments of another batch of `n` values. */
  private merge(n: number, mean: number, m2: number): void {
    const total = this.count + n;
    const delta = mean - this.mean;
    this.mean += (delta * n) / total;
    this.m2 += m2 + (delta * delta * this.count * n) / total;
    this.count = total;
  }

  /** The aggregation's current value; pandas' answers for no data (sum 0, count 0, others NaN). */
  value(agg: AggName, ddof = 1): number {
    switch (agg) {
      case "sum":
        return this.sum;
      case "mean":
        return this.count === 0 ? NaN : this.sum / this.count;
      case "count":
        return this.count;
      case "size":
        return this.size;
      case "min":
        return this.count === 0 ? NaN : this.min;
      case "max":
        return this.count === 0 ? NaN : this.max;
      case "var":
        return this.count - ddof <= 0 ? NaN : this.m2 / (this.count - ddof);
      case "std":
        return this.count - ddof <= 0 ? NaN : Math.sqrt(this.m2 / (this.count - ddof));
    }
  }
}

/** An aggregation over a plain array of values (windows recompute over their bounded buffer). */
export function aggregate(agg: AggName, values: NumericArray, ddof = 1): number {
  const m = new Moments();
  m.add(values, agg === "var" || agg === "std", agg === "min" || agg === "max");
  return m.value(agg, ddof);
}

/** Throws unless `agg` is an aggregation name. */
export function checkAgg(agg: string): asserts agg is AggName {
  if (!(AGGREGATIONS as readonly string[]).includes(agg))
    throw new Error(`unknown aggregation "${agg}"; expected one of ${AGGREGATIONS.join(", ")}`);
}
