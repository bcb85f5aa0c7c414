/**
 * Opt-in measurements for the browser tests and `npm run bench`: when the page defines an array under
 * `globalThis[Symbol.for("streamz-ts.metrics")]`, each view pushes one record per applied update.
 * Nothing is recorded (and nothing grows) otherwise.
 */
import type { SummaryProbe } from "./chart-summary";

/** One applied update. */
export interface UpdateRecord {
  /**
   * Which view applied it; `vegaChartEmbed` is a chart built anew (spec or theme change), not an
   * update; `vegaChartRange` a zoomed range's rows shown (a summarised chart).
   */
  kind: "vegaChart" | "vegaChartEmbed" | "vegaChartRange" | "liveTable" | "streamOutput";
  /** The model (comm) id. */
  model: string;
  /** `performance.now()` when the update was applied. */
  at: number;
  /** Milliseconds from receiving the batch to the view showing it (decode + changeset + render). */
  ms: number;
  /** Rows in the batch, and rows shown after it. */
  rows: number;
  shown: number;
  /** Bytes of the batch's binary buffers (a summarised chart's picture in pieces: all of them). */
  bytes: number;
  /**
   * Summarised charts: the messages the update came in (a picture cut in pieces, protocol
   * `SUMMARY_MESSAGE_BYTES`) and the buffer bytes of the largest one.
   */
  pieces?: number;
  pieceBytes?: number;
  /** The batch number (`seq`) for row widgets, the value count for StreamOutput. */
  seq: number;
  /** The newest value shown after the update (a row, or the output's text). */
  newest: unknown;
  /** Charts only, when metrics are on: the x axis's tick labels and domain. */
  xAxis?: { labels: string[]; domain: unknown[] };
  /** Summarised charts only, when metrics are on: what Vega draws (chart-summary.ts). */
  summary?: SummaryProbe;
  /** Tables only: what the top rows read (column names, type labels, cell texts in full, row numbers). */
  cells?: { columns: string[]; types: string[]; rows: string[][]; rowNumbers: unknown[] };
  /** Tables only, when metrics are on: the row the grid paints at the top of its body (number, cell texts). */
  top?: { row: number; cells: string[] };
}

const KEY = Symbol.for("streamz-ts.metrics");

/** Whether the page collects records (so a view may spend time on details for them). */
export function metricsOn(): boolean {
  return Array.isArray((globalThis as Record<symbol, unknown>)[KEY]);
}

/** Appends `record` when a collector is installed. */
export function recordUpdate(record: UpdateRecord): void {
  const sink = (globalThis as Record<symbol, unknown>)[KEY];
  if (Array.isArray(sink)) sink.push(record);
}
