/**
 * The view of `LiveTable`: a virtualised Lumino DataGrid (only visible cells are painted) showing the
 * newest rows first, numbers right-aligned, each column's Arrow type under its name. Its height follows
 * the number of rows (up to a cap, then it scrolls); its width follows the output area.
 */
import { DOMWidgetView } from "@jupyter-widgets/base";
import { DataGrid } from "@lumino/datagrid";
import { MessageLoop } from "@lumino/messaging";
import type { Message } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import { attachErrorBanner } from "./error-banner";
import { styleGrid } from "./grid-style";
import { recordUpdate } from "./metrics";
import { BatchReader } from "./row-batches";
import { LiveTableData } from "./table-data-model";
import { onThemeChange } from "./theme";

/** Pixel sizes of the grid; the height cap keeps a large table from taking the whole notebook. */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 22;
const MAX_VISIBLE_ROWS = 15;

/** A live table of the newest rows of a stream. */
export class LiveTableView extends DOMWidgetView {
  private readonly data = new LiveTableData();
  private grid!: DataGrid;
  private reader!: BatchReader;
  private stopTheme?: () => void;
  private resizeObserver?: ResizeObserver;

  override render(): void {
    this.el.classList.add("jp-StreamzTable");
    attachErrorBanner(this.model, this.el, this);
    this.reader = new BatchReader(this.model);
    this.grid = new DataGrid({
      defaultSizes: { rowHeight: ROW_HEIGHT, columnWidth: 110, rowHeaderWidth: 64, columnHeaderHeight: HEADER_HEIGHT },
      headerVisibility: "all",
    });
    this.grid.addClass("jp-StreamzTable-grid");
    this.grid.dataModel = this.data;
    this.listenTo(this.model, "change:seq", () => this.applyBatch());
    this.applyBatch();
    // Lumino needs the host in the document before attaching; `displayed` resolves once it is.
    void this.displayed.then(() => this.attachGrid());
  }

  private attachGrid(): void {
    if (this.grid.isDisposed || this.grid.isAttached) return;
    styleGrid(this.grid, this.el);
    Widget.attach(this.grid, this.el);
    this.stopTheme = onThemeChange(() => styleGrid(this.grid, this.el));
    this.resizeObserver = new ResizeObserver(() => this.fitGrid());
    this.resizeObserver.observe(this.el);
    this.fitGrid();
  }

  private applyBatch(): void {
    const started = performance.now();
    const batch = this.reader.read();
    this.data.apply(batch, (this.model.get("columns") as string[] | undefined) ?? []);
    this.el.dataset.rows = String(this.data.size);
    this.el.dataset.seq = String(batch.seq);
    this.fitGrid();
    recordUpdate({
      kind: "liveTable",
      model: this.model.model_id,
      at: performance.now(),
      ms: performance.now() - started,
      rows: batch.rows.length,
      shown: this.data.size,
      bytes: batch.byteLength,
      seq: batch.seq,
      newest: this.data.newest(),
    });
  }

  /** Height from the row count; then tell the grid its size changed so it repaints. */
  private fitGrid(): void {
    if (!this.grid?.isAttached) return;
    const visible = Math.min(Math.max(this.data.size, 1), MAX_VISIBLE_ROWS);
    const height = 2 * HEADER_HEIGHT + visible * ROW_HEIGHT + 2;
    if (this.grid.node.style.height !== `${height}px`) this.grid.node.style.height = `${height}px`;
    MessageLoop.sendMessage(this.grid, Widget.ResizeMessage.UnknownSize);
  }

  override processLuminoMessage(msg: Message): void {
    super.processLuminoMessage(msg);
    if (msg.type === "resize" || msg.type === "after-show") this.fitGrid();
  }

  override remove(): void {
    this.stopTheme?.();
    this.resizeObserver?.disconnect();
    // When the notebook closes, the output area's node leaves the page first: the grid is then still
    // "attached" for Lumino but no longer in the document, and Widget.detach (also called by dispose)
    // would throw. The grid is then told it was detached, which is what detach does besides the DOM.
    if (this.grid.isAttached) {
      if (this.grid.node.isConnected) {
        Widget.detach(this.grid);
      } else {
        MessageLoop.sendMessage(this.grid, Widget.Msg.BeforeDetach);
        MessageLoop.sendMessage(this.grid, Widget.Msg.AfterDetach);
      }
    }
    this.grid.dispose();
    return super.remove();
  }
}
