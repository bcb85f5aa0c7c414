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
import { batchPieces, type BatchPiece } from "./decimate/pieces";

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
  /**
   * issue 17 hook: when set (a summarised chart), a batch whose buffers exceed this many bytes goes as
   * several batches (protocol `SUMMARY_MESSAGE_BYTES`, `pieces_left`).
   */
  protected pieceBudget: number | undefined;
  /** The pieces of the last batch made that follow it (sent right after it). */
  private rest: Record<string, unknown>[] = [];

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

  /** A batch's rows and removed keys, in pieces when it is larger than the piece budget. */
  private pieces(rows: Row[], removed: Row[] | null, keyed: boolean): BatchPiece[] {
    const keys = (k: Row[]) => this.encode(k, this.store.key);
    // only keyed batches can be cut: their later pieces are upserts
    if (this.pieceBudget === undefined || !keyed)
      return [{ rows: this.encode(rows), removed: removed && removed.length > 0 ? keys(removed) : null }];
    return batchPieces(rows, removed, (r) => this.encode(r), keys, this.pieceBudget);
  }

  /** The batches after the first piece of a batch cut in pieces (`upsert`s, each with the next seq). */
  private restOf(pieces: BatchPiece[], maxRows: number): Record<string, unknown>[] {
    return pieces.slice(1).map((p, i) => ({
      rows: p.rows,
      rows_mode: "upsert",
      removed: p.removed,
      positions: null,
      seq: ++this.seq,
      total_rows: this.store.total,
      max_rows: maxRows,
      pieces_left: pieces.length - 2 - i,
    }));
  }

  /** Further batches of the last one made (a picture cut in pieces); taken once. */
  protected override followUps(): Record<string, unknown>[] {
    const rest = this.rest;
    this.rest = [];
    return rest;
  }

  protected rowsState(): Record<string, unknown> {
    const rows = this.store.snapshot();
    const pieces = this.pieces(rows, null, this.store.key.length > 0);
    const s: RowsState = {
      rows: pieces[0]!.rows,
      rows_mode: "replace",
      removed: null,
      positions: null,
      mode: this.store.mode,
      key: [...this.store.key],
      seq: this.seq,
      total_rows: this.store.total,
      max_rows: this.store.capacity,
    };
    const extras = this.batchExtras(rows);
    this.rest = this.restOf(pieces, this.store.capacity);
    return this.pieceBudget === undefined ? { ...s, ...extras } : { ...s, pieces_left: pieces.length - 1, ...extras };
  }

  protected changes(): Record<string, unknown> | undefined {
    this.rest = [];
    const b = this.store.changes();
    if (!b) return undefined;
    this.seq++;
    const seq = this.seq;
    const pieces = this.pieces(b.rows, b.removed, this.store.key.length > 0 && (b.op === "replace" || b.op === "upsert"));
    const maxRows = b.maxRows ?? this.store.capacity;
    this.rest = this.restOf(pieces, maxRows);
    return {
      rows: pieces[0]!.rows,
      rows_mode: b.op,
      removed: pieces[0]!.removed,
      positions: b.positions ?? null,
      seq,
      total_rows: this.store.total,
      max_rows: maxRows,
      ...(this.pieceBudget === undefined ? {} : { pieces_left: pieces.length - 1 }),
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
