/**
 * What a summarised chart's view holds (protocol range.ts): the kernel's summary rows (M4 points, or
 * a scatter's one row per occupied pixel cell), kept by summary key like any upserted rows (protocol
 * `HeldRows`), and, once the user zoomed in, the rows the
 * kernel sent for that range at full resolution. Vega gets the summary outside the detailed range and
 * the detail inside it, so a zoomed part shows every row while the rest still follows the stream.
 * Every changeset only moves what changed; a row object is never removed and inserted at once.
 */
import { HeldRows, type ChartSummaryInfo, type HeldBatch, type HeldRow } from "@streamz-ts/protocol";
import { changeset, type View } from "vega";
import type { BacklogChange } from "./chart-backlog";

/** The summary and detail rows of one chart view (the same interface as `ChartBacklog`). */
export class SummaryBacklog {
  private readonly held = new HeldRows();
  private detail: HeldRow[] = [];
  /** The detailed x range (empty when lo > hi). */
  private lo = Infinity;
  private hi = -Infinity;

  constructor(readonly info: ChartSummaryInfo) {}

  /** Summary points held (the detail not counted). */
  get size(): number {
    return this.held.size;
  }

  /** Rows of the detailed range held. */
  get detailRows(): number {
    return this.detail.length;
  }

  newest(): object | undefined {
    return this.held.newest();
  }

  private outside(r: HeldRow, lo = this.lo, hi = this.hi): boolean {
    const x = r[this.info.x] as number;
    return !(x >= lo && x <= hi);
  }

  /** What Vega should hold: the summary outside the detailed range, the detail inside it. */
  all(): readonly object[] {
    return this.held
      .rows()
      .filter((r) => this.outside(r))
      .concat(this.detail);
  }

  take(batch: HeldBatch): BacklogChange {
    return this.takeAll([batch]);
  }

  /**
   * Takes the batches of one picture (its pieces, chart-pieces.ts) at once: one changeset, in which a
   * row that one piece brought and a later one took away never appears.
   */
  takeAll(batches: readonly HeldBatch[]): BacklogChange {
    const came = new Set<HeldRow>();
    const went: HeldRow[] = [];
    for (const batch of batches) {
      const change = this.held.apply(batch);
      for (const r of change.removed) if (!came.delete(r)) went.push(r);
      for (const r of change.inserted) came.add(r);
    }
    const inserted = [...came].filter((r) => this.outside(r));
    const removed = went.filter((r) => this.outside(r));
    const changes = changeset().insert(inserted);
    if (removed.length > 0) changes.remove(removed);
    return { changes, inserted: inserted.length, removed: removed.length, rows: { inserted, removed } };
  }

  /**
   * Shows `rows` (x-sorted, a range's answer) in place of the summary over the range `[x0, x1]` asked
   * for and their own x span (a line's edge rows lie beyond it); no rows show nothing there (no row is
   * kept there now). `clearDetail` shows the summary everywhere again.
   */
  setDetail(rows: HeldRow[], x0 = Infinity, x1 = -Infinity): BacklogChange {
    const first = rows.length > 0 ? (rows[0]![this.info.x] as number) : Infinity;
    const last = rows.length > 0 ? (rows[rows.length - 1]![this.info.x] as number) : -Infinity;
    const lo = Math.min(x0, first);
    const hi = Math.max(x1, last);
    const changes = changeset();
    const gone: HeldRow[] = [...this.detail];
    const back: HeldRow[] = [];
    for (const r of this.held.rows()) {
      const wasShown = this.outside(r);
      const shown = this.outside(r, lo, hi);
      if (wasShown && !shown) gone.push(r);
      else if (!wasShown && shown) back.push(r);
    }
    if (gone.length > 0) changes.remove(gone);
    const inserted = back.concat(rows);
    changes.insert(inserted);
    this.detail = rows;
    this.lo = lo;
    this.hi = hi;
    return { changes, inserted: inserted.length, removed: gone.length, rows: { inserted, removed: gone } };
  }

  /** Forgets the detail (for a chart built anew: `all()` is then the summary alone). */
  clearDetail(): void {
    this.detail = [];
    this.lo = Infinity;
    this.hi = -Infinity;
  }
}

/** What a summarised chart draws, for the browser tests: y extremes of its data and their pixel rows. */
export interface SummaryProbe {
  /** Lowest and highest y of the rows drawn (those Vega holds, or a scatter's raster layer's). */
  min: number;
  max: number;
  /** Canvas pixel rows (CSS px from the canvas's top) where the y scale puts `max` and `min`. */
  top: number;
  bottom: number;
  /** Rows drawn. */
  rows: number;
  /** The plot's box on the canvas (CSS px) and its x and y domains, to point at an x (or a point). */
  plot: { left: number; top: number; width: number; height: number; x0: number; x1: number; y0: number; y1: number };
}

/**
 * Reads a {@link SummaryProbe} off a Vega view whose data set `name` is drawn with y field `y`, or
 * whose `rows` are drawn at its scales (a scatter's raster layer, chart-cells-layer.ts).
 */
export function probeSummary(
  view: View,
  name: string,
  y: string,
  rows = view.data(name) as Record<string, unknown>[],
): SummaryProbe | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    const v = r[y] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  try {
    const scale = view.scale("y") as (v: number) => number;
    // Vega draws the plot at its origin plus the view's padding
    const pad = view.padding() as { left?: number; top?: number };
    const [ox = 0, oy = 0] = view.origin().map((o, i) => o + ((i === 0 ? pad.left : pad.top) ?? 0));
    const [x0, x1] = (view.scale("x") as unknown as { domain(): unknown[] }).domain().map(Number);
    const [y0, y1] = (view.scale("y") as unknown as { domain(): unknown[] }).domain().map(Number);
    const plot = { left: ox, top: oy, width: view.width(), height: view.height(), x0: x0!, x1: x1!, y0: y0!, y1: y1! };
    return { min, max, top: oy + scale(max), bottom: oy + scale(min), rows: rows.length, plot };
  } catch {
    return undefined;
  }
}
