/**
 * Answering a point chart's range request (protocol `RangeRequest`): the kept rows with x in the range
 * (and the one row either side when x is sorted); when they are more than `RANGE_RAW_PER_PIXEL` a pixel
 * of the width, one row per occupied cell of a grid cut exactly at the request's pixels (the range's
 * width by the height over the y span of its rows), per category, as the chart's own summary is.
 */
import { RANGE_RAW_PER_PIXEL } from "@streamz-ts/protocol";
import { MAX_CATEGORIES } from "./cell-grid";
import type { CellsStore } from "./cells-store";
import { rowsIn, type RangeRows } from "./range-rows";

/** The rows of `[x0, x1]` of a points chart whose plot is `width` x `height` pixels. */
export function rangeCells(store: CellsStore, x0: number, x1: number, width: number, height: number): RangeRows {
  const ring = store.ring;
  const isSpan = store.grid.isSorted();
  const found = rowsIn(ring, x0, x1, isSpan);
  const count = isSpan ? found[1] - found[0] : found.length;
  const at = (i: number): number => (isSpan ? found[0] + i : found[i]!);
  const cats = store.grid.cats;
  const catOf = (r: number): number => (cats.length === 0 ? 0 : cats[r % ring.capacity]!);
  const picked: number[] = [];
  const drawable = (r: number): boolean => Number.isFinite(ring.x(r)) && Number.isFinite(ring.y(r));
  if (count <= RANGE_RAW_PER_PIXEL * width) {
    for (let i = 0; i < count; i++) if (drawable(at(i))) picked.push(at(i));
  } else {
    let yLo = Infinity;
    let yHi = -Infinity;
    for (let i = 0; i < count; i++) {
      const y = ring.y(at(i));
      if (y < yLo) yLo = y;
      if (y > yHi) yHi = y;
    }
    const sx = width / (x1 - x0 || 1);
    const sy = height / (yHi - yLo || 1);
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const r = at(i);
      if (!drawable(r)) continue;
      // columns -1 and `width` hold the edge rows; rows 0 to `height`
      const c = Math.min(width, Math.max(-1, Math.floor((ring.x(r) - x0) * sx)));
      const key = ((c + 1) * (height + 1) + Math.floor((ring.y(r) - yLo) * sy)) * MAX_CATEGORIES + catOf(r);
      if (seen.has(key)) continue;
      seen.add(key);
      picked.push(r);
    }
  }
  picked.sort((a, b) => ring.x(a) - ring.x(b));
  const out: RangeRows = {
    xs: Float64Array.from(picked, (r) => ring.x(r)),
    ys: Float64Array.from(picked, (r) => ring.y(r)),
    raw: count <= RANGE_RAW_PER_PIXEL * width,
    inRange: count,
  };
  if (store.category !== undefined) out.categories = picked.map((r) => store.categoryValue(catOf(r)));
  return out;
}
