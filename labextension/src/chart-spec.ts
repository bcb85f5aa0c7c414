/**
 * Preparing a VegaChart's Vega-Lite spec for embedding: the streamed data set is named
 * `CHART_DATA_NAME`, the width follows the output area unless the spec fixes it, live axes read well
 * (clock labels on time axes, x spanning the data: see chart-axes.ts), and axis, legend and title
 * colours come from the Lab theme.
 */
import { CHART_DATA_NAME } from "@streamz-ts/protocol";
import type { Config } from "vega-embed";
import { liveAxes } from "./chart-axes";
import { cssVar } from "./theme";

/** Whether the spec leaves the width to us (then it follows the output area). */
export function widthIsOurs(spec: Record<string, unknown>): boolean {
  return typeof spec.width !== "number";
}

/** A copy of `spec` with our data set, width and autosize filled in where the spec says nothing. */
export function prepareSpec(spec: Record<string, unknown>, width: number): Record<string, unknown> {
  const out: Record<string, unknown> = liveAxes(spec);
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
  } as Config;
}
