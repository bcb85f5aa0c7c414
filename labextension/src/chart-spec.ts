/**
 * Preparing a VegaChart's Vega-Lite spec for embedding: the streamed data set is named
 * `CHART_DATA_NAME`, the width follows the output area unless the spec fixes it, live axes read well
 * (clock labels on time axes, x spanning the data: see chart-axes.ts), the x axis can be zoomed and
 * panned, and axis, legend and title colours come from the Lab theme.
 */
import { CHART_DATA_NAME } from "@streamz-ts/protocol";
import type { Config } from "vega-embed";
import { liveAxes } from "./chart-axes";
import { cssVar } from "./theme";

/** Whether the spec leaves the width to us (then it follows the output area). */
export function widthIsOurs(spec: Record<string, unknown>): boolean {
  return typeof spec.width !== "number";
}

/** The name of the zoom-and-pan selection added to charts that can explore (see {@link exploreParam}). */
export const EXPLORE = "explore";

/**
 * The x axis of a single-view chart over quantitative or temporal x becomes explorable: wheel zooms, drag
 * pans (an interval selection bound to the scales, the usual Vega-Lite way). New rows keep arriving and do
 * not reset what the user is looking at. Charts whose spec has its own params, layers or views are left
 * as they are.
 */
function exploreParam(spec: Record<string, unknown>): unknown[] | undefined {
  if (spec.params !== undefined || !spec.mark || spec.layer || spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat)
    return undefined;
  const x = (spec.encoding as { x?: { type?: unknown } } | undefined)?.x;
  if (!x || (x.type !== "quantitative" && x.type !== "temporal")) return undefined;
  return [{ name: EXPLORE, select: { type: "interval", encodings: ["x"] }, bind: "scales" }];
}

/** A copy of `spec` with our data set, width and autosize filled in where the spec says nothing. */
export function prepareSpec(spec: Record<string, unknown>, width: number): Record<string, unknown> {
  const out: Record<string, unknown> = liveAxes(spec);
  const params = exploreParam(spec);
  if (params) {
    out.params = params;
    // Zoomed in, the marks outside the x domain must not be drawn over the axes.
    out.mark = typeof spec.mark === "string" ? { type: spec.mark, clip: true } : { clip: true, ...(spec.mark as Record<string, unknown>) };
  }
  if (!out.data) out.data = { name: CHART_DATA_NAME };
  if (widthIsOurs(spec)) out.width = width;
  if (!out.autosize) out.autosize = { type: "fit", contains: "padding", resize: true };
  return out;
}

/** Vega config for the theme around `el`: transparent background, theme fonts and colours. */
export function themeConfig(el: Element): Config {
  const text = cssVar(el, "--jp-ui-font-color1", "#222");
  const muted = cssVar(el, "--jp-ui-font-color2", "#555");
  const grid = cssVar(el, "--jp-border-color2", "#ddd");
  const font = cssVar(el, "--jp-ui-font-family", "sans-serif");
  const accent = cssVar(el, "--jp-brand-color1", "#1976d2");
  return {
    background: "transparent",
    font,
    view: { stroke: grid },
    axis: { labelColor: muted, titleColor: text, gridColor: grid, domainColor: muted, tickColor: muted },
    legend: { labelColor: muted, titleColor: text },
    title: { color: text },
    mark: { color: accent },
  };
}
