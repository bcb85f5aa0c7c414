/**
 * Reading row batches (protocol `RowsState`) off a model in order. Each view keeps its own reader: a
 * batch that does not follow the last one seen (a missed `append`, or a view created after appends
 * already happened) makes the reader ask the kernel for the whole state, which comes back as a
 * `replace`.
 */
import type { WidgetModel } from "@jupyter-widgets/base";
import type { RowsMode } from "@streamz-ts/protocol";
import { decodeRows } from "./arrow-rows";
import type { DecodedRows } from "./arrow-rows";

/** A batch ready to apply. */
export interface RowBatch extends DecodedRows {
  mode: RowsMode;
  seq: number;
  maxRows: number;
  totalRows: number;
}

/** Follows `seq` on one model for one view. */
export class BatchReader {
  private last = -1;

  constructor(private readonly model: WidgetModel) {}

  /**
   * Decodes the model's current batch. When it is an `append` that does not follow the last batch this
   * reader saw, asks the kernel for the full state (`request_state`); the batch is still returned, since
   * applying it is harmless and the `replace` that follows resets the view.
   */
  read(): RowBatch {
    const mode = (this.model.get("rows_mode") as RowsMode) ?? "replace";
    const seq = Number(this.model.get("seq") ?? 0);
    if (mode === "append" && seq !== this.last + 1) this.requestState();
    this.last = seq;
    return {
      ...decodeRows(this.model.get("rows")),
      mode,
      seq,
      maxRows: Number(this.model.get("max_rows") ?? 1000),
      totalRows: Number(this.model.get("total_rows") ?? 0),
    };
  }

  private requestState(): void {
    // `model.send` wraps content as a custom message; request_state is a protocol method of its own.
    this.model.comm?.send({ method: "request_state" }, {});
  }
}
