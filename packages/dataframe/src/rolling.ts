/**
 * Rolling and windowed aggregations of a streaming series. Both keep only the rows a window can still
 * reach (see `Tail`): a count of rows, or a time span over a timestamp column.
 */
import type { Stream } from "@streamz-ts/core";
import type { Column, NumericArray } from "./column";
import { parseDuration } from "./duration";
import type { ColumnFrame } from "./frame";
import { aggregate, checkAgg, type AggName } from "./kernels/moments";
import { rollRows, Tail, type Reach } from "./kernels/tail";
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
function resolve(series: StreamingSeries, window: number | string, options: WindowOptions, what: string): { reach: Reach; on?: string } {
  if (typeof window === "number") {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`${what}(${window}): a window of rows must be a positive integer`);
    return { reach: { rows: window } };
  }
  const span = parseDuration(window);
  const on = options.on ?? series.example.fields.find((f) => f.dtype === "timestamp")?.name;
  if (on === undefined) {
    throw new Error(`${what}("${window}") needs a time column: the frame has no timestamp column (columns: ${series.example.names.join(", ")}); pass { on: "<column>" }`);
  }
  const dtype = series.example.column(on).dtype;
  if (dtype === "string" || dtype === "bool") throw new TypeError(`${what}("${window}"): column "${on}" holds ${dtype}s, not times`);
  return { reach: { span }, on };
}

function numbers(c: Column, name: string): NumericArray {
  if (c.dtype === "string") throw new TypeError(`series "${name}" holds strings; windows aggregate numbers`);
  return c.values;
}

/** Rolling aggregations: one value per row. */
export class Rolling {
  private readonly reach: Reach;
  private readonly on: string | undefined;
  private readonly minPeriods: number;

  constructor(readonly series: StreamingSeries, readonly window: number | string, options: WindowOptions = {}) {
    ({ reach: this.reach, on: this.on } = resolve(series, window, options, "rolling"));
    this.minPeriods = options.minPeriods ?? ("rows" in this.reach ? this.reach.rows : 1);
  }

  /** The rolling aggregation `agg` as a new series (same rows as the input frames). */
  agg(agg: AggName, options: SpreadOptions = {}): StreamingSeries {
    checkAgg(agg);
    const { series, on, reach, minPeriods } = this;
    const tail = new Tail(reach);
    const roll = (f: ColumnFrame, t: Tail): ColumnFrame => {
      const values = numbers(series.expr(f), series.name);
      t.push(values, on === undefined ? undefined : numbers(f.column(on), on));
      const out = rollRows(t, values.length, agg, minPeriods, options.ddof);
      t.trim();
      return f.withColumn(series.name, { dtype: "float", values: out });
    };
    const frames = series.frames.map((f) => roll(f, tail)).label(`${series.name}.rolling(${this.window}).${agg}()`);
    return StreamingSeries.ofColumn(frames, roll(series.example, new Tail(reach)), series.name);
  }

  /** Rolling sum. */ sum(): StreamingSeries { return this.agg("sum"); }
  /** Rolling mean. */ mean(): StreamingSeries { return this.agg("mean"); }
  /** Rolling count of non-missing values. */ count(): StreamingSeries { return this.agg("count"); }
  /** Rolling minimum. */ min(): StreamingSeries { return this.agg("min"); }
  /** Rolling maximum. */ max(): StreamingSeries { return this.agg("max"); }
  /** Rolling variance. */ var(options?: SpreadOptions): StreamingSeries { return this.agg("var", options); }
  /** Rolling standard deviation. */ std(options?: SpreadOptions): StreamingSeries { return this.agg("std", options); }
}

/** Windowed aggregations: one value per frame, over the rows the window holds after it. */
export class Window {
  private readonly reach: Reach;
  private readonly on: string | undefined;

  constructor(readonly series: StreamingSeries, readonly window: number | string, options: WindowOptions = {}) {
    ({ reach: this.reach, on: this.on } = resolve(series, window, options, "window"));
  }

  /** The aggregation `agg` over the window, after each frame. */
  agg(agg: AggName, options: SpreadOptions = {}): Stream<number> {
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

  /** Windowed sum. */ sum(): Stream<number> { return this.agg("sum"); }
  /** Windowed mean. */ mean(): Stream<number> { return this.agg("mean"); }
  /** Windowed count of non-missing values. */ count(): Stream<number> { return this.agg("count"); }
  /** Rows in the window. */ size(): Stream<number> { return this.agg("size"); }
  /** Windowed minimum. */ min(): Stream<number> { return this.agg("min"); }
  /** Windowed maximum. */ max(): Stream<number> { return this.agg("max"); }
  /** Windowed variance. */ var(options?: SpreadOptions): Stream<number> { return this.agg("var", options); }
  /** Windowed standard deviation. */ std(options?: SpreadOptions): Stream<number> { return this.agg("std", options); }
}
