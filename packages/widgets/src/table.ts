/**
 * LiveTable: a stream's rows as a table. By default a single row is appended (the newest `rows` kept,
 * newest first) and an element that is an array or an Arrow frame (a window, a frame) replaces the
 * content; `mode` and `key` choose otherwise (see {@link ModeOptions}), and `order` how rows are listed.
 */
import type { Stream } from "@streamz-ts/core";
import { DEFAULT_TABLE_ROWS, TABLE_ORDERS, type KernelBridge, type TableOrder } from "@streamz-ts/protocol";
import { columnsOf, toTableRow, type Row } from "./rows";
import { RowsModel, type RowsOptions } from "./rows-model";
import type { ModeOptions } from "./stores";

/** Options of {@link LiveTable}. */
export interface TableOptions extends RowsOptions {
  /** Rows shown (the newest, or the keys most recently updated); default 20. */
  rows?: number;
  /**
   * How rows are listed: `"newest"` first, in `"arrival"` order, or sorted by `"key"`. Default: by key
   * when there is a key, in arrival order for a `"replace"` state without one, else newest first.
   */
  order?: TableOrder;
}

/** The order a table with these options lists its rows in by default. */
export function defaultOrder(options: ModeOptions & { order?: TableOrder }): TableOrder {
  if (options.order !== undefined) {
    if (!TABLE_ORDERS.includes(options.order))
      throw new TypeError(`table: order must be one of ${TABLE_ORDERS.join(", ")}, got ${JSON.stringify(options.order)}`);
    return options.order;
  }
  if (options.key !== undefined || options.mode === "upsert") return "key";
  return options.mode === "replace" ? "arrival" : "newest";
}

/** A live table of a stream's rows. */
export class LiveTable<T = unknown> extends RowsModel<T> {
  private columns: string[] = [];
  readonly order: TableOrder;

  constructor(stream: Stream<T>, bridge: KernelBridge, options: TableOptions = {}) {
    super("liveTable", stream, options.rows ?? DEFAULT_TABLE_ROWS, options, { toRow: toTableRow, framesReplace: true });
    this.order = defaultOrder(options);
    this.start(bridge);
  }

  describe(): string {
    return `LiveTable(${this.stream.describe()}, ${this.store.mode}, rows=${this.store.capacity})`;
  }

  fullState(): Record<string, unknown> {
    return { ...this.identity(), ...this.rowsState(), columns: this.columns, order: this.order };
  }

  /** Columns only grow (in order of first appearance); sent when they change. */
  protected override batchExtras(rows: Row[]): Record<string, unknown> {
    const next = columnsOf(rows, this.columns);
    if (next.length === this.columns.length) return {};
    this.columns = next;
    return { columns: next };
  }
}
