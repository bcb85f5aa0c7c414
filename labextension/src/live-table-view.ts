/**
 * The view of `LiveTable`: a virtualised Lumino DataGrid (only visible cells are painted) listing rows
 * in the table's order (newest first, arrival, or by key), cells formatted by their column's type
 * (shown under its name), long text ellipsised with the full text on hover. Its height follows the
 * number of rows (up to a cap, then it scrolls), room for a horizontal scrollbar included when the
 * columns are wider than the output area; its width follows the output area.
 */
import { attachToolbar, type ViewToolbar } from "./view-toolbar";
import { blitRegionsOnce } from "./grid-blit";
import { ScrollHold } from "./table-scroll-hold";
import { scrollOnWheel } from "./grid-wheel";
import { DOMWidgetView } from "@jupyter-widgets/base";
import { DataGrid } from "@lumino/datagrid";
import { MessageLoop, type Message } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import { attachErrorBanner } from "./error-banner";
import { styleGrid } from "./grid-style";
import { metricsOn, recordUpdate } from "./metrics";
import { BatchReader } from "./row-batches";
import { LiveTableData } from "./table-data-model";
import { ColumnSizer } from "./column-sizer";
import { cssVar, onThemeChange } from "./theme";
import type { TableOrder } from "@streamz-ts/protocol";

/** Pixel sizes of the grid; the height cap keeps a large table from taking the whole notebook. */
const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 22;
const MAX_VISIBLE_ROWS = 15;
/** Room for the grid's horizontal scrollbar (Lumino's in the Lab theme: 15 px, plus a border). */
const SCROLLBAR = 16;

/** A live table of the newest rows of a stream. */
export class LiveTableView extends DOMWidgetView {
  private readonly data = new LiveTableData();
  private grid!: DataGrid;
  private reader!: BatchReader;
  private stopTheme?: () => void;
  private resizeObserver?: ResizeObserver;
  private sizer?: ColumnSizer;
  private toolbar!: ViewToolbar;
  private hold?: ScrollHold;
  private stopWheel?: () => void;

  override render(): void {
    this.el.classList.add("jp-StreamzTable");
    // issue 17 hook: scrolled away from the newest rows, the table holds still; Follow returns
    this.toolbar = attachToolbar(this.model, this.el, () => this.hold?.follow());
    this.el.dataset.model = this.model.model_id; // which model a test (or a curious user) is looking at
    attachErrorBanner(this.model, this.el, this);
    this.reader = new BatchReader(this.model);
    this.grid = new DataGrid({
      defaultSizes: { rowHeight: ROW_HEIGHT, columnWidth: 110, rowHeaderWidth: 64, columnHeaderHeight: HEADER_HEIGHT },
      headerVisibility: "all",
    });
    blitRegionsOnce(this.grid); // one canvas copy per painted region, not per cell (see grid-blit.ts)
    this.grid.addClass("jp-StreamzTable-grid");
    this.grid.dataModel = this.data;
    this.grid.node.addEventListener("mousemove", (e) => this.showFullText(e));
    this.listenTo(this.model, "change:seq", () => this.applyBatch());
    this.applyBatch();
    // Lumino needs the host in the document before attaching; `displayed` resolves once it is.
    void this.displayed.then(() => this.attachGrid());
  }

  private attachGrid(): void {
    if (this.grid.isDisposed || this.grid.isAttached) return;
    styleGrid(this.grid, this.el);
    this.sizer = new ColumnSizer(
      `${cssVar(this.el, "--jp-code-font-size", "13px")} ${cssVar(this.el, "--jp-code-font-family", "monospace")}`,
    );
    Widget.attach(this.grid, this.el);
    this.el.dataset.grid = "attached";
    this.hold = new ScrollHold(this.grid, this.data, this.toolbar, ROW_HEIGHT);
    this.stopWheel = scrollOnWheel(this.grid);
    this.stopTheme = onThemeChange(() => styleGrid(this.grid, this.el));
    this.resizeObserver = new ResizeObserver(() => this.fitGrid());
    this.resizeObserver.observe(this.el);
    this.fitGrid();
  }

  private applyBatch(): void {
    const started = performance.now();
    const batch = this.reader.read();
    const order = (this.model.get("order") as TableOrder | undefined) ?? "newest";
    this.hold?.settle();
    this.data.apply(batch, (this.model.get("columns") as string[] | undefined) ?? [], order);
    this.el.dataset.rows = String(this.data.size);
    this.el.dataset.seq = String(batch.seq);
    this.el.dataset.order = order;
    this.fitGrid();
    this.hold?.place();
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
      cells: metricsOn() ? this.cellTexts() : undefined,
      top: metricsOn() ? this.topRow() : undefined,
    });
  }

  /** What the table reads now, top rows first (for the metrics that tests read). */
  private cellTexts(): { columns: string[]; types: string[]; rows: string[][]; rowNumbers: unknown[] } {
    const cols = this.data.columnInfo;
    const n = Math.min(this.data.size, MAX_VISIBLE_ROWS);
    const rows: string[][] = [];
    const rowNumbers: unknown[] = [];
    for (let r = 0; r < n; r++) {
      rows.push(cols.map((_, c) => this.data.fullText(r, c)));
      rowNumbers.push(this.data.data("row-header", r, 0));
    }
    return { columns: cols.map((c) => c.name), types: cols.map((c) => c.type), rows, rowNumbers };
  }

  /** The row the grid paints at the top: its number and cell texts (for the metrics that tests read). */
  private topRow(): { row: number; cells: string[] } | undefined {
    const index = this.hold?.topIndex();
    const row = index === undefined ? undefined : this.data.rowNumberAt(index);
    if (index === undefined || row === undefined) return undefined;
    return { row, cells: this.data.columnInfo.map((_, c) => this.data.fullText(index, c)) };
  }

  /** The full text of the cell under the pointer, as the grid's tooltip (a cell may be ellipsised). */
  private showFullText(e: MouseEvent): void {
    const hit = this.grid.hitTest(e.clientX, e.clientY);
    let title = "";
    if (hit.region === "body") title = this.data.fullText(hit.row, hit.column);
    else if (hit.region === "column-header") {
      const info = this.data.columnInfo[hit.column];
      title = info ? `${info.name}: ${info.arrowType}` : "";
    }
    if (this.grid.node.title !== title) this.grid.node.title = title;
  }

  /**
   * Column widths from their contents, then the height from the row count, plus the horizontal
   * scrollbar's when the columns are wider than the output area (else it would cover the last row);
   * then tell the grid its size changed so it repaints.
   */
  private fitGrid(): void {
    if (!this.grid?.isAttached) return;
    this.hold?.settle(); // a resize re-clamps the grid to where it was: a pending scroll first
    this.sizer?.fit(this.grid, this.data);
    const visible = Math.min(Math.max(this.data.size, 1), MAX_VISIBLE_ROWS);
    const scrollbar =
      this.grid.headerWidth + this.grid.bodyWidth > this.el.clientWidth - (this.data.size > MAX_VISIBLE_ROWS ? SCROLLBAR : 0)
        ? SCROLLBAR
        : 0;
    const height = 2 * HEADER_HEIGHT + visible * ROW_HEIGHT + 2 + scrollbar;
    this.el.dataset.scrollbar = String(scrollbar > 0);
    if (this.grid.node.style.height !== `${height}px`) this.grid.node.style.height = `${height}px`;
    MessageLoop.sendMessage(this.grid, Widget.ResizeMessage.UnknownSize);
    this.hold?.place();
  }

  override processLuminoMessage(msg: Message): void {
    super.processLuminoMessage(msg);
    if (msg.type === "resize" || msg.type === "after-show") this.fitGrid();
  }

  override remove(): void {
    this.stopTheme?.();
    this.resizeObserver?.disconnect();
    this.hold?.dispose();
    this.stopWheel?.();
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
