/**
 * Reading row batches (protocol `RowsState`) off a model in order. Each view keeps its own reader: a
 * batch that does not follow the last one seen (a missed `append` or `upsert`, or a view created after
 * such batches already happened) makes the reader ask the kernel for the whole state, which comes back
 * as a `replace`.
 */
import type { WidgetModel } from "@jupyter-widgets/base";
import { DEFAULT_CHART_BACKLOG, type HeldBatch, type RowsMode, type ViewMode } from "@streamz-ts/protocol";
import { decodeRows, type DecodedRows } from "./arrow-rows";

/** A batch ready to apply (to a protocol `HeldRows`). */
export interface RowBatch extends DecodedRows, HeldBatch {
  rows: Record<string, unknown>[];
  mode: RowsMode;
  /** The model's update mode. */
  viewMode: ViewMode;
  removed: Record<string, unknown>[];
  key: string[];
  seq: number;
  maxRows: number;
  totalRows: number;
}

/** Follows `seq` on one model for one view. */
export class BatchReader {
  private last = -1;

  constructor(private readonly model: WidgetModel) {}

  /**
   * Decodes the model's current batch. When it is an `append` or `upsert` that does not follow the
   * last batch this reader saw, asks the kernel for the full state (`request_state`); the batch is
   * still returned, since applying it is harmless and the `replace` that follows resets the view.
   */
  read(): RowBatch {
    const mode = (this.model.get("rows_mode") as RowsMode) ?? "replace";
    const seq = Number(this.model.get("seq") ?? 0);
    if (mode !== "replace" && seq !== this.last + 1) this.requestState();
    this.last = seq;
    return {
      ...decodeRows(this.model.get("rows")),
      mode,
      viewMode: (this.model.get("mode") as ViewMode) ?? "append",
      removed: decodeRows(this.model.get("removed")).rows,
      positions: (this.model.get("positions") as number[] | null | undefined) ?? null,
      key: (this.model.get("key") as string[] | undefined) ?? [],
      seq,
      maxRows: Number(this.model.get("max_rows") ?? DEFAULT_CHART_BACKLOG),
      totalRows: Number(this.model.get("total_rows") ?? 0),
    };
  }

  /** Asks the kernel for the whole state (it comes back as a `replace`). */
  requestState(): void {
    // `model.send` wraps content as a custom message; request_state is a protocol method of its own.
    this.model.comm?.send({ method: "request_state" }, {});
  }
}
