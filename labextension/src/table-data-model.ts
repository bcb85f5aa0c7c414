/**
 * The data behind a LiveTable's grid: the newest rows first, at most `maxRows` of them, with two header
 * rows (column name, then Arrow type) and a row header holding each row's number in the stream.
 */
import { DataModel } from "@lumino/datagrid";
import type { ColumnInfo } from "./arrow-rows";
import type { RowBatch } from "./row-batches";

/** Rows kept newest first, so the visible top of the grid is always the latest data. */
export class LiveTableData extends DataModel {
  private columns: ColumnInfo[] = [];
  /** Newest first. */
  private rows: Record<string, unknown>[] = [];
  /** Stream row number of `rows[0]` (0-based count of rows produced before it). */
  private newestIndex = -1;

  /** Columns currently shown. */
  get columnInfo(): readonly ColumnInfo[] {
    return this.columns;
  }

  /** Rows currently held (newest first). */
  get size(): number {
    return this.rows.length;
  }

  /** The newest row held, if any. */
  newest(): Record<string, unknown> | undefined {
    return this.rows[0];
  }

  /** Applies a batch: `replace` swaps everything, `append` adds to the top and trims the oldest. */
  apply(batch: RowBatch, columnOrder: readonly string[]): void {
    if (batch.columns.length > 0) this.columns = ordered(batch.columns, columnOrder);
    const incoming = batch.rows.slice().reverse();
    this.rows = batch.mode === "replace" ? incoming : incoming.concat(this.rows);
    if (this.rows.length > batch.maxRows) this.rows.length = Math.max(0, batch.maxRows);
    this.newestIndex = batch.totalRows - 1;
    // A reset is the cheapest correct signal: the grid repaints only its visible cells.
    this.emitChanged({ type: "model-reset" });
  }

  override rowCount(region: DataModel.RowRegion): number {
    return region === "body" ? this.rows.length : 2;
  }

  override columnCount(region: DataModel.ColumnRegion): number {
    return region === "body" ? this.columns.length : 1;
  }

  override data(region: DataModel.CellRegion, row: number, column: number): unknown {
    switch (region) {
      case "body":
        return this.rows[row]?.[this.columns[column]?.name];
      case "column-header":
        return row === 0 ? this.columns[column]?.name : this.columns[column]?.type;
      case "row-header":
        return this.newestIndex >= 0 ? this.newestIndex - row : row;
      case "corner-header":
        return row === 0 ? "#" : "";
    }
  }

  override metadata(region: DataModel.CellRegion, _row: number, column: number): DataModel.Metadata {
    if (region === "body" || region === "column-header") {
      const info = this.columns[column];
      return { numeric: info?.numeric ?? false, type: info?.type ?? "" };
    }
    return { numeric: region === "row-header" };
  }
}

/** Puts columns in the kernel's display order (`columns` state), keeping any others after them. */
function ordered(columns: ColumnInfo[], order: readonly string[]): ColumnInfo[] {
  if (order.length === 0) return columns;
  const byName = new Map(columns.map((c) => [c.name, c]));
  const first = order.map((n) => byName.get(n)).filter((c): c is ColumnInfo => c !== undefined);
  return first.concat(columns.filter((c) => !order.includes(c.name)));
}
