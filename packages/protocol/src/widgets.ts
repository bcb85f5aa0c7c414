/**
 * Names and versions that identify streamz-ts widgets on the wire. The kernel side
 * (`@streamz-ts/widgets`) puts them in every model's state; the JupyterLab extension registers its
 * models and views under exactly these names with `IJupyterWidgetRegistry`.
 */

/** The ipywidgets message protocol version spoken on the `jupyter.widget` target. */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";

/** The comm target of widget models (ipywidgets 7 and 8). */
export const WIDGET_TARGET = "jupyter.widget";

/** The comm target of the ipywidgets 8 control channel (`request_states` / `update_states`). */
export const CONTROL_TARGET = "jupyter.widget.control";

/** The control channel's own protocol version. */
export const CONTROL_PROTOCOL_VERSION = "1.0.0";

/**
 * The module name under which the frontend registers our models and views
 * (`registry.registerWidget({ name: WIDGET_MODULE, version: WIDGET_MODULE_VERSION, exports })`).
 */
export const WIDGET_MODULE = "@streamz-ts/jupyterlab";

/**
 * The module version: the kernel sends it as `_model_module_version` / `_view_module_version`, the
 * frontend registers exactly this string, so the registry's semver match is trivially satisfied. Bump it
 * only together with a change of the state shapes in `state.ts`.
 */
export const WIDGET_MODULE_VERSION = "0.2.0";

/** Model and view class names, per widget kind. The frontend exports classes with these names. */
export const MODEL_NAMES = {
  streamOutput: { model: "StreamOutputModel", view: "StreamOutputView" },
  vegaChart: { model: "VegaChartModel", view: "VegaChartView" },
  liveTable: { model: "LiveTableModel", view: "LiveTableView" },
} as const;

/** One of our widget kinds. */
export type WidgetKind = keyof typeof MODEL_NAMES;

/** MIME type of a widget view in a display bundle. */
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";

/** The content under {@link WIDGET_VIEW_MIME}: which model to show. */
export interface WidgetViewData {
  model_id: string;
  version_major: 2;
  version_minor: 1;
}

/** Builds the {@link WidgetViewData} for a model (its comm id). */
export function widgetViewData(modelId: string): WidgetViewData {
  return { model_id: modelId, version_major: 2, version_minor: 1 };
}

/** How an ipywidgets state refers to another model: this prefix, then the model id (`unpack_models` reads it). */
export const MODEL_REF_PREFIX = "IPY_MODEL_";

/** A state's reference to the model `modelId` (e.g. a StreamOutput's `child`). */
export function modelRef(modelId: string): string {
  return MODEL_REF_PREFIX + modelId;
}

/** Rows a frame shown whole by a StreamOutput keeps (its last rows beyond). */
export const DEFAULT_FRAME_ROWS = 100;

/** Default minimum interval between two updates of one widget, in milliseconds. */
export const DEFAULT_UPDATE_INTERVAL_MS = 500;

/**
 * Name of the Vega data set that a {@link VegaChartState} spec must read from (`data: {name: ...}`):
 * the view inserts streamed rows into it. `stream.chart(spec)` sets it when the spec has no `data`.
 */
export const CHART_DATA_NAME = "streamz";

/** Rows a chart keeps by default (its backlog, or the keys an upsert chart retains). */
export const DEFAULT_CHART_BACKLOG = 1000;

/** Rows a table shows by default. */
export const DEFAULT_TABLE_ROWS = 20;

/**
 * The Vega-Lite schema the frontend bundles (vega-lite 6): specs made for users (`.plot.*`) declare it,
 * so that Vega-Lite does not warn about a version mismatch.
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
