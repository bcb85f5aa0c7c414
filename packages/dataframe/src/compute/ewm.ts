/**
 * Exponentially weighted mean and variance, row by row, carried across frames: pandas' recurrences
 * (window/aggregations.pyx `ewm` and `ewmcov`, with `adjust` and `ignore_na`), so the state is a few
 * numbers and the answers are pandas'. As in pandas' windows, +-inf counts as missing.
 */
import type { NumericArray } from "../column";

/** What an exponentially weighted state computes. */
export type EwmOp = "mean" | "var" | "std";

/** The state of one exponentially weighted mean or variance over one column. */
export class EwmState {
  private started = false;
  private mean = NaN;
  private cov = 0;
  private sumWt = 1;
  private sumWt2 = 1;
  private oldWt = 1;
  private nobs = 0;

  /**
   * @param alpha the smoothing factor, in (0, 1]
   * @param adjust weights of the whole history (pandas' default) rather than the recursive form
   * @param ignoreNa missing rows do not age the weights
   * @param minPeriods values needed before a result (at least 1)
   * @param bias for `var`/`std`: the biased estimate (pandas' `bias=True`)
   */
  constructor(
    readonly op: EwmOp,
    readonly alpha: number,
    readonly adjust: boolean,
    readonly ignoreNa: boolean,
    readonly minPeriods: number,
    readonly bias = false,
  ) {}

  /** This frame's values, each over every row so far. */
  next(values: NumericArray): Float64Array {
    const out = new Float64Array(values.length);
    const oldFactor = 1 - this.alpha;
    const newWt = this.adjust ? 1 : this.alpha;
    const spread = this.op !== "mean";
    for (let i = 0; i < values.length; i++) {
      let cur = values[i]!;
      if (cur === Infinity || cur === -Infinity) cur = NaN;
      const obs = cur === cur;
      if (!this.started) {
        this.started = true;
        this.mean = cur;
        this.nobs = obs ? 1 : 0;
      } else {
        this.nobs += obs ? 1 : 0;
        if (this.mean === this.mean) {
          if (obs || !this.ignoreNa) {
            this.sumWt *= oldFactor;
            this.sumWt2 *= oldFactor * oldFactor;
            this.oldWt *= oldFactor;
            if (obs) {
              const oldMean = this.mean;
              if (oldMean !== cur) this.mean = (this.oldWt * oldMean + newWt * cur) / (this.oldWt + newWt);
              if (spread) {
                const d = oldMean - this.mean;
                this.cov = (this.oldWt * (this.cov + d * d) + newWt * (cur - this.mean) * (cur - this.mean)) / (this.oldWt + newWt);
                this.sumWt += newWt;
                this.sumWt2 += newWt * newWt;
              }
              this.oldWt += newWt;
              if (!this.adjust) {
                if (spread) {
                  this.sumWt /= this.oldWt;
                  this.sumWt2 /= this.oldWt * this.oldWt;
                }
                this.oldWt = 1;
              }
            }
          }
        } else if (obs) {
          this.mean = cur;
        }
      }
      out[i] = this.nobs < Math.max(this.minPeriods, 1) ? NaN : this.value();
    }
    return out;
  }

  private value(): number {
    if (this.op === "mean") return this.mean;
    let v: number;
    if (this.bias) v = this.cov;
    else {
      const num = this.sumWt * this.sumWt;
      const den = num - this.sumWt2;
      v = den > 0 ? (num / den) * this.cov : NaN;
    }
    return this.op === "var" ? v : Math.sqrt(v);
  }
}
