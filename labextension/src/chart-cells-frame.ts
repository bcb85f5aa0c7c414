/**
 * The rows Vega holds while the raster layer draws a scatter's cells (issue 17, chart-cells-layer.ts):
 * only those its scales and legend are made from. Vega-Lite's x and y domains are the extents of the
 * valid rows (then reaching zero and rounded as the spec says) and a category's domain is the set of
 * its values, so the rows holding the lowest and highest x and y and one row of each category give
 * Vega the very scales all the rows would, while its dataflow handles a handful of rows per update
 * rather than the thousands of cells that came and went.
 */
import type { HeldRow } from "@streamz-ts/protocol";
import type { CellsFields } from "./chart-cells-spec";

/** Whether Vega-Lite draws `row` (its own filter: x and y valid and finite). */
export function drawable(row: HeldRow, fields: CellsFields): boolean {
  const x = row[fields.x];
  const y = row[fields.y];
  return x !== null && x !== undefined && y !== null && y !== undefined && Number.isFinite(+x) && Number.isFinite(+y);
}

/** The rows holding the lowest and the highest value of one field, among those seen. */
class Extremes {
  lowest?: HeldRow;
  highest?: HeldRow;
  private min = Infinity;
  private max = -Infinity;

  see(value: number, row: HeldRow): void {
    if (value < this.min) [this.min, this.lowest] = [value, row];
    if (value > this.max) [this.max, this.highest] = [value, row];
  }
}

/** The rows of `rows` that give Vega its scales: the drawable rows with the extreme x and y, and the first of each category. */
export function frameRows(rows: Iterable<HeldRow>, fields: CellsFields): Set<HeldRow> {
  const xs = new Extremes();
  const ys = new Extremes();
  const categories = new Map<unknown, HeldRow>();
  for (const row of rows) {
    if (!drawable(row, fields)) continue;
    xs.see(+row[fields.x]!, row);
    ys.see(+row[fields.y]!, row);
    if (fields.category !== undefined && !categories.has(row[fields.category])) categories.set(row[fields.category], row);
  }
  const out = new Set<HeldRow>(categories.values());
  for (const r of [xs.lowest, xs.highest, ys.lowest, ys.highest]) if (r) out.add(r);
  return out;
}

/** Keeps Vega's rows equal to the {@link frameRows} of the drawn rows, one change at a time. */
export class FrameRows {
  private held = new Set<HeldRow>();

  /** Rows Vega holds now. */
  get rows(): ReadonlySet<HeldRow> {
    return this.held;
  }

  /** What to take out of and put into Vega's data for it to hold the frame rows of `rows`. */
  update(rows: Iterable<HeldRow>, fields: CellsFields): { insert: HeldRow[]; remove: HeldRow[] } {
    const next = frameRows(rows, fields);
    const remove = [...this.held].filter((r) => !next.has(r));
    const insert = [...next].filter((r) => !this.held.has(r));
    this.held = next;
    return { insert, remove };
  }
}
