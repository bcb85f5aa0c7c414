/**
 * The widget models: the frontend half of the state the kernel (`@streamz-ts/widgets`) keeps. Names,
 * module and version come from `@streamz-ts/protocol`, so the two sides cannot drift apart.
 */
import { DOMWidgetModel } from "@jupyter-widgets/base";
import type { ISerializers } from "@jupyter-widgets/base";
import { MODEL_NAMES, WIDGET_MODULE, WIDGET_MODULE_VERSION } from "@streamz-ts/protocol";
import type { WidgetKind } from "@streamz-ts/protocol";

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
const rowsSerializers: ISerializers = {
  rows: {
    deserialize: (value: unknown) => value ?? null,
    // The frontend never sends rows back; keep the value as is should a sync ever include it.
    serialize: (value: unknown) => value,
  },
};

/** Model of a stream's latest value (protocol `StreamOutputState`). */
export class StreamOutputModel extends DOMWidgetModel {
  override defaults() {
    return { ...super.defaults(), ...identity("streamOutput"), name: "", text: "", html: null, count: 0, error: null };
  }
}

/** Model of a streaming Vega-Lite chart (protocol `VegaChartState`). */
export class VegaChartModel extends DOMWidgetModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers, ...rowsSerializers };
  override defaults() {
    return {
      ...super.defaults(),
      ...identity("vegaChart"),
      spec: {},
      rows: null,
      rows_mode: "replace",
      seq: 0,
      total_rows: 0,
      max_rows: 1000,
    };
  }
}

/** Model of a live table (protocol `LiveTableState`). */
export class LiveTableModel extends DOMWidgetModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers, ...rowsSerializers };
  override defaults() {
    return {
      ...super.defaults(),
      ...identity("liveTable"),
      columns: [],
      rows: null,
      rows_mode: "replace",
      seq: 0,
      total_rows: 0,
      max_rows: 100,
    };
  }
}
