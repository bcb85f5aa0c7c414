/**
 * The widget models: the frontend half of the state the kernel (`@streamz-ts/widgets`) keeps. Names,
 * module and version come from `@streamz-ts/protocol`, so the two sides cannot drift apart.
 */
import { DOMWidgetModel, unpack_models, type ISerializers } from "@jupyter-widgets/base";
import {
  DEFAULT_CHART_BACKLOG,
  DEFAULT_TABLE_ROWS,
  MODEL_NAMES,
  WIDGET_MODULE,
  WIDGET_MODULE_VERSION,
  type WidgetKind,
} from "@streamz-ts/protocol";
import { RowsModel, SavedStateModel } from "./saved-state";

/** The identity keys of one kind, as the kernel also sends them. */
function identity(kind: WidgetKind): Record<string, unknown> {
  return {
    _model_name: MODEL_NAMES[kind].model,
    _model_module: WIDGET_MODULE,
    _model_module_version: WIDGET_MODULE_VERSION,
    _view_name: MODEL_NAMES[kind].view,
    _view_module: WIDGET_MODULE,
    _view_module_version: WIDGET_MODULE_VERSION,
  };
}

/**
 * Binary `rows` stay a `DataView` in the model: each view decodes it, because Vega marks the row
 * objects it is given and two views of one model must not share them.
 */
const binary = {
  deserialize: (value: unknown) => value ?? null,
  // The frontend never sends rows back; keep the value as is should a sync ever include it.
  serialize: (value: unknown) => value,
};
const rowsSerializers: ISerializers = { rows: binary, removed: binary };

/** The row attributes of protocol `RowsState`, before the kernel's first state arrives. */
function rowsDefaults(maxRows: number): Record<string, unknown> {
  return {
    rows: null,
    rows_mode: "replace",
    removed: null,
    positions: null,
    mode: "append",
    key: [],
    seq: 0,
    total_rows: 0,
    max_rows: maxRows,
  };
}

/** Model of a stream's latest value (protocol `StreamOutputState`); `child` is the table of a frame. */
export class StreamOutputModel extends SavedStateModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers, child: { deserialize: unpack_models } };
  override defaults() {
    return { ...super.defaults(), ...identity("streamOutput"), name: "", text: "", html: null, count: 0, error: null, child: null };
  }
}

/** Model of a streaming Vega-Lite chart (protocol `VegaChartState`). */
export class VegaChartModel extends RowsModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers, ...rowsSerializers };
  override defaults() {
    return {
      ...super.defaults(),
      ...identity("vegaChart"),
      spec: {},
      summary: null,
      ...rowsDefaults(DEFAULT_CHART_BACKLOG),
    };
  }
}

/** Model of a live table (protocol `LiveTableState`). */
export class LiveTableModel extends RowsModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers, ...rowsSerializers };
  override defaults() {
    return {
      ...super.defaults(),
      ...identity("liveTable"),
      columns: [],
      order: "newest",
      ...rowsDefaults(DEFAULT_TABLE_ROWS),
    };
  }
}
