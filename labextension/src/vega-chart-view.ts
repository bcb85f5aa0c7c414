/**
 * The view of `VegaChart`: the kernel's Vega-Lite spec embedded once with vega-embed; each row batch is
 * applied to the live Vega view as a changeset (insert new rows, remove those beyond the backlog). The
 * chart is embedded again only when the spec or the theme changes, never per update. A summarised
 * scatter's cells are drawn by a raster layer over Vega's plot instead (chart-cells-layer.ts: Vega
 * redraws every symbol on every update, too slow for tens of thousands of cells).
 */
import { DOMWidgetView } from "@jupyter-widgets/base";
import type { Message } from "@lumino/messaging";
import { CHART_DATA_NAME, type ChartSummaryInfo, type RangeReply } from "@streamz-ts/protocol";
import embed from "vega-embed";
import type { View } from "vega";
import { ChartBacklog } from "./chart-backlog";
import { EXPLORE, prepareSpec, themeConfig, widthIsOurs } from "./chart-spec";
import { attachErrorBanner } from "./error-banner";
import { metricsOn, recordUpdate } from "./metrics";
import { probeXAxis } from "./chart-probe";
import { BatchReader, type RowBatch } from "./row-batches";
import { onThemeChange } from "./theme";
import { attachToolbar, type ViewToolbar } from "./view-toolbar";
import { probeSummary, SummaryBacklog } from "./chart-summary";
import { SummaryLink } from "./chart-summary-link";
import { PictureCollector } from "./chart-pieces";
import { cellsLayerSpec, type CellsFields } from "./chart-cells-spec";
import { CellsLayer } from "./chart-cells-layer";

/** A batch as read off the model, with what a summarised chart's pieces need. */
type PieceRead = RowBatch & { piecesLeft: number; messageBytes: number; readMs: number };

/** Horizontal room the output area keeps around the chart. */
const SIDE_PADDING = 16;

/** A streaming Vega-Lite chart. */
export class VegaChartView extends DOMWidgetView {
  private backlog: ChartBacklog | SummaryBacklog = new ChartBacklog();
  /** issue 17: a summarised chart's width and range messages. */
  private link?: SummaryLink;
  private reader!: BatchReader;
  private chartEl!: HTMLElement;
  private vega?: View;
  /** Embedding and updates run one after another, in arrival order. */
  private queue: Promise<void> = Promise.resolve();
  private stopTheme?: () => void;
  private resizeObserver?: ResizeObserver;
  private lastWidth = 0;
  private toolbar!: ViewToolbar;
  /** issue 17: a summarised chart's pictures may come in pieces, applied together. */
  private readonly pictures = new PictureCollector<PieceRead>();
  /** issue 17: a summarised scatter's cells, drawn as one raster layer rather than by Vega. */
  private cells?: CellsLayer;

  override render(): void {
    this.el.classList.add("jp-StreamzChart");
    this.el.dataset.model = this.model.model_id;
    attachErrorBanner(this.model, this.el, this);
    // Follow: embedding again drops the user's zoom and shows every held row, up to the newest.
    this.toolbar = attachToolbar(this.model, this.el, () => this.enqueue(() => this.embedChart()));
    this.attachSummary(); // issue 17 hook
    this.chartEl = document.createElement("div");
    this.chartEl.className = "jp-StreamzChart-plot";
    this.el.append(this.chartEl);
    this.reader = new BatchReader(this.model);
    this.listenTo(this.model, "change:seq", () => this.readBatch());
    this.listenTo(this.model, "change:spec", () => this.enqueue(() => this.embedChart()));
    // Rows already in the model are taken now; they are drawn once the chart exists.
    this.readBatch();
    void this.displayed.then(() => {
      this.enqueue(() => this.embedChart());
      this.stopTheme = onThemeChange(() => this.enqueue(() => this.embedChart()));
      this.resizeObserver = new ResizeObserver(() => this.enqueue(() => this.fitWidth()));
      this.resizeObserver.observe(this.el);
    });
  }

  /** A summarised chart (protocol range.ts) holds the kernel's summary and asks for zoomed ranges. */
  private attachSummary(): void {
    const info = this.model.get("summary") as ChartSummaryInfo | null | undefined;
    if (!info) return;
    const held = new SummaryBacklog(info);
    this.backlog = held;
    const onRange = (rows: Record<string, unknown>[], reply: RangeReply, bytes: number, largest: number) =>
      this.enqueue(() => this.showRange(held, rows, reply, bytes, largest));
    this.link = new SummaryLink(this.model, onRange, () => this.toolbar.paused);
  }

  /** Draws a range's rows in place of the summary over their span. */
  private async showRange(
    held: SummaryBacklog,
    rows: Record<string, unknown>[],
    reply: RangeReply,
    bytes: number,
    largest: number,
  ): Promise<void> {
    if (!this.vega) return;
    const started = performance.now();
    const change = held.setDetail(rows, reply.x0, reply.x1);
    const changes = this.cells ? this.cells.change(change.rows!.inserted, change.rows!.removed) : change.changes;
    await this.vega.change(CHART_DATA_NAME, changes).runAsync();
    this.cells?.draw();
    this.showCount();
    this.el.dataset.detail = `${reply.raw ? "raw" : (held.info.kind ?? "m4")}:${rows.length}`;
    recordUpdate({
      kind: "vegaChartRange",
      model: this.model.model_id,
      at: performance.now(),
      ms: performance.now() - started,
      rows: rows.length,
      shown: this.shown(),
      bytes,
      pieces: reply.pieces ?? 1,
      pieceBytes: largest,
      seq: reply.id,
      newest: undefined,
      xAxis: metricsOn() ? probeXAxis(this.vega) : undefined,
      summary: this.summaryProbe(),
    });
  }

  /** What a summarised chart draws, when the page collects metrics. */
  private summaryProbe(): ReturnType<typeof probeSummary> {
    const y = (this.model.get("summary") as ChartSummaryInfo | null | undefined)?.y;
    return this.vega && y && metricsOn() ? probeSummary(this.vega, CHART_DATA_NAME, y, this.cells?.all()) : undefined;
  }

  private enqueue(step: () => Promise<void> | void): void {
    this.queue = this.queue.then(step).catch((err: unknown) => console.error("streamz-ts chart:", err));
  }

  private availableWidth(): number {
    return Math.max(160, this.el.clientWidth - SIDE_PADDING);
  }

  /** (Re)creates the Vega view from the spec and fills it with every held row. */
  private async embedChart(): Promise<void> {
    const started = performance.now();
    this.vega?.finalize();
    this.vega = undefined;
    this.cells?.dispose();
    this.cells = undefined;
    this.chartEl.replaceChildren();
    const spec = (this.model.get("spec") as Record<string, unknown>) ?? {};
    this.lastWidth = this.availableWidth();
    const info = this.backlog instanceof SummaryBacklog ? this.backlog.info : undefined;
    let cells: CellsFields | undefined;
    const result = await embed(this.chartEl, prepareSpec(spec, this.lastWidth), {
      actions: false,
      renderer: "canvas",
      config: themeConfig(this.el),
      // a summarised scatter's cells are drawn by our raster layer when Vega would draw them alike (chart-cells-spec.ts)
      patch: (vg) => {
        const layered = info ? cellsLayerSpec(vg as Record<string, unknown>, info) : undefined;
        cells = layered?.fields;
        return layered?.spec ?? vg;
      },
    });
    this.vega = result.view;
    this.cells = cells ? new CellsLayer(cells, this.vega, this.chartEl) : undefined;
    this.el.dataset.drawn = this.cells ? "cells-layer" : "vega";
    // A zoom or a pan is the user exploring: offer the way back to the live edge (and, for a
    // summarised chart, fetch the range at full resolution).
    if (this.link && this.backlog instanceof SummaryBacklog) {
      this.backlog.clearDetail();
      this.link.forget();
      this.link.setSize(this.lastWidth, this.vega.height());
    }
    const xField = (this.model.get("summary") as ChartSummaryInfo | null | undefined)?.x;
    try {
      this.vega.addSignalListener(EXPLORE, (_name, value: Record<string, unknown[]> | undefined) => {
        this.toolbar.exploring(true);
        const range = xField ? value?.[xField] : undefined;
        if (this.link && range?.length === 2) this.link.explored(Number(range[0]), Number(range[1]));
      });
    } catch {
      // This chart has no explore selection (its spec has params, layers or views of its own).
    }
    const rows = this.backlog.all();
    if (this.cells) this.vega.change(CHART_DATA_NAME, this.cells.reset(rows));
    else if (rows.length > 0) this.vega.insert(CHART_DATA_NAME, rows.slice());
    await this.vega.runAsync();
    this.cells?.draw();
    this.showCount();
    recordUpdate({
      kind: "vegaChartEmbed",
      model: this.model.model_id,
      at: performance.now(),
      ms: performance.now() - started,
      rows: rows.length,
      shown: rows.length,
      bytes: 0,
      seq: Number(this.model.get("seq") ?? 0),
      newest: this.backlog.newest(),
      xAxis: metricsOn() ? probeXAxis(this.vega) : undefined,
    });
  }

  /**
   * Reads the model's batch now (the next may replace it in the model before the queue gets to it: a
   * picture's pieces come back to back) and applies it in turn.
   */
  private readBatch(): void {
    const started = performance.now();
    const read = this.reader.read();
    const removedBytes = (this.model.get("removed") as DataView | null | undefined)?.byteLength ?? 0;
    const piecesLeft = Number(this.model.get("pieces_left") ?? 0);
    const readMs = performance.now() - started;
    const batch: PieceRead = { ...read, piecesLeft, messageBytes: read.byteLength + removedBytes, readMs };
    this.enqueue(() => this.applyBatch(batch));
  }

  /** The batches to apply now: a summarised chart's whole picture (its pieces), else the batch itself. */
  private picture(batch: PieceRead): PieceRead[] {
    if (!(this.backlog instanceof SummaryBacklog)) return [batch];
    const verdict = this.pictures.take(batch);
    if (verdict.ask) this.reader.requestState();
    return verdict.ready;
  }

  private async applyBatch(read: PieceRead): Promise<void> {
    const started = performance.now();
    const ready = this.picture(read);
    if (ready.length === 0) return; // the rest of the picture is on its way
    const change = this.backlog instanceof SummaryBacklog ? this.backlog.takeAll(ready) : this.backlog.take(read);
    this.el.dataset.seq = String(read.seq);
    if (!this.vega) return; // embedChart inserts the held rows when it runs
    const batch = ready[ready.length - 1]!;
    const changes = this.cells && change.rows ? this.cells.change(change.rows.inserted, change.rows.removed) : change.changes;
    await this.vega.change(CHART_DATA_NAME, changes).runAsync();
    this.cells?.draw();
    this.showCount();
    recordUpdate({
      kind: "vegaChart",
      model: this.model.model_id,
      at: performance.now(),
      // decoding each piece as it came, then applying and drawing them
      ms: performance.now() - started + ready.reduce((n, b) => n + b.readMs, 0),
      rows: ready.reduce((n, b) => n + b.rows.length, 0),
      shown: this.backlog.size,
      bytes: ready.reduce((n, b) => n + b.messageBytes, 0),
      pieces: ready.length,
      pieceBytes: Math.max(...ready.map((b) => b.messageBytes)),
      seq: batch.seq,
      newest: this.backlog.newest(),
      xAxis: metricsOn() ? probeXAxis(this.vega) : undefined,
      summary: this.summaryProbe(),
    });
  }

  /** Rows drawn: those Vega holds (read from Vega itself), or the raster layer's. */
  private shown(): number {
    return this.cells?.size ?? this.vega?.data(CHART_DATA_NAME).length ?? 0;
  }

  /** Exposes the number of rows drawn for tests and curious users. */
  private showCount(): void {
    if (this.vega) this.el.dataset.rows = String(this.shown());
  }

  /** Follows the output area's width when the spec does not fix one. */
  private async fitWidth(): Promise<void> {
    const spec = (this.model.get("spec") as Record<string, unknown>) ?? {};
    const width = this.availableWidth();
    if (!this.vega || !widthIsOurs(spec) || Math.abs(width - this.lastWidth) < 2) return;
    this.lastWidth = width;
    await this.vega.width(width).runAsync();
    this.cells?.draw();
    this.link?.setSize(width, this.vega.height());
  }

  override processLuminoMessage(msg: Message): void {
    super.processLuminoMessage(msg);
    if (msg.type === "resize" || msg.type === "after-show") this.enqueue(() => this.fitWidth());
  }

  override remove(): void {
    this.stopTheme?.();
    this.resizeObserver?.disconnect();
    this.link?.dispose();
    this.cells?.dispose();
    this.vega?.finalize();
    this.vega = undefined;
    return super.remove();
  }
}
