/**
 * Shared by VegaChart and LiveTable: a stream's rows kept by a {@link RowStore} (append, replace or
 * upsert: protocol `ViewMode`) and sent as Arrow batches. An update carries only what changed since
 * the previous one: new rows, a new state's changed rows and departed keys (or, unkeyed, its rows that
 * changed by position), or a whole state when most of it changed.
 * So the bytes of an update grow with the change, never with the backlog, and nothing queues up.
 */
import { requireCount, type Stream } from "@streamz-ts/core";
import type { KernelBridge, RowsState, WidgetKind } from "@streamz-ts/protocol";
import { encodeRows, type ColumnTypes } from "./encode";
import { WidgetFeed } from "./feed";
import { WidgetModel, type WidgetOptions } from "./model";
import { columnsOf, toRow, type Row, type ToRow } from "./rows";
import { makeStore, type ModeOptions, type RowStore } from "./stores";

/** What an array element (a frame or window of rows) does to a table's content by default. */
export type FrameMode = "append" | "replace";

/** Options of every row widget. */
export interface RowsOptions extends WidgetOptions, ModeOptions {}

export abstract class RowsModel<T> extends WidgetModel {
  protected readonly store: RowStore;
  /** Column types known from Arrow elements. */
  protected readonly types: ColumnTypes = new Map();
  private seq = -1;
  private feed: WidgetFeed<T> | undefined;

  protected constructor(
    kind: WidgetKind,
    readonly stream: Stream<T>,
    maxRows: number,
    options: RowsOptions,
    // issue 17 hook: `store` makes the row store instead of the mode's (a summarised chart's)
    defaults: { toRow?: ToRow; framesReplace?: boolean; store?: (types: ColumnTypes) => RowStore | undefined } = {},
  ) {
    super(kind, { scheduler: stream.scheduler, ...options });
    requireCount(kind, "the number of rows kept", maxRows, 1);
    this.store =
      defaults.store?.(this.types) ??
      makeStore(kind, options, maxRows, { toRow: defaults.toRow ?? toRow, types: this.types }, defaults.framesReplace);
  }

  /** Opens the comm, then follows the stream. */
  protected start(bridge: KernelBridge): void {
    this.open(bridge, this.stream);
    this.feed = new WidgetFeed(this.stream, this, this.kind);
  }

  /** Rows the stream produced so far. */
  get totalRows(): number {
    return this.store.total;
  }

  /** The rows kept now, oldest first (for a keyed mode: one per key). */
  rows(): Row[] {
    return this.store.current();
  }

  /** Hot path: the element goes to the store; encoding waits for the flush. */
  accept(x: T): void {
    this.store.accept(x);
    if (!this.dirty) this.markDirty();
  }

  /** Hook for subclasses: extra JSON attributes to send with a batch (e.g. new columns). */
  protected batchExtras(_rows: Row[]): Record<string, unknown> {
    return {};
  }

  private encode(rows: Row[], columns?: readonly string[]): DataView {
    return encodeRows(rows, columns ?? columnsOf(rows), this.types);
  }

  protected rowsState(): Record<string, unknown> {
    const rows = this.store.snapshot();
    const s: RowsState = {
      rows: this.encode(rows),
      rows_mode: "replace",
      removed: null,
      positions: null,
      mode: this.store.mode,
      key: [...this.store.key],
      seq: this.seq,
      total_rows: this.store.total,
      max_rows: this.store.capacity,
    };
    return { ...s, ...this.batchExtras(rows) };
  }

  protected changes(): Record<string, unknown> | undefined {
    const b = this.store.changes();
    if (!b) return undefined;
    this.seq++;
    const removed = b.removed && b.removed.length > 0 ? this.encode(b.removed, this.store.key) : null;
    return {
      rows: this.encode(b.rows),
      rows_mode: b.op,
      removed,
      positions: b.positions ?? null,
      seq: this.seq,
      total_rows: this.store.total,
      max_rows: b.maxRows ?? this.store.capacity,
      ...this.batchExtras(b.rows),
    };
  }

  protected resetChanges(): void {
    this.seq++;
  }

  protected detach(): void {
    this.feed?.destroy();
  }
}
