/**
 * Rolling and windowed aggregations of a whole streaming frame (`sdf.rolling(10).mean()`,
 * `sdf.window("10s").get("x").sum()`): per numeric column, built from the series versions; and
 * group-bys inside a window (`sdf.window(100).groupby("k")`, `sdf.timedWindow(1000).groupby("k")`),
 * each result the group-by of the rows the window holds then.
 */
import type { Stream } from "@streamz-ts/core";
import { Aggregations } from "./aggregations";
import type { NumericColumn } from "./column";
import { StreamingDataFrame } from "./dataframe";
import { ColumnFrame } from "./frame";
import { GroupBy, type GroupKey } from "./groupby";
import type { AggName } from "./compute/moments";
import { resolveReach, type Rolling, type Window, type WindowOptions } from "./rolling";
import { StreamingSeries, type SpreadOptions } from "./series";

/** The numeric columns a frame-wide window covers: not strings, not timestamps, not the time column. */
function valueColumns(sdf: StreamingDataFrame, options: WindowOptions): string[] {
  return sdf.fields.filter((f) => f.dtype !== "string" && f.dtype !== "timestamp" && f.name !== options.on).map((f) => f.name);
}

/** `sdf.rolling(window)`: rolling aggregations of one column (`get`) or of every numeric column. */
export class FrameRolling extends Aggregations<StreamingDataFrame> {
  constructor(
    readonly sdf: StreamingDataFrame,
    readonly window: number | string,
    readonly options: WindowOptions = {},
  ) {
    super();
  }

  /** Rolling aggregations of column `col`. @example `sdf.rolling(10).get("x").mean()` */
  get(col: string): Rolling {
    return this.sdf.get(col).rolling(this.window, this.options);
  }

  /** Every numeric column rolled by `agg`, other columns kept. @example `sdf.rolling("2s").sum()` */
  override agg(agg: AggName, options?: SpreadOptions): StreamingDataFrame {
    let out = this.sdf;
    for (const name of valueColumns(this.sdf, this.options)) {
      const s = StreamingSeries.ofColumn(out.frames, out.example, name).rolling(this.window, this.options).agg(agg, options);
      out = StreamingDataFrame.fromFrames(s.frames, s.example);
    }
    return out;
  }
}

/** `sdf.window(window)`: aggregations over the latest rows, of one column (`get`) or of every numeric column. */
export class FrameWindow extends Aggregations<Stream<Record<string, number>>> {
  constructor(
    readonly sdf: StreamingDataFrame,
    readonly window: number | string,
    readonly options: WindowOptions = {},
  ) {
    super();
  }

  /** Windowed aggregations of column `col`. @example `sdf.window(100).get("x").mean()` */
  get(col: string): Window {
    return this.sdf.get(col).window(this.window, this.options);
  }

  /**
   * A group-by of the rows in the window, after each frame: the latest `window` rows, or the rows
   * within the duration of the newest row's time (as `window("10s").get(col)` keeps them). Only
   * groups with a row in the window appear. The window holds at most its rows (or its span) of every
   * column, and each result is computed over them.
   * @example `sdf.window(500).groupby("name").get("x").mean()`, `sdf.window("10s").groupby(["k", "n"]).size()`
   */
  groupby(keys: GroupKey | readonly GroupKey[]): GroupBy {
    const what = `window(${typeof this.window === "number" ? this.window : JSON.stringify(this.window)}).`;
    const { reach, on } = resolveReach(this.sdf.example, this.window, this.options, "window");
    let kept = this.sdf.example.slice(0, 0);
    const contents = this.sdf.frames.map((f) => {
      const all = ColumnFrame.concat(kept, [kept, f]);
      let start = 0;
      if ("rows" in reach) start = Math.max(0, all.length - reach.rows);
      else {
        const times = (all.column(on!) as NumericColumn).values;
        const latest = times[all.length - 1] ?? -Infinity;
        while (start < all.length && times[start]! <= latest - reach.span) start++;
      }
      kept = start === 0 ? all : all.slice(start);
      return kept;
    });
    return new GroupBy(this.sdf, keys, { frames: contents.label(`${what}rows`), perFrame: true, what });
  }

  /** `{column: value}` over the window, for every numeric column, after each frame. */
  override agg(agg: AggName, options?: SpreadOptions): Stream<Record<string, number>> {
    const names = valueColumns(this.sdf, this.options);
    const outs = names.map((n) => this.get(n).agg(agg, options));
    if (outs.length === 0) return this.sdf.frames.map(() => ({}));
    const zipped = outs.length === 1 ? outs[0]!.map((v) => [v]) : (outs[0]!.zip(...outs.slice(1)) as Stream<number[]>);
    return zipped.map((vs: number[]) => Object.fromEntries(names.map((n, i) => [n, vs[i]!])));
  }
}

/**
 * `sdf.timedWindow(ms)`: the rows that arrive in each interval of `ms` milliseconds on the stream's
 * clock (its scheduler: a virtual clock in tests), as core's `timedWindow` batches elements. An
 * interval with no rows gives an empty result.
 */
export class TimedFrameWindow {
  /** Each interval's rows, one frame per interval. */
  readonly contents: Stream<ColumnFrame>;

  constructor(
    readonly sdf: StreamingDataFrame,
    readonly interval: number,
  ) {
    const empty = sdf.example.slice(0, 0);
    this.contents = sdf.frames
      .timedWindow(interval)
      .map((fs) => (fs.length === 0 ? empty : ColumnFrame.concat(empty, fs)))
      .label(`timedWindow(${interval}) rows`);
  }

  /** Each interval's rows as a streaming frame (a frame per interval, the whole window). @example `sdf.timedWindow(1000).rows().plot.table()` // the last second's rows */
  rows(): StreamingDataFrame {
    return StreamingDataFrame.fromFrames(this.contents, this.sdf.example, { key: [] });
  }

  /**
   * The group-by of each interval's rows, emitted at the end of the interval.
   * @example `sdf.timedWindow(1000).groupby("name").get("x").sum()` // per second, per name
   */
  groupby(keys: GroupKey | readonly GroupKey[]): GroupBy {
    return new GroupBy(this.sdf, keys, { frames: this.contents, perFrame: true, what: `timedWindow(${this.interval}).` });
  }
}
