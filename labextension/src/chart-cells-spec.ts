/**
 * Which summarised scatters the view draws as one raster layer (chart-cells-layer.ts), and the Vega
 * spec that leaves the cells to it (issue 17). Vega keeps everything else: the rows its scales' and
 * legend's domains come from, axes, legend, zoom and pan. Its symbol mark moves into a group
 * of no size that clips it (so it paints nothing and bounds nothing) and is fed one row per category:
 * its items are Vega's own encoding of each category's symbol (colour, shape, size, opacity, stroke),
 * which the layer draws every cell of that category with.
 *
 * Only a symbol whose look depends on its category alone can be drawn that way, and only a clipped
 * one (its points then never reach beyond the plot, nor the layout); and only when every scale is made
 * from one field's extent or values (Vega then holds a few rows only: chart-cells-frame.ts). Anything
 * else (a tooltip, a condition, a style that follows another field, a blend mode, a domain sorted by
 * another field) keeps Vega drawing every cell.
 */
import type { ChartSummaryInfo } from "@streamz-ts/protocol";

/** Names the patched spec adds. */
export const CELLS_PROBE_DATA = "streamz_cells_probe";
export const CELLS_PROBE_MARK = "streamz_cells_probe";
/** A signal that changes whenever the plot's scales or size do (the layer redraws then). */
export const CELLS_FRAME_SIGNAL = "streamz_cells_frame";

/** Symbol properties that follow a value or the category; x and y are the cell's place. */
const STYLE = new Set([
  "fill",
  "stroke",
  "opacity",
  "fillOpacity",
  "strokeOpacity",
  "strokeWidth",
  "size",
  "shape",
  "angle",
  "strokeDash",
  "strokeDashOffset",
  "strokeCap",
  "strokeJoin",
  "strokeMiterLimit",
]);
/** Properties that change nothing drawn. */
const UNDRAWN = new Set(["description", "ariaRoleDescription", "aria", "ariaRole", "cursor"]);

type Json = Record<string, unknown>;

/** What the layer draws: the row fields of a cell's place and category. */
export interface CellsFields {
  x: string;
  y: string;
  category?: string;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** A plain `{ value }` (or, with `category`, `{ scale, field: category }`) encoding: nothing else qualifies. */
function plainEntry(entry: unknown, category: string | undefined): boolean {
  if (!isObject(entry)) return false;
  const keys = Object.keys(entry);
  if (keys.length === 1 && keys[0] === "value") return true;
  return (
    category !== undefined &&
    entry.field === category &&
    typeof entry.scale === "string" &&
    keys.every((k) => k === "field" || k === "scale")
  );
}

/** `{ scale, field }` of a position channel, its field when it is `field` itself. */
function position(entry: unknown, scale: string, field: string): boolean {
  return isObject(entry) && entry.scale === scale && entry.field === field && Object.keys(entry).length === 2;
}

/**
 * Whether every scale made from the data is made from one field's extent or set of values (sorted by
 * value at most): then the few rows chart-cells-frame.ts keeps give the scales all the rows would.
 */
function framedScales(scales: unknown): boolean {
  if (scales === undefined) return true;
  if (!Array.isArray(scales)) return false;
  return scales.every((scale) => {
    const domain = isObject(scale) ? scale.domain : undefined;
    if (!isObject(domain) || domain.data === undefined) return true;
    const sort = domain.sort;
    const bySelf = sort === undefined || sort === true || (isObject(sort) && Object.keys(sort).every((k) => k === "order"));
    return typeof domain.field === "string" && bySelf && Object.keys(domain).every((k) => k === "data" || k === "field" || k === "sort");
  });
}

/**
 * The spec with its scatter's cells left to the raster layer, or undefined when Vega must draw them
 * (see the file's comment). `spec` is the Vega spec vega-embed compiled; it is not changed.
 * @example `embed(el, vlSpec, { patch: (vg) => cellsLayerSpec(vg, info)?.spec ?? vg })`
 */
export function cellsLayerSpec(spec: Json, info: ChartSummaryInfo): { spec: Json; fields: CellsFields } | undefined {
  if (info.kind !== "cells" || !Array.isArray(spec.marks) || spec.marks.length !== 1) return undefined;
  const mark = spec.marks[0] as Json;
  const from = mark.from as Json | undefined;
  const encode = mark.encode as Json | undefined;
  if (mark.type !== "symbol" || mark.clip !== true || typeof from?.data !== "string" || !isObject(encode)) return undefined;
  if (Object.keys(encode).some((set) => set !== "update") || !isObject(encode.update)) return undefined;
  const update = encode.update;
  if (!position(update.x, "x", info.x) || !position(update.y, "y", info.y)) return undefined;
  for (const [prop, entry] of Object.entries(update)) {
    if (prop === "x" || prop === "y" || UNDRAWN.has(prop)) continue;
    if (!STYLE.has(prop) || !plainEntry(entry, info.category)) return undefined;
  }
  if (!framedScales(spec.scales)) return undefined;
  const probeData = {
    name: CELLS_PROBE_DATA,
    source: from.data,
    transform: [{ type: "aggregate", groupby: info.category ? [info.category] : [] }],
  };
  const probe = { ...mark, name: CELLS_PROBE_MARK, from: { data: CELLS_PROBE_DATA }, interactive: false };
  const zero = { value: 0 };
  const hidden = {
    type: "group",
    encode: { update: { x: zero, y: zero, width: zero, height: zero, clip: { value: true } } },
    marks: [probe],
  };
  const frame = { name: CELLS_FRAME_SIGNAL, update: "[domain('x'), domain('y'), range('x'), range('y')]" };
  const out: Json = {
    ...spec,
    data: [...((spec.data as unknown[] | undefined) ?? []), probeData],
    signals: [...((spec.signals as unknown[] | undefined) ?? []), frame],
    marks: [hidden],
  };
  return { spec: out, fields: { x: info.x, y: info.y, ...(info.category ? { category: info.category } : {}) } };
}
