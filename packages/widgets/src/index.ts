/**
 * @streamz-ts/widgets: live widgets for streams in the streamz-ts kernel (ipywidgets protocol 2.1.0).
 * Importing it adds `chart`, `table` and `output` to `Stream`, makes a stream display as a live output,
 * and serves the widget comm targets when running inside the kernel.
 */
import { kernelBridge } from "@streamz-ts/protocol";
import { registerTargets } from "./control";

export { display, requireKernel } from "./api";
export { WidgetModel, type WidgetOptions, type WireState } from "./model";
export { StreamOutput } from "./output";
export { VegaChart, prepareSpec, type ChartOptions } from "./chart";
export { LiveTable, type TableOptions } from "./table";
export { RowsModel, type FrameMode } from "./rows-model";
export { encodeRows, toRow, columnsOf, RowRing, type Row } from "./rows";
export { FlushTimer, flushTimerFor, type Flushable } from "./flush";
export { liveModels } from "./registry";
export { registerTargets, updateStates } from "./control";
export { WidgetFeed } from "./feed";

const bridge = kernelBridge();
if (bridge) registerTargets(bridge);
