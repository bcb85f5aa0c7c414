/**
 * A VegaChart's side of the summary exchange (protocol range.ts): picking the store at construction,
 * answering the views' `view_width`, `range` and `range_clear` messages, and answering a watched range
 * again after an update that changed its rows. Kept here so that chart.ts holds only the hooks.
 */
import { SUMMARY_MESSAGE_BYTES, type Comm, type ChartSummaryInfo, type RangeReply, type RangeRequest } from "@streamz-ts/protocol";
import type { ColumnTypes } from "../encode";
import { chartSummary } from "./summary-spec";
import { CellsStore } from "./cells-store";
import { rangeCells } from "./range-cells";
import { inPieces, JSON_ROOM } from "./pieces";
import { encodeRange, rangeRows, type RangeRows } from "./range-rows";
import { RangeWatch } from "./range-watch";
import { SummaryStore } from "./summary-store";

/** Widths and heights a view may report (smaller or larger are clamped). */
const MIN_PX = 100;
const MAX_PX = 4000;

/** What the chart asks for: backlog, and the mode and summary options as the user gave them. */
export interface SummaryChoice {
  backlog: number;
  mode?: string;
  key?: unknown;
  summary?: boolean;
}

/** The summary store for a chart, or undefined to keep every row. */
export function summaryStoreFor(
  spec: Record<string, unknown>,
  choice: SummaryChoice,
  types: ColumnTypes,
): SummaryStore | CellsStore | undefined {
  const mode = choice.mode ?? (choice.key !== undefined ? "upsert" : "append");
  const plan = chartSummary(spec, choice.backlog, mode, choice.summary);
  if (!plan) return undefined;
  if (plan.kind === "cells") return new CellsStore(choice.backlog, plan.x, plan.y, types, plan);
  return new SummaryStore(choice.backlog, plan.x, plan.y, types);
}

/** The `summary` state attribute of a chart whose store is `store`. */
export function summaryInfo(store: unknown): ChartSummaryInfo | null {
  if (store instanceof SummaryStore) return { x: store.xField, y: store.yField, backlog: store.capacity };
  if (store instanceof CellsStore) {
    const info: ChartSummaryInfo = { x: store.xField, y: store.yField, backlog: store.capacity, kind: "cells" };
    if (store.category !== undefined) info.category = store.category;
    return info;
  }
  return null;
}

function clampPx(w: unknown): number | undefined {
  if (typeof w !== "number" || !Number.isFinite(w)) return undefined;
  return Math.min(MAX_PX, Math.max(MIN_PX, Math.round(w)));
}

/** A summarised chart's exchange with its views: sizes, ranges, and the watched range. */
export class SummaryExchange {
  private watch: RangeWatch | undefined;

  constructor(
    readonly store: SummaryStore | CellsStore,
    private readonly comm: () => Comm,
  ) {}

  /**
   * Handles a view's custom message. Returns true when the summary must be cut again (a new size: the
   * chart then marks itself dirty), and throws a TypeError naming what is wrong with a malformed range
   * request.
   */
  onMessage(content: Record<string, unknown>): boolean {
    const { store } = this;
    if (content.type === "view_width") {
      const w = clampPx(content.width);
      if (w === undefined) return false;
      if (store instanceof SummaryStore) {
        if (w === store.buckets.width) return false;
        store.buckets.setWidth(w);
        return true;
      }
      const h = clampPx(content.height) ?? store.grid.size.height;
      if (w === store.grid.size.width && h === store.grid.size.height) return false;
      store.grid.setSize(w, h);
      return true;
    }
    if (content.type === "range_clear") {
      this.watch = undefined;
      return false;
    }
    if (content.type !== "range") return false;
    const { id, x0, x1 } = content;
    const width = clampPx(content.width);
    if (typeof id !== "number" || typeof x0 !== "number" || typeof x1 !== "number" || !(x0 <= x1) || width === undefined) {
      throw new TypeError(`chart: a range request needs a numeric id, x0 <= x1 and a width, got ${JSON.stringify(content)}`);
    }
    const height = clampPx(content.height);
    const request: RangeRequest = { type: "range", id, x0, x1, width, ...(height ? { height } : {}) };
    const sorted = store instanceof CellsStore ? () => store.grid.isSorted() : () => store.buckets.isSorted;
    this.watch = new RangeWatch(request, store.ring, sorted);
    this.answer(request);
    return false;
  }

  /** After an update went out: answers the watched range again if its rows changed. */
  afterUpdate(): void {
    if (this.watch?.changed()) this.answer(this.watch.request);
  }

  private answer(request: RangeRequest): void {
    const { store } = this;
    const { id, x0, x1, width } = request;
    let rows: RangeRows;
    let category: string | undefined;
    if (store instanceof CellsStore) {
      rows = rangeCells(store, x0, x1, width, request.height ?? store.grid.size.height);
      category = store.category;
    } else {
      rows = rangeRows(store.ring, x0, x1, width, store.buckets.isSorted);
    }
    const reply: RangeReply = { type: "range_rows", id, x0, x1, raw: rows.raw, rows: rows.xs.length, rows_in_range: rows.inRange };
    const encode = (a: number, b: number) => encodeRange(sliceOf(rows, a, b), store.xField, store.yField, category);
    const parts = inPieces(rows.xs.length, encode, SUMMARY_MESSAGE_BYTES - JSON_ROOM);
    parts.forEach((bytes, piece) => {
      const content: RangeReply = parts.length > 1 ? { ...reply, piece, pieces: parts.length } : reply;
      this.comm().send({ method: "custom", content }, {}, [bytes]);
    });
  }
}

/** Rows `[a, b)` of a range's answer (views of its arrays). */
function sliceOf(rows: RangeRows, a: number, b: number): RangeRows {
  const part: RangeRows = { ...rows, xs: rows.xs.subarray(a, b), ys: rows.ys.subarray(a, b) };
  if (rows.categories) part.categories = rows.categories.slice(a, b);
  return part;
}
