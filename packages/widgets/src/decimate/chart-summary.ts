/**
 * A VegaChart's side of the summary exchange (protocol range.ts): picking the store at construction,
 * and answering the views' `view_width` and `range` messages. Kept here so that chart.ts holds only
 * the hooks.
 */
import type { Comm, ChartSummaryInfo, RangeReply } from "@streamz-ts/protocol";
import type { ColumnTypes } from "../encode";
import { chartSummary } from "./summary-spec";
import { encodeRange, rangeRows } from "./range-rows";
import { SummaryStore } from "./summary-store";

/** Widths a view may report (narrower or wider are clamped). */
const MIN_WIDTH = 100;
const MAX_WIDTH = 4000;

/** What the chart asks for: backlog, and the mode and summary options as the user gave them. */
export interface SummaryChoice {
  backlog: number;
  mode?: string;
  key?: unknown;
  summary?: boolean;
}

/** The summary store for a chart, or undefined to keep every row; `info` is set when it is one. */
export function summaryStoreFor(spec: Record<string, unknown>, choice: SummaryChoice, types: ColumnTypes): SummaryStore | undefined {
  const mode = choice.mode ?? (choice.key !== undefined ? "upsert" : "append");
  const info = chartSummary(spec, choice.backlog, mode, choice.summary);
  return info ? new SummaryStore(choice.backlog, info.x, info.y, types) : undefined;
}

/** The `summary` state attribute of a chart whose store is `store`. */
export function summaryInfo(store: unknown): ChartSummaryInfo | null {
  return store instanceof SummaryStore ? { x: store.xField, y: store.yField, backlog: store.capacity } : null;
}

function clampWidth(w: unknown): number | undefined {
  if (typeof w !== "number" || !Number.isFinite(w)) return undefined;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.round(w)));
}

/**
 * Handles a view's custom message for a summarised chart. Returns true when the buckets must be cut
 * again (a new width: the chart then marks itself dirty), and throws a TypeError naming what is wrong
 * with a malformed range request.
 */
export function answerSummaryMessage(store: unknown, content: Record<string, unknown>, comm: Comm): boolean {
  if (!(store instanceof SummaryStore)) return false;
  if (content.type === "view_width") {
    const w = clampWidth(content.width);
    if (w === undefined || w === store.buckets.width) return false;
    store.buckets.setWidth(w);
    return true;
  }
  if (content.type !== "range") return false;
  const { id, x0, x1 } = content;
  const width = clampWidth(content.width);
  if (typeof id !== "number" || typeof x0 !== "number" || typeof x1 !== "number" || !(x0 <= x1) || width === undefined) {
    throw new TypeError(`chart: a range request needs a numeric id, x0 <= x1 and a width, got ${JSON.stringify(content)}`);
  }
  const rows = rangeRows(store.ring, x0, x1, width, store.buckets.isSorted);
  const reply: RangeReply = { type: "range_rows", id, x0, x1, raw: rows.raw, rows: rows.xs.length, rows_in_range: rows.inRange };
  comm.send({ method: "custom", content: reply }, {}, [encodeRange(rows, store.xField, store.yField)]);
  return false;
}
