/**
 * Charts of millions of points (issue 17): the kernel keeps the raw rows and sends a per-pixel summary
 * (lines and areas: M4, first, min, max, last y of each x bucket; points: one row per occupied pixel
 * cell); the view says how big its plot is and asks for an x range at full resolution when the user
 * zooms in. This file is the wire of that exchange.
 *
 * A summarised chart's `RowsState` batches carry summary points, keyed by {@link SUMMARY_KEY}: a
 * `replace` with all of them (on open, `request_state`, resume, or when the buckets were re-cut), else an
 * `upsert` of the buckets that changed and the keys of those that left. Each bucket is always four
 * points (slots first, min, max, last; they may coincide), so a bucket's keys never change while the
 * bucketing holds.
 */

/** The key column of summary points: `bucket * 4 + slot` (slot 0 first, 1 min, 2 max, 3 last). */
export const SUMMARY_KEY = "_m4";

/**
 * The key column of a point chart's summary rows: one row per occupied cell of a grid no coarser than
 * the view's pixels (per category when the spec colours or shapes points by a field). A cell's row is
 * sent when the cell fills and its key removed when it empties; the grid is cut anew (a `replace`) only
 * when the data's x or y span left the range where cells are between 1 and 2 a pixel.
 */
export const CELL_KEY = "_cell";

/** How a chart is summarised: M4 buckets along x (lines, areas) or an occupancy grid (points). */
export type SummaryKind = "m4" | "cells";

/**
 * Backlog above which a line or area chart is summarised unless the user says `summary: false`
 * (below it every row is drawn, as charts always did).
 */
export const SUMMARY_AUTO_BACKLOG = 10_000;

/** Largest backlog a summarised chart accepts (its columns are typed rings: 16 bytes a row). */
export const SUMMARY_MAX_BACKLOG = 10_000_000;

/** Pixel width the kernel assumes until a view says its own. */
export const SUMMARY_DEFAULT_WIDTH = 800;

/**
 * The `summary` attribute of a `VegaChartState`: null when every kept row is sent, else the fields
 * the summary is taken over (the spec's x and y fields). Summary rows hold these two columns and
 * {@link SUMMARY_KEY}.
 */
export interface ChartSummaryInfo {
  x: string;
  y: string;
  /** The summary's kind (absent: `"m4"`). */
  kind?: SummaryKind;
  /** A points summary's category field (the spec's nominal colour, shape, ...), kept per cell. */
  category?: string;
  /** Raw rows the kernel keeps (the backlog). */
  backlog: number;
}

/**
 * A chart shown in several cells is one model with several views, and every view receives every
 * custom message of the model: each view names itself with an id made once in the browser, sends it
 * with its `view_width`, `range`, `range_clear` and `view_gone`, and the kernel echoes it in the
 * `range_rows` answering that view, so a view takes only its own answers. A message without one comes
 * from an older page and counts as one anonymous view.
 */
export interface ViewId {
  /** The view's id (absent: the anonymous view). */
  view?: string;
}

/**
 * View to kernel: the pixel width of the view's plot (the kernel cuts that many buckets or more), and
 * its height (a points summary's grid has that many rows or more; default {@link SUMMARY_DEFAULT_HEIGHT}).
 * With several views the kernel cuts for the largest width and the largest height among them.
 */
export interface ViewWidthMessage extends ViewId {
  type: "view_width";
  width: number;
  height?: number;
}

/** Pixel height the kernel assumes until a view says its own (Vega-Lite's default plot height). */
export const SUMMARY_DEFAULT_HEIGHT = 300;

/**
 * View to kernel: the rows with `x0 <= x <= x1` at full resolution (plus the one row either side, so
 * a line runs on to the edges). The kernel answers with a {@link RangeReply}, and answers again (same
 * `id`) after any update that brought rows into the range or took rows of it out of the backlog, so a
 * zoomed view shows the rows that exist now in its range, until a {@link RangeClear} or a new request.
 */
export interface RangeRequest extends ViewId {
  type: "range";
  /**
   * The view's request number; a reply carries it back with the view's id (a view ignores replies to
   * older requests and to other views). Each view watches its own range.
   */
  id: number;
  x0: number;
  x1: number;
  /** Pixel width of the plot: above 4 rows a pixel the reply is a summary cut at these pixels. */
  width: number;
  /** Pixel height of the plot (a points summary's grid rows). */
  height?: number;
}

/** View to kernel: the view follows the live edge again; stop answering its last range. */
export interface RangeClear extends ViewId {
  type: "range_clear";
}

/**
 * View to kernel: the view is gone (its cell was closed or re-run); forget its range and its size
 * (the summary is cut again for the views left).
 */
export interface ViewGone extends ViewId {
  type: "view_gone";
}

/**
 * Kernel to view, answering a {@link RangeRequest}. The message's one buffer is Arrow IPC stream bytes
 * of the rows (columns `x` and `y` of {@link ChartSummaryInfo}, Float64, and its `category` if any), in
 * x order.
 */
export interface RangeReply extends ViewId {
  type: "range_rows";
  id: number;
  x0: number;
  x1: number;
  /** True when the rows are the raw rows, false when a summary (M4 or cells) at the requested size. */
  raw: boolean;
  /** Rows in the buffer. */
  rows: number;
  /** Raw rows the range holds. */
  rows_in_range: number;
  /**
   * When the rows go in several replies (see {@link SUMMARY_MESSAGE_BYTES}): this reply's number from
   * 0, and how many there are; absent: one reply holds them all. `rows` counts the rows of all pieces.
   */
  piece?: number;
  pieces?: number;
}

/**
 * Largest widget message a summarised chart sends, in bytes (its JSON and buffers): issue 17's "each
 * update <= 64 KB". What would be larger goes as several messages, which the view takes together:
 * - a rows batch (a whole picture after a cut, a resize, `request_state` or resume; or a large change)
 *   as several batches, each its own `update` with the next `seq`: the first keeps the batch's
 *   `rows_mode`, the others are `upsert`s (an `upsert`'s removed keys go before its rows, the order it
 *   applies them in), and each says in `pieces_left` (`VegaChartState`) how many more follow. A view
 *   applies a picture's pieces at once when the last arrives (`pieces_left` 0), so a half picture is
 *   never drawn; a view whose first batch has pieces left asks for the whole state (the rest of a
 *   state sent on the control channel never comes), and one that missed a piece drops what follows
 *   until the next `replace`.
 * - a {@link RangeReply} as several replies with the same `id`, numbered by `piece` of `pieces`, each
 *   with its share of the rows (x order kept across them); the view draws them once all arrived.
 */
export const SUMMARY_MESSAGE_BYTES = 65_536;

/** Raw rows per pixel up to which a range is answered with the raw rows. */
export const RANGE_RAW_PER_PIXEL = 4;
