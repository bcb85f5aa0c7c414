/**
 * Vega-Lite specs for a frame's columns: pure functions, so the chart a `.plot` call makes can be
 * checked without a kernel. Field types come from the column types (numbers are quantitative,
 * timestamps temporal, strings and booleans nominal).
 */
import { VEGA_LITE_SCHEMA } from "@streamz-ts/protocol";
import type { ModeOptions, WidgetOptions } from "@streamz-ts/widgets";
import type { DType } from "../column";
import type { Field } from "../frame";

/** Marks `.plot` offers. */
export type PlotKind = "line" | "scatter" | "bar" | "area";

/** Options of the `.plot` methods. */
export interface PlotOptions extends ModeOptions, Pick<WidgetOptions, "interval"> {
  /** Rows the chart keeps (appended rows: oldest dropped first); default 1,000. */
  backlog?: number;
  /** Chart title. */
  title?: string;
  /** Width in pixels; default: the output area's width, followed when it changes. */
  width?: number;
  /** Height in pixels; default 250. */
  height?: number;
}

const MARKS: Record<PlotKind, string> = { line: "line", scatter: "point", bar: "bar", area: "area" };

/** The Vega-Lite measurement type of a column type. */
export function vegaType(dtype: DType): "quantitative" | "temporal" | "nominal" {
  if (dtype === "timestamp") return "temporal";
  if (dtype === "string" || dtype === "bool") return "nominal";
  return "quantitative";
}

function fieldOf(fields: readonly Field[], name: string, role: string): Field {
  const f = fields.find((x) => x.name === name);
  if (f === undefined)
    throw new Error(`plot: ${role} column "${name}" is not in the frame (columns: ${fields.map((x) => x.name).join(", ")})`);
  return f;
}

/**
 * A Vega-Lite spec plotting `y` (one column or several) against `x`. Several y columns are folded
 * into `column`/`value` pairs and coloured by column, as pandas' plot draws one line per column.
 * @example `chartSpec("line", sdf.fields, "time", ["x", "z"])`
 */
export function chartSpec(
  kind: PlotKind,
  fields: readonly Field[],
  x: string,
  y: string | readonly string[],
  options: PlotOptions = {},
): Record<string, unknown> {
  const xf = fieldOf(fields, x, "x");
  const ys = typeof y === "string" ? [y] : [...y];
  if (ys.length === 0) throw new Error("plot: name at least one y column");
  const yfs = ys.map((name) => fieldOf(fields, name, "y"));
  const spec: Record<string, unknown> = {
    $schema: VEGA_LITE_SCHEMA,
    height: options.height ?? 250,
    mark: kind === "scatter" ? { type: MARKS[kind], filled: true } : { type: MARKS[kind] },
  };
  if (options.width !== undefined) spec.width = options.width;
  if (options.title !== undefined) spec.title = options.title;
  const xType = kind === "bar" && xf.dtype !== "timestamp" ? "nominal" : vegaType(xf.dtype);
  // Temporal axes get clock-time labels from the view itself (labextension chart-axes.ts), as any
  // `stream.chart` spec does: nothing to force here.
  const xEnc: Record<string, unknown> = { field: xf.name, type: xType };
  if (yfs.length === 1) {
    spec.encoding = { x: xEnc, y: { field: yfs[0]!.name, type: vegaType(yfs[0]!.dtype) } };
  } else {
    spec.transform = [{ fold: ys, as: ["column", "value"] }];
    spec.encoding = { x: xEnc, y: { field: "value", type: "quantitative" }, color: { field: "column", type: "nominal" } };
  }
  return spec;
}
