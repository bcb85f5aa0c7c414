/**
 * `series.expanding()`: for every row, an aggregation of all rows so far (pandas' `expanding`), one
 * value per row, incremental (see compute/expanding.ts for the state and the rules on missing values).
 */
import { Aggregations } from "./aggregations";
import { ExpandingState } from "./compute/expanding";
import { checkAgg, type AggName } from "./compute/moments";
import type { ColumnFrame } from "./frame";
import { StreamingSeries, type SpreadOptions } from "./series";

/** Options of `expanding`. */
export interface ExpandingOptions {
  /** Values a row's result needs (rows, for `count`), else NaN; default 1, as pandas. */
  minPeriods?: number;
}

/** Expanding aggregations of a series: one value per row, over every row up to it. */
export class Expanding extends Aggregations<StreamingSeries> {
  readonly minPeriods: number;

  constructor(
    readonly series: StreamingSeries,
    options: ExpandingOptions = {},
  ) {
    super();
    this.minPeriods = options.minPeriods ?? 1;
    if (!Number.isInteger(this.minPeriods) || this.minPeriods < 0)
      throw new RangeError(`expanding: minPeriods must be a whole number >= 0, not ${this.minPeriods}`);
    if (series.dtype === "string") throw new TypeError(`expanding: series "${series.name}" holds strings`);
  }

  /** The expanding aggregation `agg` as a new series (the frames' rows, the series as their column). */
  override agg(agg: AggName, options: SpreadOptions = {}): StreamingSeries {
    checkAgg(agg);
    const { series, minPeriods } = this;
    const make = () => {
      const state = new ExpandingState(agg, minPeriods, options.ddof);
      return (f: ColumnFrame): ColumnFrame => {
        const c = series.expr(f) as { values: Float64Array };
        return f.withColumn(series.name, { dtype: "float", values: state.next(c.values) });
      };
    };
    const frames = series.frames.map(make()).label(`${series.name}.expanding().${agg}()`);
    return StreamingSeries.ofColumn(frames, make()(series.example), series.name);
  }
}
