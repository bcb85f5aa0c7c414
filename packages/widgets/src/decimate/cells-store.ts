/**
 * The row store of a summarised point chart (see cell-grid.ts): elements go to two typed rings (x and
 * y) and, when the spec colours or shapes points by a field, a category number per row, on the hot
 * path; at each flush the grid catches up and the update carries the cells that filled (`upsert`,
 * keyed by protocol `CELL_KEY`) and the keys of those that emptied, or every cell (`replace`) when the
 * grid was cut anew.
 */
import { CELL_KEY } from "@streamz-ts/protocol";
import type { ColumnTypes } from "../encode";
import type { Row } from "../rows";
import type { StoreBatch } from "../stores";
import { CellGrid, MAX_CATEGORIES, type Cell } from "./cell-grid";
import { XYStore } from "./summary-store";

/** Options of a {@link CellsStore}. */
export interface CellsOptions {
  /** The field points are coloured or shaped by (each of its values keeps its own cells). */
  category?: string;
  /** Whether the view's x or y axis reaches zero (Vega-Lite's default for a quantitative y). */
  zeroX?: boolean;
  zeroY?: boolean;
}

/**
 * Raw rows of a point chart's x and y (and category) fields, sent as one row per occupied pixel cell.
 * Charts make it themselves (`summary` option of `chart`); the bench and tests use it directly.
 * @example const store = new CellsStore(1_000_000, "t", "y", new Map(), { category: "sensor", zeroY: true })
 */
export class CellsStore extends XYStore {
  readonly key: readonly string[] = [CELL_KEY];
  readonly grid: CellGrid;
  readonly category: string | undefined;
  /** Category values by number, and numbers by value. */
  private readonly values: unknown[] = [];
  private readonly numbers = new Map<unknown, number>();
  /** Set when a category beyond {@link MAX_CATEGORIES} arrived (its rows are drawn in the last one's cells). */
  warning: string | undefined;

  constructor(capacity: number, xField: string, yField: string, types: ColumnTypes, options: CellsOptions = {}) {
    super(capacity, xField, yField, types);
    this.category = options.category;
    this.grid = new CellGrid(this.ring, options.zeroX, options.zeroY);
  }

  /** The number of a category value (undefined: not seen). */
  categoryNumber(v: unknown): number | undefined {
    return this.numbers.get(v);
  }

  /** The category value of number `n`. */
  categoryValue(n: number): unknown {
    return this.values[n];
  }

  protected override acceptRecord(r: Row): void {
    super.acceptRecord(r);
    if (this.category === undefined) return;
    const v = r[this.category];
    let n = this.numbers.get(v);
    if (n === undefined) {
      if (this.values.length < MAX_CATEGORIES) {
        n = this.values.length;
        this.values.push(v);
        this.numbers.set(v, n);
      } else {
        n = MAX_CATEGORIES - 1;
        this.warning ??= `chart: the summary keeps ${MAX_CATEGORIES} values of "${this.category}" apart; ${JSON.stringify(v)} and later new values are drawn as ${JSON.stringify(this.values[n])}`;
      }
    }
    this.grid.setCat(this.ring.pushed - 1, n);
  }

  private row(c: Cell): Row {
    const row: Row = { [this.xField]: c.x, [this.yField]: c.y, [CELL_KEY]: c.key };
    if (this.category !== undefined) row[this.category] = this.values[c.cat];
    return row;
  }

  private allRows(): Row[] {
    const out: Row[] = [];
    for (const c of this.grid.cells.values()) out.push(this.row(c));
    return out;
  }

  snapshot(): Row[] {
    this.grid.update();
    this.grid.take();
    return this.allRows();
  }

  changes(): StoreBatch | undefined {
    const what = this.grid.update();
    if (what === undefined) return undefined;
    if (what === "recut") return { op: "replace", rows: this.allRows(), removed: null };
    const { added, gone } = this.grid.take();
    return { op: "upsert", rows: added.map((c) => this.row(c)), removed: gone.map((k) => ({ [CELL_KEY]: k })) };
  }

  override current(): Row[] {
    const rows = super.current();
    if (this.category !== undefined) {
      const cats = this.grid.cats;
      rows.forEach((row, i) => {
        const r = this.ring.oldest + i;
        row[this.category!] = this.values[cats.length === 0 ? 0 : cats[r % this.capacity]!];
      });
    }
    return rows;
  }
}
