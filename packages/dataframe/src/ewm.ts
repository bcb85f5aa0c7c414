/**
 * `series.ewm({ alpha | span | halflife | com })`: exponentially weighted mean, variance and standard
 * deviation, one value per row over every row so far, incremental (compute/ewm.ts).
 */
import type { ColumnFrame } from "./frame";
import { EwmState, type EwmOp } from "./compute/ewm";
import { StreamingSeries } from "./series";

/** Options of `ewm`: exactly one of `alpha`, `span`, `halflife`, `com` sets the decay, as in pandas. */
export interface EwmOptions {
  /** The smoothing factor, 0 < alpha <= 1. */
  alpha?: number;
  /** alpha = 2 / (span + 1), span >= 1. */
  span?: number;
  /** alpha = 1 - exp(ln(0.5) / halflife), halflife > 0 (in rows). */
  halflife?: number;
  /** Centre of mass: alpha = 1 / (1 + com), com >= 0. */
  com?: number;
  /** Weights over the whole history (default true, as pandas) or the recursive form. */
  adjust?: boolean;
  /** Missing rows do not age the weights (default false, as pandas). */
  ignoreNa?: boolean;
  /** Values needed before a result (default 0, taken as 1, as pandas). */
  minPeriods?: number;
}

/** Options of `ewm(...).var()` and `.std()`. */
export interface EwmSpreadOptions {
  /** The biased estimate (default false, as pandas). */
  bias?: boolean;
}

/** alpha from the one decay parameter given, checked as pandas checks it. */
function alphaOf(o: EwmOptions): number {
  const given = (["alpha", "span", "halflife", "com"] as const).filter((k) => o[k] !== undefined);
  if (given.length !== 1)
    throw new Error(`ewm: give exactly one of alpha, span, halflife, com (got ${given.length === 0 ? "none" : given.join(", ")})`);
  const { alpha, span, halflife, com } = o;
  if (alpha !== undefined) {
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`ewm: alpha must be in (0, 1], not ${alpha}`);
    return alpha;
  }
  if (span !== undefined) {
    if (!(span >= 1)) throw new RangeError(`ewm: span must be >= 1, not ${span}`);
    return 2 / (span + 1);
  }
  if (halflife !== undefined) {
    if (!(halflife > 0)) throw new RangeError(`ewm: halflife must be > 0, not ${halflife}`);
    return 1 - Math.exp(Math.log(0.5) / halflife);
  }
  if (!(com! >= 0)) throw new RangeError(`ewm: com must be >= 0, not ${com}`);
  return 1 / (1 + com!);
}

/** Exponentially weighted aggregations of a series. */
export class Ewm {
  readonly alpha: number;

  constructor(
    readonly series: StreamingSeries,
    readonly options: EwmOptions,
  ) {
    this.alpha = alphaOf(options);
    if (series.dtype === "string") throw new TypeError(`ewm: series "${series.name}" holds strings`);
  }

  /** Exponentially weighted mean. @example `x.ewm({ span: 10 }).mean()` */
  mean(): StreamingSeries {
    return this.run("mean");
  }

  /** Exponentially weighted variance (unbiased unless `bias`). */
  var(options: EwmSpreadOptions = {}): StreamingSeries {
    return this.run("var", options.bias);
  }

  /** Exponentially weighted standard deviation (unbiased unless `bias`). */
  std(options: EwmSpreadOptions = {}): StreamingSeries {
    return this.run("std", options.bias);
  }

  private run(op: EwmOp, bias = false): StreamingSeries {
    const { series, alpha } = this;
    const { adjust = true, ignoreNa = false, minPeriods = 0 } = this.options;
    const make = () => {
      const state = new EwmState(op, alpha, adjust, ignoreNa, minPeriods, bias);
      return (f: ColumnFrame): ColumnFrame => {
        const c = series.expr(f) as { values: Float64Array };
        return f.withColumn(series.name, { dtype: "float", values: state.next(c.values) });
      };
    };
    const frames = series.frames.map(make()).label(`${series.name}.ewm(alpha=${alpha}).${op}()`);
    return StreamingSeries.ofColumn(frames, make()(series.example), series.name);
  }
}
