/**
 * Expanding aggregations: for every row, the aggregation of all rows up to it, updated row by row
 * (Welford for the variance), so the state is a few numbers. As in pandas' expanding (and rolling)
 * windows, +-inf counts as missing in every aggregation but `count`, and `count`'s `minPeriods`
 * counts rows, whatever their value.
 */
import type { NumericArray } from "../column";
import type { AggName } from "./moments";

/** The running state of one expanding aggregation over one column. */
export class ExpandingState {
  private rows = 0;
  private present = 0;
  private count = 0;
  private sum = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(
    readonly agg: AggName,
    readonly minPeriods: number,
    readonly ddof = 1,
  ) {}

  /** This frame's values, each over every row so far. */
  next(values: NumericArray): Float64Array {
    const out = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      this.rows++;
      if (v === v) this.present++;
      if (v === v && v !== Infinity && v !== -Infinity) {
        this.count++;
        this.sum += v;
        const delta = v - this.mean;
        this.mean += delta / this.count;
        this.m2 += delta * (v - this.mean);
        if (v < this.min) this.min = v;
        if (v > this.max) this.max = v;
      }
      out[i] = this.value();
    }
    return out;
  }

  private value(): number {
    const { agg, count, ddof } = this;
    if (agg === "count") return this.rows < this.minPeriods ? NaN : this.present;
    if (agg === "size") return this.rows;
    if (count < this.minPeriods || count === 0) return agg === "sum" && count >= this.minPeriods ? 0 : NaN;
    switch (agg) {
      case "sum":
        return this.sum;
      case "mean":
        return this.sum / count;
      case "min":
        return this.min;
      case "max":
        return this.max;
      case "var":
        return count - ddof <= 0 ? NaN : Math.max(0, this.m2) / (count - ddof);
      case "std":
        return count - ddof <= 0 ? NaN : Math.sqrt(Math.max(0, this.m2) / (count - ddof));
    }
  }
}
