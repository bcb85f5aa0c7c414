/** Charts of millions of points: typed rings of raw rows, their summary (M4 or pixel cells), and range answers. */
export { XYRing } from "./xy-ring";
export { M4Buckets, type Bucket, type BucketsChange } from "./m4-buckets";
export { SummaryStore, XYStore, drawable } from "./summary-store";
export { CellGrid, MAX_CATEGORIES, type Cell } from "./cell-grid";
export { CellsStore, type CellsOptions } from "./cells-store";
export { rangeCells } from "./range-cells";
export { RangeWatch } from "./range-watch";
export { SummaryViews, MAX_VIEWS, viewOf, type ViewState } from "./summary-views";
export { rangeRows, encodeRange, type RangeRows } from "./range-rows";
export { chartSummary, summaryFields, type SummaryPlan } from "./summary-spec";
export { summaryStoreFor, summaryInfo, SummaryExchange, type SummaryChoice } from "./chart-summary";
export { batchPieces, inPieces, JSON_ROOM, type BatchPiece } from "./pieces";
