/**
 * The M4 summary of a chart's raw rows (Jugel et al., "M4: A Visualization-Oriented Time Series Data
 * Aggregation", VLDB 2014): x is cut into buckets of equal width and each bucket keeps its first, last,
 * lowest and highest point. A line drawn through those four points per bucket covers the same pixels as
 * the line through every point, as long as a bucket is no wider than a pixel column: so the buckets are
 * between 1.5 and 3 per pixel of the view's width.
 *
 * Why M4 and not LTTB: M4 keeps every extreme exactly (a spike is never smoothed away), is exact for
 * lines at pixel resolution, and is incremental: a bucket's four points combine with the next row in
 * O(1), two buckets merge in O(1), and rows leaving the backlog touch only the oldest bucket. LTTB
 * picks one point per bucket by the triangle it makes with its neighbours, so a new row can change the
 * choice in the bucket before it, and it can drop a one-row spike.
 *
 * Incremental upkeep, at each flush, for x that never decreases (a time series): new rows extend the
 * newest bucket or open new ones; rows that left the backlog drop the oldest buckets (and the oldest
 * bucket they cut into is recomputed from its remaining rows); when the span outgrows 3 buckets a pixel,
 * neighbours merge (bucket width doubles). Work per flush is the new rows plus one bucket, or the
 * buckets on a merge. Only when x goes back, the span shrinks below one bucket a pixel, or the width
 * changes are the buckets cut anew from all kept rows (O(backlog)); x that is not sorted is cut anew
 * at every flush.
 */
import { SUMMARY_DEFAULT_WIDTH } from "@streamz-ts/protocol";
import type { XYRing } from "./xy-ring";

/** One x bucket: rows `[r0, r1)` (when x is sorted) and its four points. */
export interface Bucket {
  /** Bucket number: floor(x / bucket width). */
  k: number;
  r0: number;
  r1: number;
  fx: number;
  fy: number;
  lx: number;
  ly: number;
  /** The lowest point (the first of equals). */
  nx: number;
  ny: number;
  /** The highest point (the first of equals). */
  mx: number;
  my: number;
}

/** What an update did: every bucket was cut anew, or some changed (and some left). */
export type BucketsChange = "recut" | "changed";

/** Buckets per pixel a recut aims at (between this and twice it). */
const PER_PIXEL = 1.5;

function open(k: number, r: number, x: number, y: number): Bucket {
  return { k, r0: r, r1: r + 1, fx: x, fy: y, lx: x, ly: y, nx: x, ny: y, mx: x, my: y };
}

function extend(b: Bucket, r: number, x: number, y: number): void {
  b.r1 = r + 1;
  b.lx = x;
  b.ly = y;
  if (y < b.ny) {
    b.ny = y;
    b.nx = x;
  }
  if (y > b.my) {
    b.my = y;
    b.mx = x;
  }
}

/** The M4 buckets of an {@link XYRing}, kept up to date flush by flush. */
export class M4Buckets {
  /** Buckets in x order (sorted x: also in row order). */
  buckets: Bucket[] = [];
  /** Bucket width is 2^shift (a power of two, so that merging pairs is exact). */
  private shift = 0;
  /** Rows already in buckets: the next row to take. */
  private processed = 0;
  private lastX = -Infinity;
  private sorted = true;
  private mustRecut = true;
  private widthPx = SUMMARY_DEFAULT_WIDTH;
  /** Buckets changed since the last {@link take}. */
  private readonly changed = new Set<Bucket>();
  /** Buckets that left since the last {@link take}. */
  private gone: Bucket[] = [];
  /** Bucket number of key 0: keys stay small whatever x is. */
  origin = 0;

  constructor(private readonly ring: XYRing) {}

  /** The x width of one bucket now. */
  get bucketWidth(): number {
    return 2 ** this.shift;
  }

  /** Whether the kept rows' x never decreases (as far as the last update saw). */
  get isSorted(): boolean {
    return this.sorted;
  }

  /** The pixel width the buckets are cut for. */
  get width(): number {
    return this.widthPx;
  }

  /** Cuts for `px` pixels from the next update on (a no-op when it is the width already). */
  setWidth(px: number): void {
    if (px === this.widthPx) return;
    this.widthPx = px;
    this.mustRecut = true;
  }

  /** Brings the buckets up to the ring's newest row; undefined when nothing changed. */
  update(): BucketsChange | undefined {
    const lo = this.ring.oldest;
    const hi = this.ring.pushed;
    if (this.mustRecut || !this.sorted || this.processed < lo) return this.recut(lo, hi);
    if (!this.extendTo(hi)) return this.recut(lo, hi);
    this.expire(lo);
    const count = this.count();
    if (count > 2 * PER_PIXEL * this.widthPx + 1) return this.merge(count);
    if (count < this.widthPx && this.buckets.length > 1) return this.recut(lo, hi);
    return this.changed.size > 0 || this.gone.length > 0 ? "changed" : undefined;
  }

  /** The buckets changed and gone since the last call (after an update that said "changed"). */
  take(): { changed: Bucket[]; gone: Bucket[] } {
    const out = { changed: [...this.changed], gone: this.gone };
    this.changed.clear();
    this.gone = [];
    return out;
  }

  /** Bucket numbers spanned, first to last. */
  private count(): number {
    const n = this.buckets.length;
    return n === 0 ? 0 : this.buckets[n - 1]!.k - this.buckets[0]!.k + 1;
  }

  private bucketOf(x: number): number {
    return Math.floor(x * 2 ** -this.shift);
  }

  /** Takes rows up to `hi` into the buckets; false when x went back (then the buckets must be recut). */
  private extendTo(hi: number): boolean {
    const ring = this.ring;
    for (let r = this.processed; r < hi; r++) {
      const x = ring.x(r);
      const y = ring.y(r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < this.lastX) return false;
      this.lastX = x;
      const k = this.bucketOf(x);
      const last = this.buckets[this.buckets.length - 1];
      if (last?.k === k) {
        extend(last, r, x, y);
        this.changed.add(last);
      } else {
        const b = open(k, r, x, y);
        this.buckets.push(b);
        this.changed.add(b);
      }
    }
    this.processed = hi;
    return true;
  }

  /** Drops buckets whose rows all left the backlog; recomputes the one they cut into. */
  private expire(lo: number): void {
    let n = 0;
    while (n < this.buckets.length && this.buckets[n]!.r1 <= lo) n++;
    for (const b of this.buckets.splice(0, n)) this.leave(b);
    const first = this.buckets[0];
    if (!first || first.r0 >= lo) return;
    const fresh = this.scan(lo, first.r1, first.k);
    if (fresh) {
      this.buckets[0] = fresh;
      this.changed.delete(first);
      this.changed.add(fresh);
    } else {
      this.buckets.shift();
      this.leave(first);
    }
  }

  private leave(b: Bucket): void {
    this.changed.delete(b);
    this.gone.push(b);
  }

  /** A bucket of the drawable rows in `[r0, r1)`, or undefined when there are none. */
  private scan(r0: number, r1: number, k: number): Bucket | undefined {
    let b: Bucket | undefined;
    for (let r = r0; r < r1; r++) {
      const x = this.ring.x(r);
      const y = this.ring.y(r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (b) extend(b, r, x, y);
      else b = open(k, r, x, y);
    }
    return b;
  }

  /** Merges runs of 2^s neighbours, s the least that brings the count within 3 buckets a pixel. */
  private merge(count: number): BucketsChange {
    const s = Math.ceil(Math.log2(count / (2 * PER_PIXEL * this.widthPx)));
    this.shift += s;
    const out: Bucket[] = [];
    for (const b of this.buckets) {
      const k = Math.floor(b.k * 2 ** -s);
      const last = out[out.length - 1];
      if (last?.k !== k) {
        out.push({ ...b, k });
        continue;
      }
      last.r1 = b.r1;
      last.lx = b.lx;
      last.ly = b.ly;
      if (b.ny < last.ny) [last.nx, last.ny] = [b.nx, b.ny];
      if (b.my > last.my) [last.mx, last.my] = [b.mx, b.my];
    }
    return this.reset(out);
  }

  /** Cuts all kept rows `[lo, hi)` into buckets anew, sized for the width. */
  private recut(lo: number, hi: number): BucketsChange {
    const ring = this.ring;
    let min = Infinity;
    let max = -Infinity;
    let sorted = true;
    let prev = -Infinity;
    for (let r = lo; r < hi; r++) {
      const x = ring.x(r);
      if (!Number.isFinite(x) || !Number.isFinite(ring.y(r))) continue;
      if (x < prev) sorted = false;
      prev = x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const span = max - min;
    this.shift = span > 0 ? Math.floor(Math.log2(span / (PER_PIXEL * this.widthPx))) : 0;
    const byK = new Map<number, Bucket>();
    for (let r = lo; r < hi; r++) {
      const x = ring.x(r);
      const y = ring.y(r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const k = this.bucketOf(x);
      const b = byK.get(k);
      if (b) extend(b, r, x, y);
      else byK.set(k, open(k, r, x, y));
    }
    const buckets = [...byK.values()];
    if (!sorted) buckets.sort((a, b) => a.k - b.k);
    this.sorted = sorted;
    this.lastX = prev;
    this.processed = hi;
    this.mustRecut = false;
    return this.reset(buckets);
  }

  private reset(buckets: Bucket[]): BucketsChange {
    this.buckets = buckets;
    this.origin = buckets[0]?.k ?? 0;
    this.changed.clear();
    this.gone = [];
    return "recut";
  }
}
