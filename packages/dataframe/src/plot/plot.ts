/**
 * `sdf.plot`: live charts and tables of a streaming frame, as widgets of @streamz-ts/widgets. The
 * spec comes from {@link chartSpec}; frames travel to the widget as Arrow tables, so each column keeps
 * its type up to the view. What a frame does to the view follows from the frame: a whole result (a
 * group-by: `sdf.state`) replaces the previous one, keyed by the group key so that only changed rows
 * travel; new rows (events) are appended, keeping the last `backlog`. `mode` and `key` override it.
 */
import "@streamz-ts/widgets"; // adds chart() and table() to Stream
import type { Table } from "apache-arrow";
import type { LiveTable, ModeOptions, TableOptions, VegaChart } from "@streamz-ts/widgets";
import { toArrow } from "../convert/to-arrow";
import type { StreamingDataFrame } from "../dataframe";
import { chartSpec, type PlotKind, type PlotOptions } from "./specs";

/** The `.plot` methods of a streaming frame. */
export class PlotAccessor {
  constructor(private readonly sdf: StreamingDataFrame) {}

  /** The Vega-Lite spec a plot of this frame would use (no widget is made). */
  spec(kind: PlotKind, x: string, y: string | readonly string[], options: PlotOptions = {}): Record<string, unknown> {
    return chartSpec(kind, this.sdf.fields, x, y, options);
  }

  /**
   * The update mode for this frame: as asked, else `replace` for whole results (keyed by their key
   * columns when they have some), else `append`.
   */
  mode(options: ModeOptions = {}): ModeOptions {
    if (options.mode !== undefined || options.key !== undefined) return { mode: options.mode, key: options.key };
    const state = this.sdf.state;
    if (state === undefined) return { mode: "append" };
    return state.key.length > 0 ? { mode: "replace", key: [...state.key] } : { mode: "replace" };
  }

  private tables() {
    return this.sdf.frames.map(toArrow).label("toArrow");
  }

  private chart(kind: PlotKind, x: string, y: string | readonly string[], options: PlotOptions): VegaChart<Table> {
    const spec = this.spec(kind, x, y, options);
    return this.tables().chart(spec, { ...this.mode(options), backlog: options.backlog, interval: options.interval });
  }

  /** A live line chart of `y` against `x`. @example `sdf.plot.line("time", "x", { backlog: 500 })` */
  line(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Table> {
    return this.chart("line", x, y, options);
  }

  /** A live scatter plot of `y` against `x`. */
  scatter(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Table> {
    return this.chart("scatter", x, y, options);
  }

  /**
   * A live bar chart of `y` by `x`. Of a group-by result it shows the latest result, one bar per key.
   * @example `sdf.groupby("name").get("x").sum().plot.bar("name", "x")`
   */
  bar(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Table> {
    return this.chart("bar", x, y, options);
  }

  /** A live area chart of `y` against `x`. */
  area(x: string, y: string | readonly string[], options: PlotOptions = {}): VegaChart<Table> {
    return this.chart("area", x, y, options);
  }

  /**
   * A live table: of new rows, the newest `rows` (default 20), newest first; of a whole result (a
   * group-by), the latest result in key order.
   * @example `sdf.plot.table({ rows: 8 })`, `sdf.groupby("name").get("x").mean().plot.table()`
   */
  table(options: TableOptions = {}): LiveTable<Table> {
    return this.tables().table({ ...options, ...this.mode(options) });
  }
}
