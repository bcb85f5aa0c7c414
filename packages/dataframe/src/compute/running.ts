/**
 * Running statistics beyond the seven moments, over every value seen so far: `prod` (a number of
 * state) and `median` (two heaps: half the values each, O(log n) a value; a median needs them all).
 * Missing values are skipped, as pandas' skipna.
 */
import type { NumericArray } from "../column";

/** The running product of the non-missing values (1 before any, as pandas). */
export class RunningProduct {
  private product = 1;

  /** Folds in a column's values; returns the product so far. */
  add(values: NumericArray): number {
    let p = this.product;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === v) p *= v;
    }
    this.product = p;
    return p;
  }
}

/** A binary heap of numbers; `sign` -1 makes it a max-heap. */
class Heap {
  private items: number[] = [];

  constructor(private readonly sign: 1 | -1) {}

  get size(): number {
    return this.items.length;
  }

  /** The top value (the smallest, or the largest for a max-heap). */
  peek(): number {
    return this.sign * this.items[0]!;
  }

  push(v: number): void {
    const a = this.items;
    a.push(this.sign * v);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return this.sign * top;
  }
}

/** The running median of the non-missing values (the mean of the two middle ones for an even count; NaN before any). */
export class RunningMedian {
  private readonly low = new Heap(-1); // the smaller half, largest on top
  private readonly high = new Heap(1); // the larger half, smallest on top

  /** Folds in a column's values; returns the median so far. */
  add(values: NumericArray): number {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v !== v) continue;
      if (this.low.size === 0 || v <= this.low.peek()) this.low.push(v);
      else this.high.push(v);
      if (this.low.size > this.high.size + 1) this.high.push(this.low.pop());
      else if (this.high.size > this.low.size) this.low.push(this.high.pop());
    }
    const n = this.low.size + this.high.size;
    if (n === 0) return NaN;
    return n % 2 === 1 ? this.low.peek() : (this.low.peek() + this.high.peek()) / 2;
  }
}
