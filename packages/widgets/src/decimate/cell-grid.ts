/**
 * The summary of a point chart (scatter): one representative row per occupied cell of a 2-D grid
 * whose cells are no larger than the view's pixels, per category when points are coloured or shaped
 * by a field.
 *
 * Why a grid and not M4: M4 keeps the extremes of each x column, which is what a line through the
 * points draws; a scatter draws every point on its own, so what must be kept is every pixel some point
 * falls in. A cell no larger than a pixel holds points at most one pixel apart, so drawing one of them
 * covers the same pixels as drawing all of them, give or take the one pixel that anti-aliasing blurs
 * anyway; a category keeps its own cells so that no colour is hidden under another. The summary is then
 * at most one row per pixel per category (and never more than the rows).
 *
 * Incremental upkeep, at each flush: each new row adds one to its cell's count (a cell that fills is
 * sent); each row that left the backlog takes one from the cell it was counted in (kept per row in a
 * typed ring: 4 bytes a row), and a cell that empties is removed. A cell's representative is the
 * first row that filled it; it may leave the backlog while later rows keep the cell occupied, and it is
 * still drawn, since it lies within one pixel of them. Work per flush: the new and the departed rows,
 * plus one pass over the occupied cells to measure the data's span.
 *
 * The grid (cell width and height) is cut from the data's x and y span (with zero when the axis shows
 * zero) so that there are about 1.4 cells a pixel each way. It is cut anew (every kept row binned again,
 * O(backlog), sent as one `replace`) only when a span left the range of 1 to 2 cells a pixel: shrunk
 * (cells would be larger than a pixel) or grown (cells needlessly fine) by a factor of about 1.4 since
 * the last cut, or when the view's size changes. A stream whose spread is steady (a sliding window over
 * time, noise around a level) is cut a few times while its backlog fills and then not at all.
 */
import { SUMMARY_DEFAULT_HEIGHT, SUMMARY_DEFAULT_WIDTH } from "@streamz-ts/protocol";
import { AxisSpan } from "./axis-span";
import type { XYRing } from "./xy-ring";

/** One occupied cell and its representative point. */
export interface Cell {
  key: number;
  x: number;
  y: number;
  cat: number;
  /** Column and row numbers from the grid's origin. */
  ix: number;
  iy: number;
  /** Kept rows in the cell. */
  count: number;
  /** Its slot number (what rows hold), or -1 before it has one. */
  slot: number;
}

/** Cells per pixel a cut aims at, each way, and the range outside which the grid is cut anew. */
const AIM = Math.SQRT2;
const LEAST = 1;
const MOST = 2;
/** Bounds of a cell's column and row numbers from the grid's origin, and of the categories (the key is below 2^52). */
const X_HALF = 2 ** 21;
const Y_HALF = 2 ** 19;
/** Categories a grid keeps apart (key bits). */
export const MAX_CATEGORIES = 1024;

/** An Int32 or Uint16 column of the ring's rows, grown by doubling up to the capacity. */
function grown<A extends Int32Array | Uint16Array>(a: A, at: number, capacity: number): A {
  if (at < a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.min(capacity, Math.max(a.length * 2, at + 1)));
  b.set(a);
  return b;
}

/** The occupancy grid of an {@link XYRing} (and its category per row), kept up to date flush by flush. */
export class CellGrid {
  readonly cells = new Map<number, Cell>();
  /** The cell slot each counted row was counted in (-1: not drawable), by ring slot. */
  private rowCell = new Int32Array(0);
  /** Cells by slot number (rows hold a 4-byte slot number, not their cell's 52-bit key). */
  private slots: (Cell | undefined)[] = [];
  private freeSlots: number[] = [];
  /** Category of each row, by ring slot (set by the store on the hot path). */
  cats = new Uint16Array(0);
  /** x of the last counted row, and the newest counted row whose x is below the one before it. */
  private lastX = -Infinity;
  private lastDrop = -1;
  /** Rows counted in cells: `[firstCounted, processed)`. */
  private firstCounted = 0;
  private processed = 0;
  private mustRecut = true;
  private widthPx = SUMMARY_DEFAULT_WIDTH;
  private heightPx = SUMMARY_DEFAULT_HEIGHT;
  private x0 = 0;
  private y0 = 0;
  private cw = 1;
  private ch = 1;
  /** Whether the last cut saw one x (or one y) value only. */
  private flatX = true;
  private flatY = true;
  private xSpan = new AxisSpan(1);
  private ySpan = new AxisSpan(1);
  private readonly added = new Set<Cell>();
  private readonly gone = new Set<number>();
  /** Cuts since the grid was made (for tests and the bench). */
  cuts = 0;

  /** @param zeroX, zeroY whether the view's x or y axis reaches zero (its span then includes it) */
  constructor(
    private readonly ring: XYRing,
    private readonly zeroX = false,
    private readonly zeroY = false,
  ) {}

  /** The view's plot size the grid is cut for. */
  get size(): { width: number; height: number } {
    return { width: this.widthPx, height: this.heightPx };
  }

  /** Cuts for a plot of `width` x `height` pixels from the next update on. */
  setSize(width: number, height = this.heightPx): void {
    if (width === this.widthPx && height === this.heightPx) return;
    this.widthPx = width;
    this.heightPx = height;
    this.mustRecut = true;
  }

  /** Sets row `r`'s category (the store calls it as the row arrives). */
  setCat(r: number, cat: number): void {
    const at = r % this.ring.capacity;
    this.cats = grown(this.cats, at, this.ring.capacity);
    this.cats[at] = cat;
  }

  /** Brings the grid up to the ring's newest row: "recut", "changed", or undefined when nothing changed. */
  update(): "recut" | "changed" | undefined {
    const lo = this.ring.oldest;
    const hi = this.ring.pushed;
    if (this.mustRecut) return this.recut(lo, hi);
    this.expire(lo);
    if (!this.extendTo(Math.max(lo, this.processed), hi)) return this.recut(lo, hi);
    if (!this.spansFit()) return this.recut(lo, hi);
    return this.added.size > 0 || this.gone.size > 0 ? "changed" : undefined;
  }

  /** Whether the kept rows' x never decreases (rows since the last update are looked at now). */
  isSorted(): boolean {
    if (this.lastDrop > this.ring.oldest) return false;
    let prev = this.lastX;
    for (let r = Math.max(this.processed, this.ring.oldest); r < this.ring.pushed; r++) {
      const x = this.ring.x(r);
      if (!(x >= prev)) return false;
      prev = x;
    }
    return true;
  }

  /** Cells filled and keys of cells emptied since the last call. */
  take(): { added: Cell[]; gone: number[] } {
    const out = { added: [...this.added], gone: [...this.gone] };
    this.added.clear();
    this.gone.clear();
    return out;
  }

  /** The grid now: origin and cell size in data units (for tests and the range answers). */
  get geometry(): { x0: number; y0: number; cellWidth: number; cellHeight: number } {
    return { x0: this.x0, y0: this.y0, cellWidth: this.cw, cellHeight: this.ch };
  }

  /** The cell key of a point, or undefined when it falls outside the keys' bounds (the grid must be cut anew). */
  keyOf(x: number, y: number, cat: number): number | undefined {
    return this.key(Math.floor((x - this.x0) / this.cw), Math.floor((y - this.y0) / this.ch), cat);
  }

  private key(ix: number, iy: number, cat: number): number | undefined {
    if (ix < -X_HALF || ix >= X_HALF || iy < -Y_HALF || iy >= Y_HALF) return undefined;
    return ((ix + X_HALF) * 2 * Y_HALF + (iy + Y_HALF)) * MAX_CATEGORIES + cat;
  }

  private cat(r: number): number {
    return this.cats.length === 0 ? 0 : (this.cats[r % this.ring.capacity] ?? 0);
  }

  /** Counts rows `[from, hi)` into their cells; false when one falls outside the grid's bounds. */
  private extendTo(from: number, hi: number): boolean {
    const ring = this.ring;
    for (let r = from; r < hi; r++) {
      const at = r % ring.capacity;
      this.rowCell = grown(this.rowCell, at, ring.capacity);
      const x = ring.x(r);
      const y = ring.y(r);
      // x order is followed here, at the flush, rather than on the stream's hot path
      if (!(x >= this.lastX)) this.lastDrop = r;
      this.lastX = x;
      if (!Number.isFinite(x) || !Number.isFinite(y)) {
        this.rowCell[at] = -1;
        continue;
      }
      const cat = this.cat(r);
      const ix = Math.floor((x - this.x0) / this.cw);
      const iy = Math.floor((y - this.y0) / this.ch);
      const key = this.key(ix, iy, cat);
      if (key === undefined) return false;
      let cell = this.cells.get(key);
      if (!cell) {
        cell = { key, x, y, cat, ix, iy, count: 0, slot: -1 };
        this.cells.set(key, cell);
        this.xSpan.add(ix);
        this.ySpan.add(iy);
        this.added.add(cell);
        this.gone.delete(key);
      }
      cell.count++;
      this.rowCell[at] = this.slotFor(cell);
    }
    this.processed = hi;
    return true;
  }

  private slotFor(cell: Cell): number {
    if (cell.slot < 0) {
      cell.slot = this.freeSlots.pop() ?? this.slots.length;
      this.slots[cell.slot] = cell;
    }
    return cell.slot;
  }

  /** Uncounts the counted rows that left the backlog (their slots still hold their cells' slots). */
  private expire(lo: number): void {
    const end = Math.min(lo, this.processed);
    for (let r = this.firstCounted; r < end; r++) {
      const s = this.rowCell[r % this.ring.capacity]!;
      if (s < 0) continue;
      const cell = this.slots[s]!;
      if (--cell.count > 0) continue;
      this.cells.delete(cell.key);
      this.xSpan.remove(cell.ix);
      this.ySpan.remove(cell.iy);
      this.slots[s] = undefined;
      this.freeSlots.push(s);
      if (!this.added.delete(cell)) this.gone.add(cell.key);
    }
    this.firstCounted = Math.max(this.firstCounted, lo);
  }

  /** Whether the occupied cells span between 1 and 2 cells a pixel each way. */
  private spansFit(): boolean {
    if (this.cells.size === 0) return true;
    if (this.xSpan.overflow || this.ySpan.overflow) return false;
    const fits = (span: AxisSpan, origin: number, size: number, zero: boolean, px: number, flat: boolean): boolean => {
      // cut for one value, and still one: any cell size draws it exactly
      if (flat && span.span === 1) return true;
      let a = origin + span.lowest * size;
      let b = a + span.span * size;
      if (zero) [a, b] = [Math.min(a, 0), Math.max(b, 0)];
      const perPixel = (b - a) / size / px;
      return perPixel >= LEAST && perPixel <= MOST;
    };
    return (
      fits(this.xSpan, this.x0, this.cw, this.zeroX, this.widthPx, this.flatX) &&
      fits(this.ySpan, this.y0, this.ch, this.zeroY, this.heightPx, this.flatY)
    );
  }

  /** Cuts the grid anew for the kept rows `[lo, hi)` and bins them all. */
  private recut(lo: number, hi: number): "recut" {
    const ring = this.ring;
    let xLo = this.zeroX ? 0 : Infinity;
    let xHi = this.zeroX ? 0 : -Infinity;
    let yLo = this.zeroY ? 0 : Infinity;
    let yHi = this.zeroY ? 0 : -Infinity;
    for (let r = lo; r < hi; r++) {
      const x = ring.x(r);
      const y = ring.y(r);
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      if (x < xLo) xLo = x;
      if (x > xHi) xHi = x;
      if (y < yLo) yLo = y;
      if (y > yHi) yHi = y;
    }
    // A span of nothing (one point, or one x) gets cells of any positive size: they are cut again once it grows.
    const sizeFor = (a: number, b: number, px: number): number => (b > a ? (b - a) / (AIM * px) : Math.max(1, Math.abs(a)) * 2 ** -30);
    this.x0 = Number.isFinite(xLo) ? xLo : 0;
    this.y0 = Number.isFinite(yLo) ? yLo : 0;
    this.cw = sizeFor(xLo, xHi, this.widthPx);
    this.ch = sizeFor(yLo, yHi, this.heightPx);
    this.flatX = !(xHi > xLo);
    this.flatY = !(yHi > yLo);
    this.cells.clear();
    // windows wider than the widest span that fits (2 cells a pixel), so a fitting span never wraps
    this.xSpan = new AxisSpan(4 * this.widthPx + 8);
    this.ySpan = new AxisSpan(4 * this.heightPx + 8);
    this.slots = [];
    this.freeSlots = [];
    this.added.clear();
    this.gone.clear();
    this.mustRecut = false;
    this.cuts++;
    this.firstCounted = lo;
    this.lastX = -Infinity;
    this.lastDrop = -1;
    // every kept row is within the bounds now: extendTo cannot fail
    this.extendTo(lo, hi);
    this.added.clear();
    return "recut";
  }
}
