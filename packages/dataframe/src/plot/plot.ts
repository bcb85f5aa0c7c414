/**
 * `sdf.plot`: live charts and tables of a streaming frame, as widgets of @streamz-ts/widgets. The
 * spec comes from {@link chartSpec}; each frame's rows are appended to the chart, which keeps the last
 * `backlog` of them.
 */
import "@streamz-ts/widgets"; // adds chart() and table() to Stream
import type { LiveTable, TableOptions, VegaChart } from "@streamz-ts/widgets";
import type { StreamingDataFrame } from "../dataframe";
import type { Row } from "../frame";
import { chartSpec, type PlotKind, type PlotOptions } from "./specs";

/** The `.plot` methods of a streaming frame. */
export class PlotAccessor {
  constructor(private readonly sdf: StreamingDataFrame) {}

  /** The Vega-Lite spec a plot of this frame would use (no widget is made). */
  spec(kind: PlotKind, x: string, y: string | readonly string[], options: PlotOptions = {}): Record<string, unknown> {
    return chartSpec(kind, this.sdf.fields, x, y, options);
  }

  private chart(kind: PlotKind, x: string, y: string | readonly string[], options: PlotOptions): VegaChart<Row[]> {
    const spec = this.spec(kind, x, y, options);
    return this.sdf.toRows().chart(spec, { backlog: options.backlog ?? 1000 });
  }

  /** A live line chart of `y` against `x`. @example `sdf.plot.line("time", "x", { backlog: 500 })` */
  line(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Row[]> {
    return this.chart("line", x, y, options);
  }

  /** A live scatter plot of `y` against `x`. */
  scatter(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Row[]> {
    return this.chart("scatter", x, y, options);
  }

  /** A live bar chart of `y` by `x` (e.g. a group-by result). @example `means.plot.bar("name", "x", { backlog: 5 })` */
  bar(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Row[]> {
    return this.chart("bar", x, y, options);
  }

  /** A live area chart of `y` against `x`. */
  area(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Row[]> {
    return this.chart("area", x, y, options);
  }

  /** A live table of the latest frame (its last `rows` rows, default 20). */
  table(options: TableOptions = {}): LiveTable<Row[]> {
    return this.sdf.toRows().table(options);
  }
}
