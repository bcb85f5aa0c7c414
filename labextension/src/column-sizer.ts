/**
 * Column widths of a live table from what the columns hold: wide enough for the name, the type label
 * and the longest of the first rows' texts, between a floor and a cap (longer text is ellipsised and
 * shows in full on hover). Widths only grow while the table lives, so columns do not twitch as values
 * change.
 */
import type { DataGrid } from "@lumino/datagrid";
import type { LiveTableData } from "./table-data-model";

const MIN_WIDTH = 56;
const MAX_WIDTH = 320;
const PADDING = 18;
/** Rows sampled per update (the top of the table: what is on screen). */
const SAMPLE = 30;

export class ColumnSizer {
  private readonly widths = new Map<string, number>();
  private readonly ctx: CanvasRenderingContext2D | null;

  constructor(private readonly font: string) {
    this.ctx = document.createElement("canvas").getContext("2d");
  }

  private measure(text: string): number {
    if (!this.ctx) return text.length * 8;
    this.ctx.font = this.font;
    return this.ctx.measureText(text).width;
  }

  /** Widens the columns of `grid` whose content needs it. */
  fit(grid: DataGrid, data: LiveTableData): void {
    const n = Math.min(data.size, SAMPLE);
    data.columnInfo.forEach((info, c) => {
      let widest = Math.max(this.measure(info.name) + 8, this.measure(info.type));
      for (let r = 0; r < n; r++) widest = Math.max(widest, this.measure(data.fullTextShown(r, c)));
      const want = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.ceil(widest + PADDING)));
      if (want > (this.widths.get(info.name) ?? 0)) {
        this.widths.set(info.name, want);
        grid.resizeColumn("body", c, want);
      }
    });
  }
}
