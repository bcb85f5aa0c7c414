/**
 * @streamz-ts/dataframe: streaming data frames (streamz.dataframe for TypeScript). Frames arrive as
 * danfojs DataFrames or Arrow tables / record batches; the pandas-like API runs incrementally on typed
 * columns; `.plot` makes live charts with @streamz-ts/widgets.
 */
import "./display"; // streaming frames show as live tables in the kernel
export { StreamingDataFrame, type StreamingDataFrameOptions, type AccumulatePartitionsOptions, type FrameState } from "./dataframe";
export { StreamingSeries, type SeriesOperand, type SpreadOptions } from "./series";
export { GroupBy, SeriesGroupBy, type GroupKey } from "./groupby";
export type { AggSpecMap } from "./agg-spec";
export { Rolling, Window, type WindowOptions } from "./rolling";
export type { DropnaOptions } from "./dropna";
export type { Inclusive } from "./compute/transform";
export type { AsType } from "./compute/astype";
export { Aggregations } from "./aggregations";
export { Expanding, type ExpandingOptions } from "./expanding";
export { Ewm, type EwmOptions, type EwmSpreadOptions } from "./ewm";
export { EventWindow, WINDOW_COLUMNS, type EventWindowOptions } from "./event-time";
export { FrameRolling, FrameWindow, TimedFrameWindow } from "./frame-windows";
export { Random, RandomSource, type RandomOptions } from "./random";
export { ColumnFrame, type Field, type Row } from "./frame";
export { SchemaError, conform } from "./schema";
export type { Column, NumericColumn, StringColumn, DType, NumericArray, CodeArray, Scalar } from "./column";
export { columnValues, encodeStrings, columnFrom } from "./column";
export { toColumnFrame, type FrameInput, type AnyDanfoFrame } from "./convert/input";
export { fromArrow, isArrow } from "./convert/arrow";
export { toArrow, columnVector } from "./convert/to-arrow";
export { fromDanfo, toDanfo, toDanfoSeries, isDanfoFrame } from "./convert/danfo";
export { AGGREGATIONS, type AggName } from "./compute/moments";
export { parseDuration } from "./duration";
export { PlotAccessor } from "./plot/plot";
export { chartSpec, vegaType, type PlotKind, type PlotOptions } from "./plot/specs";
export { describeFrame } from "./display";
