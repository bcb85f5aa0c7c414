/**
 * Widget state shapes: what the kernel sends in `comm_open` (`data.state`), in `update` messages and in
 * `update_states` of the control channel. Keys are snake_case as ipywidgets expects. Attributes typed
 * `DataView` travel as binary buffers (listed in `buffer_paths`), everything else as JSON.
 */
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
  /** Why the latest value could not be shown (its text or HTML form threw), or null. */
  error: string | null;
}

/**
 * How a {@link RowsState} batch relates to what the frontend already holds:
 * - `"replace"`: `rows` is the whole current content (on open, after `request_state`, on reconnect, or
 *   when a stream element is itself a frame/window);
 * - `"append"`: `rows` are new rows to add after the ones held; the frontend drops the oldest beyond
 *   `max_rows`.
 */
export type RowsMode = "replace" | "append";

/**
 * Row-carrying widgets (VegaChart, LiveTable). Rows travel as one Apache Arrow IPC *stream* message
 * (schema + record batches) in a binary buffer: decode with `tableFromIPC(new Uint8Array(view.buffer,
 * view.byteOffset, view.byteLength))`. Each batch has a `seq` one higher than the previous: a frontend
 * that sees an `append` whose seq is not `last + 1` has missed one and sends `{method: "request_state"}`.
 */
export interface RowsState {
  /** Arrow IPC stream bytes (a binary buffer; an empty table has a schema and zero rows). */
  rows: DataView;
  rows_mode: RowsMode;
  /** Batch number, starting at 0 with the state in `comm_open`. */
  seq: number;
  /** Rows the stream has produced in total (not only those kept). */
  total_rows: number;
  /** How many rows the frontend keeps: the chart's backlog, the table's visible rows. */
  max_rows: number;
}

/** VegaChart: a Vega-Lite spec whose data set {@link CHART_DATA_NAME} is fed by streamed rows. */
export interface VegaChartState extends BaseWidgetState, RowsState {
  /** The Vega-Lite spec (JSON), reading its data from the named data set `CHART_DATA_NAME`. */
  spec: Record<string, unknown>;
}

/** LiveTable: the latest frame or window of rows. */
export interface LiveTableState extends BaseWidgetState, RowsState {
  /** Column names in display order (from the first rows seen; empty before any). */
  columns: string[];
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
  vegaChart: ["rows"],
  liveTable: ["rows"],
};
