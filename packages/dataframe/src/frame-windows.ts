/**
 * Rolling and windowed aggregations of a whole streaming frame (`sdf.rolling(10).mean()`,
 * `sdf.window("10s").get("x").sum()`): per numeric column, built from the series versions.
 */
import type { Stream } from "@streamz-ts/core";
import { Aggregations } from "./aggregations";
import { StreamingDataFrame } from "./dataframe";
import type { AggName } from "./kernels/moments";
import type { Rolling, Window, WindowOptions } from "./rolling";
import { StreamingSeries, type SpreadOptions } from "./series";

/** The numeric columns a frame-wide window covers: not strings, not timestamps, not the time column. */
function valueColumns(sdf: StreamingDataFrame, options: WindowOptions): string[] {
  return sdf.fields.filter((f) => f.dtype !== "string" && f.dtype !== "timestamp" && f.name !== options.on).map((f) => f.name);
}

/** `sdf.rolling(window)`: rolling aggregations of one column (`get`) or of every numeric column. */
export class FrameRolling extends Aggregations<StreamingDataFrame> {
  constructor(readonly sdf: StreamingDataFrame, readonly window: number | string, readonly options: WindowOptions = {}) {
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
  constructor(readonly sdf: StreamingDataFrame, readonly window: number | string, readonly options: WindowOptions = {}) {
    super();
  }

  /** Windowed aggregations of column `col`. @example `sdf.window(100).get("x").mean()` */
  get(col: string): Window {
    return this.sdf.get(col).window(this.window, this.options);
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
