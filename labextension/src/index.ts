/**
 * The JupyterLab plugin: registers the streamz-ts widget module (models and views named by
 * `@streamz-ts/protocol`) with the ipywidgets manager's registry.
 */
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { MODEL_NAMES, WIDGET_MODULE, WIDGET_MODULE_VERSION } from "@streamz-ts/protocol";
import { LiveTableModel, StreamOutputModel, VegaChartModel } from "./models";
import { LiveTableView } from "./live-table-view";
import { StreamOutputView } from "./stream-output-view";
import { VegaChartView } from "./vega-chart-view";

/** The classes the registry hands to the widget manager, under the protocol's names. */
export const widgetExports = {
  [MODEL_NAMES.streamOutput.model]: StreamOutputModel,
  [MODEL_NAMES.streamOutput.view]: StreamOutputView,
  [MODEL_NAMES.vegaChart.model]: VegaChartModel,
  [MODEL_NAMES.vegaChart.view]: VegaChartView,
  [MODEL_NAMES.liveTable.model]: LiveTableModel,
  [MODEL_NAMES.liveTable.view]: LiveTableView,
};

/**
 * The shape of a JupyterLab plugin, written out here so that this package does not depend on all of
 * `@jupyterlab/application` for one type.
 */
interface LabPlugin {
  id: string;
  description: string;
  requires: unknown[];
  autoStart: boolean;
  activate: (app: unknown, registry: IJupyterWidgetRegistry) => void;
}

const plugin: LabPlugin = {
  id: "@streamz-ts/jupyterlab:widgets",
  description: "Live views (text, table, Vega chart) for streamz-ts streams",
  requires: [IJupyterWidgetRegistry],
  autoStart: true,
  activate: (_app, registry) => {
    registry.registerWidget({ name: WIDGET_MODULE, version: WIDGET_MODULE_VERSION, exports: widgetExports });
  },
};

export default plugin;
