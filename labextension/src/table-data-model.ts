/**
 * The data behind a LiveTable's grid: the rows held (protocol `HeldRows`: appended, replaced or
 * upserted by key), listed in the table's order (newest first, arrival, or by key), with two header
 * rows (column name, then its type) and a row header: the row's number in the stream for appended
 * rows, its position for a state.
 */
import { DataModel } from "@lumino/datagrid";
import { HeldRows, type TableOrder } from "@streamz-ts/protocol";
import type { ColumnInfo } from "./arrow-rows";
import { formatCell } from "./cell-format";
import type { RowBatch } from "./row-batches";

type Row = Record<string, unknown>;

/** Compares two cell values: numbers and strings naturally, missing values last. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Rows of a live table, in the order it shows them. */
export class LiveTableData extends DataModel {
  private readonly held = new HeldRows();
  private columns: ColumnInfo[] = [];
  /** The rows in display order. */
  private shown: Row[] = [];
  /** Stream row number of the newest row (appended rows), or -1 to number rows by position. */
  private newestIndex = -1;
  private order: TableOrder = "newest";

  /** Columns currently shown. */
  get columnInfo(): readonly ColumnInfo[] {
    return this.columns;
  }

  /** Rows currently held. */
  get size(): number {
    return this.shown.length;
  }

  /** The newest row held, if any. */
  newest(): Row | undefined {
    return this.held.newest();
  }

  /** The rows as shown, top first (for tests and metrics). */
  visibleRows(): readonly Row[] {
    return this.shown;
  }

  /**
   * Where rows arrive, for a table of events (appended rows listed newest first: the top; in arrival
   * order: the bottom), or undefined (a state, or rows sorted by key: rows do not arrive at an end).
   */
  liveEdge(): "top" | "bottom" | undefined {
    if (this.newestIndex < 0 || this.order === "key") return undefined;
    return this.order === "newest" ? "top" : "bottom";
  }

  /** The number shown in the row header of the row listed at `index`, or undefined past the rows. */
  rowNumberAt(index: number): number | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.shown.length) return undefined;
    if (this.newestIndex < 0) return index;
    return this.order === "newest" ? this.newestIndex - index : this.newestIndex - (this.shown.length - 1 - index);
  }

  /**
   * Where the row numbered `n` is listed (the inverse of `rowNumberAt`). For a row no longer held the
   * index is past the end where rows leave (below the last row newest first, above the first in
   * arrival order), so that a caller clamping it lands at that end.
   */
  indexOfRowNumber(n: number): number {
    if (this.newestIndex < 0) return n;
    return this.order === "newest" ? this.newestIndex - n : n - (this.newestIndex - (this.shown.length - 1));
  }

  /** Applies a batch, then lists the rows in `order` (`columnOrder`: the kernel's column order). */
  apply(batch: RowBatch, columnOrder: readonly string[], order: TableOrder): void {
    if (batch.columns.length > 0) this.columns = ordered(mergeColumns(this.columns, batch.columns), columnOrder);
    this.held.apply(batch);
    this.order = order;
    this.newestIndex = batch.viewMode === "append" ? batch.totalRows - 1 : -1;
    this.shown = this.sorted(this.held.rows(), batch.key);
    // A reset is the cheapest correct signal: the grid repaints only its visible cells.
    this.emitChanged({ type: "model-reset" });
  }

  private sorted(rows: Row[], key: readonly string[]): Row[] {
    if (this.order === "newest") return rows.reverse();
    if (this.order === "arrival") return rows;
    const by = key.length > 0 ? key : this.columns.slice(0, 1).map((c) => c.name);
    return rows.sort((a, b) => {
      for (const k of by) {
        const c = compareValues(a[k], b[k]);
        if (c !== 0) return c;
      }
      return 0;
    });
  }

  /** The full text of a body cell (what the table shows on hover when the cell is too narrow). */
  fullText(row: number, column: number): string {
    const info = this.columns[column];
    return info ? formatCell(this.shown[row]?.[info.name], info, "full") : "";
  }

  /** The text a body cell shows (before any ellipsis), to size its column. */
  fullTextShown(row: number, column: number): string {
    const info = this.columns[column];
    return info ? formatCell(this.shown[row]?.[info.name], info, "cell") : "";
  }

  override rowCount(region: DataModel.RowRegion): number {
    return region === "body" ? this.shown.length : 2;
  }

  override columnCount(region: DataModel.ColumnRegion): number {
    return region === "body" ? this.columns.length : 1;
  }

  override data(region: DataModel.CellRegion, row: number, column: number): unknown {
    switch (region) {
      case "body":
        return this.shown[row]?.[this.columns[column]?.name ?? ""];
      case "column-header":
        return row === 0 ? this.columns[column]?.name : this.columns[column]?.type;
      case "row-header":
        return this.rowNumberAt(row);
      case "corner-header":
        return row === 0 ? "#" : "";
    }
  }

  override metadata(region: DataModel.CellRegion, _row: number, column: number): DataModel.Metadata {
    if (region === "body" || region === "column-header") {
      const info = this.columns[column];
      return { numeric: info?.numeric ?? false, type: info?.type ?? "", kind: info?.kind ?? "other", index: info?.index ?? false };
    }
    return { numeric: region === "row-header" };
  }
}

/** Columns seen so far, updated by a batch's (an upsert batch may carry only some columns). */
function mergeColumns(held: ColumnInfo[], incoming: ColumnInfo[]): ColumnInfo[] {
  const byName = new Map(held.map((c) => [c.name, c]));
  for (const c of incoming) byName.set(c.name, c);
  return [...byName.values()];
}

/** Puts columns in the kernel's display order (`columns` state), keeping any others after them. */
function ordered(columns: ColumnInfo[], order: readonly string[]): ColumnInfo[] {
  if (order.length === 0) return columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const first = order.map((n) => byName.get(n)).filter((c): c is ColumnInfo => c !== undefined);
  return first.concat(columns.filter((c) => !order.includes(c.name)));
}
