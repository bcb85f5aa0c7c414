/**
 * The span of the occupied columns (or rows) of a cell grid, kept as cells fill and empty, so that a
 * flush need not pass over every cell to know whether the grid still fits the view: a count of cells
 * per column number modulo `length` (a circular window, so a span that slides along, like a window over
 * time, needs no re-basing), and the lowest and highest occupied numbers. A span that would not fit in
 * the window is reported as overflowing (the grid is then cut anew, as it would be for a span that wide).
 */
export class AxisSpan {
  private readonly counts: Int32Array;
  private lo = 0;
  private hi = -1;
  private occupied = 0;
  /** Set once a number fell more than `length` away from the others (cleared by nothing: make a new one). */
  overflow = false;

  constructor(readonly length: number) {
    this.counts = new Int32Array(length);
  }

  private at(i: number): number {
    return ((i % this.length) + this.length) % this.length;
  }

  /** Numbers spanned from the lowest occupied to the highest (0 when none is). */
  get span(): number {
    return this.occupied === 0 ? 0 : this.hi - this.lo + 1;
  }

  get lowest(): number {
    return this.lo;
  }

  add(i: number): void {
    if (this.occupied === 0) [this.lo, this.hi] = [i, i];
    else if (i < this.lo) this.lo = i;
    else if (i > this.hi) this.hi = i;
    if (this.hi - this.lo >= this.length) this.overflow = true;
    this.counts[this.at(i)]!++;
    this.occupied++;
  }

  remove(i: number): void {
    this.counts[this.at(i)]!--;
    if (--this.occupied === 0 || this.overflow) return;
    // walks at most the window: each step moves past a number no cell holds now
    while (this.counts[this.at(this.lo)] === 0) this.lo++;
    while (this.counts[this.at(this.hi)] === 0) this.hi--;
  }
}
