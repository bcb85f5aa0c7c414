/** Charts of millions of points: typed rings of raw rows, their M4 summary, and range answers. */
export { XYRing } from "./xy-ring";
export { M4Buckets, type Bucket, type BucketsChange } from "./m4-buckets";
export { SummaryStore, drawable } from "./summary-store";
export { rangeRows, encodeRange, type RangeRows } from "./range-rows";
export { chartSummary, summaryFields } from "./summary-spec";
export { summaryStoreFor, summaryInfo, answerSummaryMessage, type SummaryChoice } from "./chart-summary";
