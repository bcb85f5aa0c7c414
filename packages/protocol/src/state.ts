/**
 * Widget state shapes: what the kernel sends in `comm_open` (`data.state`), in `update` messages and in
 * `update_states` of the control channel. Keys are snake_case as ipywidgets expects. Attributes typed
 * `DataView` travel as binary buffers (listed in `buffer_paths`), everything else as JSON.
 */
import type { ChartSummaryInfo } from "./range";
import type { WidgetKind } from "./widgets";

/** The identity keys every ipywidgets model state carries. */
export interface BaseWidgetState {
  _model_name: string;
  _model_module: string;
  _model_module_version: string;
  _view_name: string;
  _view_module: string;
  _view_module_version: string;
  _view_count: null;
}

/** StreamOutput: the latest value of a stream. */
export interface StreamOutputState extends BaseWidgetState {
  /** The stream's label (its name, or its operator kind). */
  name: string;
  /** `text/plain` form of the latest value ("" before the first value). */
  text: string;
  /** `text/html` form of the latest value when it has one, else null. The view prefers it. */
  html: string | null;
  /** How many values the stream has produced since the widget was created. */
  count: number;
  /**
   * Whether the view's caption says how many values came (true when absent). False where each value
   * is a drawing of something else, as in a live graph (`stream.graph()`), whose count means nothing
   * to a reader.
   */
  count_shown?: boolean;
  /** Why the latest value could not be shown (its text or HTML form threw), or null. */
  error: string | null;
  /**
   * When the latest value is a whole frame (a danfojs DataFrame, an Arrow table): a reference
   * (`modelRef`) to the LiveTable that shows it, in `"replace"` mode with the frame's column types,
   * which the view shows instead of the text; else null.
   */
  child: string | null;
}

/**
 * How a row widget's content follows its stream (one per model, chosen in the kernel):
 * - `"append"`: elements are events; their rows are added after the ones held and the oldest beyond
 *   `max_rows` (the backlog) are dropped;
 * - `"replace"`: each element is a whole state (a group-by result, a window, a frame): the view shows
 *   exactly the latest one. With a `key`, updates carry only the rows that changed and the keys that
 *   left;
 * - `"upsert"`: rows are keyed by `key` columns and the latest row per key wins; new keys appear, and
 *   beyond `max_rows` keys the least recently updated one is retired.
 */
export type ViewMode = "append" | "replace" | "upsert";

/** All view modes, for checking options. */
export const VIEW_MODES: readonly ViewMode[] = ["append", "replace", "upsert"];

/**
 * What one {@link RowsState} batch does to the rows the frontend holds:
 * - `"replace"`: `rows` is the whole current content (on open, after `request_state`, on reconnect, in
 *   `"replace"` mode without a key when most rows changed, or when more rows arrived than are kept);
 * - `"append"`: `rows` are new rows to add after the ones held; the frontend drops the oldest beyond
 *   `max_rows` (a state that is the last one slid along, e.g. a window, travels so: its new rows, with
 *   `max_rows` its length);
 * - `"upsert"`: each row of `rows` replaces the held row with the same `key` values (or is added after
 *   the others when its key is new), and each row of `removed` (key columns only) removes the held
 *   row with that key;
 * - `"patch"` (a `"replace"` state without a key, diffed by position): row `i` of `rows` takes position
 *   `positions[i]`, replacing the row held there or, at the end, adding one (new positions follow
 *   the held rows, in order); then the rows beyond `max_rows`, the state's new length, are dropped
 *   from the end.
 */
export type RowsMode = "replace" | "append" | "upsert" | "patch";

/**
 * Arrow field metadata marking a column of plain JavaScript numbers: Float64 on the wire, but neither
 * "float" nor "int" to the user (a view labels it "number").
 */
export const JS_NUMBER_FIELD = { key: "streamz.kind", value: "number" } as const;

/**
 * The name of a frame's index column, when a frame has a non-default index (a danfojs frame with row
 * labels, or filtered or sorted: not 0..n-1): its first column. A table sets it apart from the values,
 * as pandas shows an index. (Not blank as pandas heads an unnamed index: Arrow reads an empty field
 * name back as null.)
 */
export const FRAME_INDEX_COLUMN = "(index)";

/**
 * The order a table shows its rows in: `"newest"` first (event streams), `"arrival"` (the order the
 * rows came in, e.g. a frame's own order), or sorted by `"key"` (group-by results; the key columns, or
 * the first column when there is no key).
 */
export type TableOrder = "newest" | "arrival" | "key";

/** All table orders, for checking options. */
export const TABLE_ORDERS: readonly TableOrder[] = ["newest", "arrival", "key"];

/**
 * Row-carrying widgets (VegaChart, LiveTable). Rows travel as one Apache Arrow IPC *stream* message
 * (schema + record batches) in a binary buffer: decode with `tableFromIPC(new Uint8Array(view.buffer,
 * view.byteOffset, view.byteLength))`. Column types are the stream's own (Arrow elements and streaming
 * frames keep theirs: ints, booleans, timestamps, dictionary strings; plain JavaScript values give
 * Float64, Bool, Timestamp for `Date`, Utf8). Each batch has a `seq` one higher than the previous: a
 * frontend that sees an `append` or `upsert` whose seq is not `last + 1` has missed one and sends
 * `{method: "request_state"}`. `HeldRows` (held-rows.ts) is the reference of what a frontend holds.
 */
export interface RowsState {
  /** Arrow IPC stream bytes (a binary buffer; an empty table has a schema and zero rows). */
  rows: DataView;
  rows_mode: RowsMode;
  /** Key rows removed by an `upsert` batch (Arrow IPC bytes, key columns only), else null. */
  removed: DataView | null;
  /** `patch` only: the position each row of `rows` takes; else null. */
  positions: number[] | null;
  /** How the content follows the stream (see {@link ViewMode}). */
  mode: ViewMode;
  /** The key columns of `"upsert"` and keyed `"replace"` modes; empty otherwise. */
  key: string[];
  /** Batch number, starting at 0 with the state in `comm_open`. */
  seq: number;
  /** Rows the stream has produced in total (not only those kept). */
  total_rows: number;
  /**
   * How many rows the frontend keeps after this batch: the chart's backlog, the table's rows, upsert's
   * retention, or a slid window's length.
   */
  max_rows: number;
}

/** VegaChart: a Vega-Lite spec whose data set {@link CHART_DATA_NAME} is fed by streamed rows. */
export interface VegaChartState extends BaseWidgetState, RowsState {
  /** The Vega-Lite spec (JSON), reading its data from the named data set `CHART_DATA_NAME`. */
  spec: Record<string, unknown>;
  /** Null when the rows are the kept rows; else the rows are a per-pixel summary of them (range.ts). */
  summary: ChartSummaryInfo | null;
  /**
   * A summarised chart's batches only: how many more batches of the same picture follow this one (it
   * was cut in pieces to keep each message under `SUMMARY_MESSAGE_BYTES`); 0 when it is the last.
   * Absent on charts that send every row.
   */
  pieces_left?: number;
}

/** LiveTable: the latest rows, frame, window or keyed state of a stream. */
export interface LiveTableState extends BaseWidgetState, RowsState {
  /** Column names in display order (from the first rows seen; empty before any). */
  columns: string[];
  /** The order rows are shown in. */
  order: TableOrder;
}

/** State type by widget kind. */
export interface WidgetStateByKind {
  streamOutput: StreamOutputState;
  vegaChart: VegaChartState;
  liveTable: LiveTableState;
}

/** Any of our states, for code that handles all kinds. */
export type AnyWidgetState = WidgetStateByKind[WidgetKind];

/** The names of state attributes that are binary buffers, per kind (for `buffer_paths`). */
export const BUFFER_ATTRIBUTES: { readonly [K in WidgetKind]: readonly string[] } = {
  streamOutput: [],
  vegaChart: ["rows", "removed"],
  liveTable: ["rows", "removed"],
};
