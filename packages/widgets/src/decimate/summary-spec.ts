/**
 * Whether a chart is summarised rather than sent row by row, how, and over which fields. A summary
 * draws the same picture as every row for marks that join points in x order (lines, areas: M4, see
 * m4-buckets.ts) of one series, and for marks drawn point by point (point, circle, square: one row per
 * occupied pixel cell, see cell-grid.ts), coloured or shaped by at most one nominal or ordinal field.
 * So the spec must be a single view with such a mark, quantitative or temporal x and quantitative y
 * fields, and no other field (a detail, a size, a tooltip of another field) the summary rows would not
 * carry.
 */
import { SUMMARY_AUTO_BACKLOG, SUMMARY_MAX_BACKLOG, type ChartSummaryInfo } from "@streamz-ts/protocol";

/** Marks an M4 summary draws exactly. */
const LINE_MARKS = new Set(["line", "area", "trail"]);
/** Marks a cells summary draws exactly. */
const POINT_MARKS = new Set(["point", "circle", "square"]);
/** Channels whose nominal or ordinal field a points summary keeps apart (a category). */
const CATEGORY_CHANNELS = new Set(["color", "fill", "stroke", "shape"]);

/** What a summary is taken over, and (points) whether the view's axes reach zero. */
export interface SummaryPlan extends ChartSummaryInfo {
  zeroX?: boolean;
  zeroY?: boolean;
}

type ChannelDef = {
  field?: unknown;
  type?: unknown;
  aggregate?: unknown;
  bin?: unknown;
  scale?: { zero?: unknown; domain?: unknown } | null;
};

/** Whether Vega-Lite's scale of `def` reaches zero (quantitative, no domain of its own, `zero` not false). */
function reachesZero(def: ChannelDef, ours: boolean): boolean {
  if (def.type !== "quantitative" || def.scale === null || def.scale?.domain !== undefined) return false;
  // the view turns zero off on a continuous x (chart-axes.ts) unless the spec says
  return ours ? def.scale?.zero === true : def.scale?.zero !== false;
}

/** The fields of a spec a summary can draw and how, or the reason it cannot. */
export function summaryFields(spec: Record<string, unknown>): Omit<SummaryPlan, "backlog"> | string {
  if (spec.layer || spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat) return "the spec has layers or several views";
  if (spec.transform !== undefined) return "the spec has transforms";
  const mark = typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  const points = typeof mark === "string" && POINT_MARKS.has(mark);
  if (typeof mark !== "string" || !(points || LINE_MARKS.has(mark)))
    return `its mark is ${JSON.stringify(mark)}, not a line, an area or points (point, circle, square)`;
  const enc = (spec.encoding ?? {}) as Record<string, ChannelDef | undefined>;
  const x = enc.x;
  const y = enc.y;
  if (typeof x?.field !== "string" || (x.type !== "quantitative" && x.type !== "temporal") || x.aggregate || x.bin)
    return "its x is not a quantitative or temporal field";
  if (typeof y?.field !== "string" || y.type !== "quantitative" || y.aggregate || y.bin) return "its y is not a quantitative field";
  let category: string | undefined;
  for (const [channel, def] of Object.entries(enc)) {
    if (channel === "x" || channel === "y") continue;
    for (const d of Array.isArray(def) ? def : [def]) {
      const field = (d as ChannelDef | undefined)?.field;
      if (field === undefined || field === x.field || field === y.field) continue;
      const kept = points && CATEGORY_CHANNELS.has(channel) && (d!.type === "nominal" || d!.type === "ordinal") && !d!.aggregate;
      if (!kept || (category !== undefined && category !== field) || typeof field !== "string")
        return (
          `its ${channel} names the field ${JSON.stringify(field)}` + (points ? " (points keep one nominal colour or shape field)" : "")
        );
      category = field;
    }
  }
  if (!points) return { x: x.field, y: y.field };
  return {
    x: x.field,
    y: y.field,
    kind: "cells",
    ...(category ? { category } : {}),
    zeroX: reachesZero(x, true),
    zeroY: reachesZero(y, false),
  };
}

/**
 * What a chart with these options shows: its summary's fields, or null to send every kept row.
 * `summary: undefined` summarises when the backlog is above `SUMMARY_AUTO_BACKLOG` and the spec
 * allows it; `true` insists (a TypeError names what in the spec prevents it); `false` never.
 */
export function chartSummary(
  spec: Record<string, unknown>,
  backlog: number,
  mode: string | undefined,
  summary: boolean | undefined,
): SummaryPlan | null {
  if (summary !== undefined && typeof summary !== "boolean")
    throw new TypeError(`chart: summary must be true or false, got ${JSON.stringify(summary)}`);
  if (summary === false) return null;
  const fields = summaryFields(spec);
  const appending = mode === undefined || mode === "append";
  if (summary === undefined) {
    const big = backlog > SUMMARY_AUTO_BACKLOG && backlog <= SUMMARY_MAX_BACKLOG;
    return typeof fields === "string" || !appending || !big ? null : { ...fields, backlog };
  }
  if (!appending) throw new TypeError(`chart: summary needs mode "append" (the rows are events), got mode ${JSON.stringify(mode)}`);
  if (typeof fields === "string")
    throw new TypeError(
      `chart: summary draws line, area and point charts of one x and one y field; this spec cannot be summarised: ${fields}`,
    );
  if (backlog > SUMMARY_MAX_BACKLOG)
    throw new RangeError(
      `chart: a summarised chart keeps at most ${SUMMARY_MAX_BACKLOG.toLocaleString("en")} rows, got backlog ${backlog}`,
    );
  return { ...fields, backlog };
}
