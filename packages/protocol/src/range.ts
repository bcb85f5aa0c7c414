/**
 * Charts of millions of points (issue 17): the kernel keeps the raw rows and sends a per-pixel-column
 * summary (M4: first, min, max, last y of each x bucket); the view says how wide it is and asks for an
 * x range at full resolution when the user zooms in. This file is the wire of that exchange.
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
  /** Raw rows the kernel keeps (the backlog). */
  backlog: number;
}

/** View to kernel: the pixel width of the view's plot (the kernel cuts that many buckets or more). */
export interface ViewWidthMessage {
  type: "view_width";
  width: number;
}

/**
 * View to kernel: the rows with `x0 <= x <= x1` at full resolution (plus the one row either side, so
 * a line runs on to the edges). The kernel answers with a {@link RangeReply}.
 */
export interface RangeRequest {
  type: "range";
  /** The view's request number; a reply carries it back (a view ignores replies to older requests). */
  id: number;
  x0: number;
  x1: number;
  /** Pixel width of the plot: above 4 rows a pixel the reply is an M4 summary cut at these pixels. */
  width: number;
}

/**
 * Kernel to view, answering a {@link RangeRequest}. The message's one buffer is Arrow IPC stream bytes
 * of the rows (columns `x` and `y` of {@link ChartSummaryInfo}, Float64), in x order.
 */
export interface RangeReply {
  type: "range_rows";
  id: number;
  x0: number;
  x1: number;
  /** True when the rows are the raw rows, false when an M4 summary at the requested width. */
  raw: boolean;
  /** Rows in the buffer. */
  rows: number;
  /** Raw rows the range holds. */
  rows_in_range: number;
}

/** Raw rows per pixel up to which a range is answered with the raw rows. */
export const RANGE_RAW_PER_PIXEL = 4;
