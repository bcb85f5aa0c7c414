/**
 * Answering a view's request for an x range at full resolution (protocol `RangeRequest`): the kept
 * rows with x in the range, plus one row either side so a line runs on to the edges. When they are more
 * than `RANGE_RAW_PER_PIXEL` a pixel, the answer is their M4 summary cut exactly at the view's pixel
 * columns; else the raw rows. Sorted x is found by binary search; unsorted x is scanned.
 */
import { Float64, Table, makeVector, tableToIPC, vectorFromArray } from "apache-arrow";
import { RANGE_RAW_PER_PIXEL } from "@streamz-ts/protocol";
import type { XYRing } from "./xy-ring";

/** Rows of a range, as two columns. */
export interface RangeRows {
  xs: Float64Array;
  ys: Float64Array;
  raw: boolean;
  /** Raw rows in the range (edges included). */
  inRange: number;
  /** A points chart's category value of each row (see cells-store.ts). */
  categories?: unknown[];
}

/** First kept row number whose x is >= `x` (> `x` when `after`), rows sorted by x; or `hi`. */
function bound(ring: XYRing, x: number, lo: number, hi: number, after: boolean): number {
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const m = ring.x(mid);
    if (m < x || (after && m === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Row numbers of the range's rows, in row order: a span `[a, b)` (sorted x, edge rows included) or a list. */
export function rowsIn(ring: XYRing, x0: number, x1: number, sorted: boolean): number[] | [number, number] {
  const lo = ring.oldest;
  const hi = ring.pushed;
  if (sorted) {
    const a = Math.max(lo, bound(ring, x0, lo, hi, false) - 1);
    const b = Math.min(hi, bound(ring, x1, lo, hi, true) + 1);
    return [a, Math.max(a, b)];
  }
  const out: number[] = [];
  for (let r = lo; r < hi; r++) {
    const x = ring.x(r);
    if (x >= x0 && x <= x1) out.push(r);
  }
  return out;
}

/**
 * The rows of `[x0, x1]` for a plot `width` pixels wide. `sorted`: whether the kept rows' x never
 * decreases (then with the edge rows and by binary search).
 */
export function rangeRows(ring: XYRing, x0: number, x1: number, width: number, sorted: boolean): RangeRows {
  const found = rowsIn(ring, x0, x1, sorted);
  const isSpan = sorted;
  const count = isSpan ? found[1] - found[0] : found.length;
  const at = (i: number): number => (isSpan ? found[0] + i : found[i]!);
  const xs: number[] = [];
  const ys: number[] = [];
  const keep = (r: number): void => {
    const x = ring.x(r);
    const y = ring.y(r);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  };
  const raw = count <= RANGE_RAW_PER_PIXEL * width;
  if (raw) {
    for (let i = 0; i < count; i++) keep(at(i));
  } else {
    // M4 per pixel column (columns -1 and `width` hold the edge rows): first, lowest, highest and
    // last row of each column, in row order within it.
    const n = Math.floor(width) + 2;
    const first = new Float64Array(n).fill(-1);
    const low = new Float64Array(n);
    const high = new Float64Array(n);
    const last = new Float64Array(n);
    const scale = width / (x1 - x0 || 1);
    for (let i = 0; i < count; i++) {
      const r = at(i);
      const x = ring.x(r);
      const y = ring.y(r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const c = Math.min(n - 1, Math.max(0, Math.floor((x - x0) * scale) + 1));
      if (first[c]! < 0) {
        first[c] = low[c] = high[c] = r;
      } else {
        if (y < ring.y(low[c]!)) low[c] = r;
        if (y > ring.y(high[c]!)) high[c] = r;
      }
      last[c] = r;
    }
    for (let c = 0; c < n; c++) {
      if (first[c]! < 0) continue;
      for (const r of [...new Set([first[c]!, low[c]!, high[c]!, last[c]!])].sort((a, b) => a - b)) keep(r);
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys), raw, inRange: count };
}

/** The range's rows as Arrow IPC stream bytes, columns named by the chart's x and y (and category) fields. */
export function encodeRange(rows: RangeRows, xField: string, yField: string, category?: string): Uint8Array {
  const columns: Record<string, unknown> = {
    [xField]: makeVector({ type: new Float64(), data: rows.xs }),
    [yField]: makeVector({ type: new Float64(), data: rows.ys }),
  };
  if (category !== undefined && rows.categories) {
    // one Arrow type per column: mixed values travel as their text
    const kinds = new Set(rows.categories.map((v) => typeof v));
    columns[category] = vectorFromArray(kinds.size > 1 ? rows.categories.map((v) => (v == null ? null : String(v))) : rows.categories);
  }
  const table = new Table(columns as never);
  return tableToIPC(table, "stream");
}
