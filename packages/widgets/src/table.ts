/**
 * LiveTable: the latest frame or window of a stream's rows. An element that is an array (a frame or a
 * window) replaces the content; a single row is appended, keeping the last `rows`.
 */
import type { Stream } from "@streamz-ts/core";
import type { KernelBridge } from "@streamz-ts/protocol";
import type { WidgetOptions } from "./model";
import { columnsOf, type Row } from "./rows";
import { RowsModel } from "./rows-model";

/** Options of {@link LiveTable}. */
export interface TableOptions extends WidgetOptions {
  /** Rows shown (the newest); default 20. */
  rows?: number;
}

/** A live table of a stream's latest rows. */
export class LiveTable<T = unknown> extends RowsModel<T> {
  private columns: string[] = [];

  constructor(stream: Stream<T>, bridge: KernelBridge, options: TableOptions = {}) {
    super("liveTable", stream, options.rows ?? 20, "replace", options);
    this.start(bridge);
  }

  describe(): string {
    return `LiveTable(${this.stream.describe()}, rows=${this.ring.capacity})`;
  }

  fullState(): Record<string, unknown> {
    return { ...this.identity(), ...this.rowsState(), columns: this.columns };
  }

  /** Columns only grow (in order of first appearance); sent when they change. */
  protected override batchExtras(rows: Row[]): Record<string, unknown> {
    const next = columnsOf(rows, this.columns);
    if (next.length === this.columns.length) return {};
    this.columns = next;
    return { columns: next };
  }
}
