/**
 * Rolling and windowed aggregations of a streaming series. Both keep only the rows a window can still
 * reach (see `Tail`): a count of rows, or a time span over a timestamp column.
 */
import type { Stream } from "@streamz-ts/core";
import type { Column, NumericArray } from "./column";
import { parseDuration } from "./duration";
import type { ColumnFrame } from "./frame";
import { Aggregations } from "./aggregations";
import { aggregate, checkAgg, type AggName } from "./compute/moments";
import { median, quantile, roll, rollRows, Tail, type Reach } from "./compute/tail";
import { StreamingSeries, type SpreadOptions } from "./series";

/** Options of `rolling` and `window`. */
export interface WindowOptions {
  /** The time column of a duration window; default: the frame's first timestamp column. */
  on?: string;
  /**
   * Rolling only: non-missing values a window needs, else NaN. Default: the window size for a count
   * of rows, 1 for a duration (as pandas).
   */
  minPeriods?: number;
}

/** Where a window reaches and which column holds time, checked against the example. */
export function resolveReach(
  example: ColumnFrame,
  window: number | string,
  options: WindowOptions,
  what: string,
): { reach: Reach; on?: string } {
  if (typeof window === "number") {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`${what}(${window}): a window of rows must be a positive integer`);
    return { reach: { rows: window } };
  }
  const span = parseDuration(window);
  const on = options.on ?? example.fields.find((f) => f.dtype === "timestamp")?.name;
  if (on === undefined) {
    throw new Error(
      `${what}("${window}") needs a time column: the frame has no timestamp column (columns: ${example.names.join(", ")}); pass { on: "<column>" }`,
    );
  }
  const dtype = example.column(on).dtype;
  if (dtype === "string" || dtype === "bool") throw new TypeError(`${what}("${window}"): column "${on}" holds ${dtype}s, not times`);
  return { reach: { span }, on };
}

function numbers(c: Column, name: string): NumericArray {
  if (c.dtype === "string") throw new TypeError(`series "${name}" holds strings; windows aggregate numbers`);
  return c.values;
}

/**
 * Rolling aggregations: one value per row. As in pandas, a window needs `minPeriods` values (NaN and
 * null are missing), and in `sum`, `mean`, `min`, `max`, `var` and `std` an infinity counts as missing
 * too (it neither enters the result nor counts towards `minPeriods`); `count` counts infinities, and
 * its `minPeriods` counts rows, whatever their value (pandas 2).
 */
export class Rolling extends Aggregations<StreamingSeries> {
  private readonly reach: Reach;
  private readonly on: string | undefined;
  private readonly minPeriods: number;

  constructor(
    readonly series: StreamingSeries,
    readonly window: number | string,
    options: WindowOptions = {},
  ) {
    super();
    ({ reach: this.reach, on: this.on } = resolveReach(series.example, window, options, "rolling"));
    this.minPeriods = options.minPeriods ?? ("rows" in this.reach ? this.reach.rows : 1);
  }

  /** The rolling aggregation `agg` as a new series (same rows as the input frames). */
  override agg(agg: AggName, options: SpreadOptions = {}): StreamingSeries {
    checkAgg(agg);
    const { minPeriods } = this;
    return this.rolled(`${agg}()`, agg !== "count", (t, m) => rollRows(t, m, agg, minPeriods, options.ddof));
  }

  /** Rolling median of the non-missing values (the mean of the middle two for an even number). @example `x.rolling(5).median()` */
  median(): StreamingSeries {
    return this.rolled("median()", true, (t, m) => roll(t, m, this.minPeriods, median));
  }

  /** Rolling `q` quantile, interpolated linearly (pandas' default). @example `x.rolling(20).quantile(0.9)` */
  quantile(q: number): StreamingSeries {
    if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile(${q}): q must be between 0 and 1`);
    return this.rolled(`quantile(${q})`, true, (t, m) => roll(t, m, this.minPeriods, (w) => quantile(w, q)));
  }

  /**
   * `fn` of each window (pandas' `rolling(...).apply(fn, raw=True)`): it gets the window's values as a
   * Float64Array, missing ones (and infinities) as NaN, and is called only for windows with `minPeriods`
   * values. @example `x.rolling(10).apply((w) => Math.max(...w) - Math.min(...w))`
   */
  apply(fn: (window: Float64Array) => number): StreamingSeries {
    return this.rolled(`apply(${fn.name || "fn"})`, true, (t, m) => roll(t, m, this.minPeriods, (w) => fn(w.slice())));
  }

  /** A series of the frames with the column replaced by `compute` over the rows kept in a {@link Tail}. */
  private rolled(what: string, infAsMissing: boolean, compute: (t: Tail, m: number) => Float64Array): StreamingSeries {
    const { series, on, reach } = this;
    const step = (f: ColumnFrame, t: Tail): ColumnFrame => {
      const values = numbers(series.expr(f), series.name);
      t.push(values, on === undefined ? undefined : numbers(f.column(on), on));
      const out = compute(t, values.length);
      t.trim();
      return f.withColumn(series.name, { dtype: "float", values: out });
    };
    const tail = new Tail(reach, infAsMissing);
    const frames = series.frames.map((f) => step(f, tail)).label(`${series.name}.rolling(${this.window}).${what}`);
    return StreamingSeries.ofColumn(frames, step(series.example, new Tail(reach, infAsMissing)), series.name);
  }
}

/** Windowed aggregations: one value per frame, over the rows the window holds after it. */
export class Window extends Aggregations<Stream<number>> {
  private readonly reach: Reach;
  private readonly on: string | undefined;

  constructor(
    readonly series: StreamingSeries,
    readonly window: number | string,
    options: WindowOptions = {},
  ) {
    super();
    ({ reach: this.reach, on: this.on } = resolveReach(series.example, window, options, "window"));
  }

  /** The aggregation `agg` over the window, after each frame. */
  override agg(agg: AggName, options: SpreadOptions = {}): Stream<number> {
    checkAgg(agg);
    const { series, on } = this;
    const tail = new Tail(this.reach);
    return series.frames
      .map((f) => {
        tail.push(numbers(series.expr(f), series.name), on === undefined ? undefined : numbers(f.column(on), on));
        tail.trim();
        return agg === "size" ? tail.values.length : aggregate(agg, tail.values, options.ddof);
      })
      .label(`${series.name}.window(${this.window}).${agg}()`);
  }

  /** Rows in the window. */ size(): Stream<number> {
    return this.agg("size");
  }
}
