/**
 * Shared by VegaChart and LiveTable: rows from a stream kept in a bounded ring, sent as Arrow batches.
 * An update carries only the rows that arrived since the previous one ("append"); when more arrived
 * than the frontend keeps, or an element replaced the content, it carries the ring ("replace"). So the
 * bytes of an update grow with the new rows, never with the backlog, and nothing queues up.
 */
import type { Stream } from "@streamz-ts/core";
import type { KernelBridge, RowsMode, RowsState, WidgetKind } from "@streamz-ts/protocol";
import { WidgetFeed } from "./feed";
import { WidgetModel, type WidgetOptions } from "./model";
import { columnsOf, encodeRows, RowRing, type Row } from "./rows";

/** What an array element (a frame or window of rows) does to the content. */
export type FrameMode = "append" | "replace";

export abstract class RowsModel<T> extends WidgetModel {
  protected readonly ring: RowRing;
  /** Rows received since the last update (may exceed the ring's capacity). */
  private fresh = 0;
  private replaced = false;
  private seq = -1;
  private feed: WidgetFeed<T> | undefined;

  protected constructor(kind: WidgetKind, readonly stream: Stream<T>, maxRows: number, private readonly frames: FrameMode, options: WidgetOptions) {
    super(kind, { scheduler: stream.scheduler, ...options });
    if (typeof maxRows !== "number" || !Number.isInteger(maxRows) || maxRows < 1) {
      throw new RangeError(`${kind}: the number of rows kept must be an integer >= 1, got ${String(maxRows)}`);
    }
    this.ring = new RowRing(maxRows);
  }

  /** Opens the comm, then follows the stream. */
  protected start(bridge: KernelBridge): void {
    this.open(bridge);
    this.feed = new WidgetFeed(this.stream, this, this.kind);
  }

  /** Rows the stream produced so far. */
  get totalRows(): number {
    return this.ring.pushed;
  }

  /** The rows kept now, oldest first. */
  rows(): Row[] {
    return this.ring.last();
  }

  /** Hot path: the element's rows go into the ring; encoding waits for the flush. */
  accept(x: T): void {
    if (Array.isArray(x)) {
      if (this.frames === "replace") {
        this.ring.clear();
        this.replaced = true;
        this.fresh = 0;
      }
      for (const r of x) this.add(r);
    } else {
      this.add(x);
    }
    if (!this.dirty) this.markDirty();
  }

  private add(x: unknown): void {
    this.ring.push(x);
    this.fresh++;
  }

  /** Hook for subclasses: extra JSON attributes to send with a batch (e.g. new columns). */
  protected batchExtras(_rows: Row[]): Record<string, unknown> {
    return {};
  }

  private batch(mode: RowsMode, rows: Row[]): Omit<RowsState, "rows"> & { rows: DataView } {
    return { rows: encodeRows(rows, columnsOf(rows)), rows_mode: mode, seq: this.seq, total_rows: this.ring.pushed, max_rows: this.ring.capacity };
  }

  protected rowsState(): Record<string, unknown> {
    const rows = this.ring.last();
    return { ...this.batch("replace", rows), ...this.batchExtras(rows) };
  }

  protected changes(): Record<string, unknown> | undefined {
    if (!this.replaced && this.fresh === 0) return undefined;
    this.seq++;
    const whole = this.replaced || this.fresh > this.ring.length;
    const rows = whole ? this.ring.last() : this.ring.last(this.fresh);
    this.fresh = 0;
    this.replaced = false;
    return { ...this.batch(whole ? "replace" : "append", rows), ...this.batchExtras(rows) };
  }

  protected resetChanges(): void {
    this.seq++;
    this.fresh = 0;
    this.replaced = false;
  }

  protected detach(): void {
    this.feed?.destroy();
  }
}
