/**
 * @streamz-ts/widgets: live widgets for streams in the streamz-ts kernel (ipywidgets protocol 2.1.0).
 * Importing it adds `chart`, `table` and `output` to `Stream`, makes a stream display as a live output,
 * and serves the widget comm targets when running inside the kernel.
 */
import { kernelBridge } from "@streamz-ts/protocol";
import { registerTargets } from "./control";

export { display, requireKernel } from "./api";
export { GraphSnapshot } from "./live-graph";
export {
  slider,
  dropdown,
  toggle,
  text,
  button,
  hbox,
  vbox,
  Control,
  type ShownModel,
  type SliderOptions,
  type ValueCodec,
} from "./controls";
export { WidgetModel, type WidgetOptions, type WireState } from "./model";
export { StreamOutput, type StreamOutputOptions } from "./output";
export { VegaChart, prepareSpec, type ChartOptions } from "./chart";
export { LiveTable, defaultOrder, type TableOptions } from "./table";
export { RowsModel, type FrameMode, type RowsOptions } from "./rows-model";
export { toRow, toTableRow, columnsOf, RowRing, type Row, type ToRow } from "./rows";
export { encodeRows, arrowRows, isArrowFrame, type ColumnTypes } from "./encode";
export { isDanfoFrame, isWholeFrame, danfoToArrow, type DanfoFrameLike, type WholeFrame } from "./frames";
export { makeStore, keyColumns, AppendStore, ReplaceStore, UpsertStore, type ModeOptions, type RowStore, type StoreBatch } from "./stores";
export { FlushTimer, flushTimerFor, type Flushable } from "./flush";
export { SummaryStore, CellsStore, M4Buckets, XYRing, rangeRows, encodeRange, chartSummary, type RangeRows } from "./decimate";
export { liveModels, type LiveModel } from "./registry";
export { registerTargets, updateStates } from "./control";
export { WidgetFeed } from "./feed";

const bridge = kernelBridge();
if (bridge) registerTargets(bridge);
