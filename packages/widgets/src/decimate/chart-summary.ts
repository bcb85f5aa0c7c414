/**
 * A VegaChart's side of the summary exchange (protocol range.ts): picking the store at construction,
 * answering the views' `view_width`, `range`, `range_clear` and `view_gone` messages, and answering
 * each view's watched range again after an update that changed its rows. Kept here so that chart.ts
 * holds only the hooks.
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
import { SummaryViews, viewOf } from "./summary-views";

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

/**
 * A summarised chart's exchange with its views: sizes, ranges, and the watched ranges, kept per view
 * (a chart shown in several cells has several views; see {@link SummaryViews}).
 */
export class SummaryExchange {
  private readonly views = new SummaryViews();

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
    const view = viewOf(content);
    if (content.type === "view_width") {
      const width = clampPx(content.width);
      if (width === undefined) return false;
      const state = this.views.touch(view);
      state.width = width;
      state.height = clampPx(content.height);
      return this.resize();
    }
    if (content.type === "range_clear") {
      this.views.unwatch(view);
      return false;
    }
    if (content.type === "view_gone") {
      this.views.forget(view);
      return this.resize();
    }
    if (content.type !== "range") return false;
    const request = rangeRequest(content);
    const { store } = this;
    const sorted = store instanceof CellsStore ? () => store.grid.isSorted() : () => store.buckets.isSorted;
    this.views.touch(view).watch = new RangeWatch(request, store.ring, sorted);
    this.answer(request);
    // a new view beyond MAX_VIEWS forgets the oldest, whose size may have been the largest
    return this.resize();
  }

  /**
   * Cuts the summary for the largest width and the largest height among the views that said theirs
   * (nothing changes while none did, or when all are gone: the next view to open says its own). A cut
   * for a wider or taller plot is exact for a smaller one: M4 bucket widths are powers of two, so the
   * finer buckets partition the coarser ones and every coarse bucket's first, min, max and last are
   * among the rows kept; scatter cells no larger than the largest plot's pixels are no larger than a
   * smaller plot's, so every pixel a point falls in still holds a drawn point. Returns whether the cut
   * changes.
   */
  private resize(): boolean {
    const { store } = this;
    const { width, height } = this.views.largest();
    if (store instanceof SummaryStore) {
      if (width === undefined || width === store.buckets.width) return false;
      store.buckets.setWidth(width);
      return true;
    }
    const w = width ?? store.grid.size.width;
    const h = height ?? store.grid.size.height;
    if (w === store.grid.size.width && h === store.grid.size.height) return false;
    store.grid.setSize(w, h);
    return true;
  }

  /** After an update went out: answers each view's watched range again if its rows changed. */
  afterUpdate(): void {
    for (const watch of this.views.watches()) if (watch.changed()) this.answer(watch.request);
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
    // the view's id goes back with its rows: every view of the model receives them, only it takes them
    if (request.view !== undefined) reply.view = request.view;
    const encode = (a: number, b: number) => encodeRange(sliceOf(rows, a, b), store.xField, store.yField, category);
    const parts = inPieces(rows.xs.length, encode, SUMMARY_MESSAGE_BYTES - JSON_ROOM);
    parts.forEach((bytes, piece) => {
      const content: RangeReply = parts.length > 1 ? { ...reply, piece, pieces: parts.length } : reply;
      this.comm().send({ method: "custom", content }, {}, [bytes]);
    });
  }
}

/** A view's range request, checked (a TypeError names what is wrong). */
function rangeRequest(content: Record<string, unknown>): RangeRequest {
  const { id, x0, x1, view } = content;
  const width = clampPx(content.width);
  const badView = view !== undefined && typeof view !== "string";
  if (typeof id !== "number" || typeof x0 !== "number" || typeof x1 !== "number" || !(x0 <= x1) || width === undefined || badView) {
    throw new TypeError(
      `chart: a range request needs a numeric id, x0 <= x1 and a width (and a string view id, if any), got ${JSON.stringify(content)}`,
    );
  }
  const request: RangeRequest = { type: "range", id, x0, x1, width };
  const height = clampPx(content.height);
  if (height !== undefined) request.height = height;
  if (typeof view === "string") request.view = view;
  return request;
}

/** Rows `[a, b)` of a range's answer (views of its arrays). */
function sliceOf(rows: RangeRows, a: number, b: number): RangeRows {
  const part: RangeRows = { ...rows, xs: rows.xs.subarray(a, b), ys: rows.ys.subarray(a, b) };
  if (rows.categories) part.categories = rows.categories.slice(a, b);
  return part;
}
