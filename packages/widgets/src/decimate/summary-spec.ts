/**
 * Whether a chart is summarised (sent as M4 points, see m4-buckets.ts) rather than row by row, and
 * over which fields. A summary draws the same picture as every row only for marks that join points in
 * x order (lines, areas) of one series: so the spec must be a single view with a line or area mark,
 * quantitative or temporal x and quantitative y fields, and no other field (a colour, a detail, a
 * tooltip of another field) that the summary rows would not carry.
 */
import { SUMMARY_AUTO_BACKLOG, SUMMARY_MAX_BACKLOG, type ChartSummaryInfo } from "@streamz-ts/protocol";

/** Marks a summary draws exactly. */
const SUMMARY_MARKS = new Set(["line", "area", "trail"]);

/** The x and y fields of a spec a summary can draw, or the reason it cannot. */
export function summaryFields(spec: Record<string, unknown>): { x: string; y: string } | string {
  if (spec.layer || spec.hconcat || spec.vconcat || spec.concat || spec.facet || spec.repeat) return "the spec has layers or several views";
  if (spec.transform !== undefined) return "the spec has transforms";
  const mark = typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: unknown } | undefined)?.type;
  if (typeof mark !== "string" || !SUMMARY_MARKS.has(mark)) return `its mark is ${JSON.stringify(mark)}, not a line or an area`;
  const enc = (spec.encoding ?? {}) as Record<string, { field?: unknown; type?: unknown; aggregate?: unknown; bin?: unknown } | undefined>;
  const x = enc.x;
  const y = enc.y;
  if (typeof x?.field !== "string" || (x.type !== "quantitative" && x.type !== "temporal") || x.aggregate || x.bin)
    return "its x is not a quantitative or temporal field";
  if (typeof y?.field !== "string" || y.type !== "quantitative" || y.aggregate || y.bin) return "its y is not a quantitative field";
  for (const [channel, def] of Object.entries(enc)) {
    if (channel === "x" || channel === "y") continue;
    for (const d of Array.isArray(def) ? def : [def]) {
      const field = (d as { field?: unknown } | undefined)?.field;
      if (field !== undefined && field !== x.field && field !== y.field) return `its ${channel} names the field ${JSON.stringify(field)}`;
    }
  }
  return { x: x.field, y: y.field };
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
): ChartSummaryInfo | null {
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
    throw new TypeError(`chart: summary draws line and area charts of one x and one y field; this spec cannot be summarised: ${fields}`);
  if (backlog > SUMMARY_MAX_BACKLOG)
    throw new RangeError(
      `chart: a summarised chart keeps at most ${SUMMARY_MAX_BACKLOG.toLocaleString("en")} rows, got backlog ${backlog}`,
    );
  return { ...fields, backlog };
}
