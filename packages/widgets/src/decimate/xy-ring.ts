/**
 * The raw rows of a summarised chart: its x and y columns as two typed rings (16 bytes a row, no
 * object per row), the newest `capacity` rows kept. A push is two stores and a counter, so the stream's
 * hot path stays cheap; all summarising waits for the flush. The arrays grow by doubling up to the
 * capacity, so a 10-million-row backlog costs its memory only once it holds that many rows.
 */

/** Rows allocated at first (grown by doubling up to the capacity). */
const INITIAL_ROWS = 4096;

/** Two Float64 columns of the newest `capacity` rows. */
export class XYRing {
  private xs: Float64Array;
  private ys: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    const n = Math.min(capacity, INITIAL_ROWS);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
  }

  /** Rows pushed since the ring was made: the next row's number. */
  get pushed(): number {
    return this.count;
  }

  /** Rows kept now. */
  get length(): number {
    return Math.min(this.count, this.capacity);
  }

  /** Number of the oldest row kept. */
  get oldest(): number {
    return this.count - this.length;
  }

  /** Adds one row (NaN for a value that is not a number: it is kept but never drawn). */
  push(x: number, y: number): void {
    let i = this.head;
    if (i === this.xs.length) {
      if (i < this.capacity) this.grow();
      else i = 0;
    }
    this.xs[i] = x;
    this.ys[i] = y;
    this.head = i + 1;
    this.count++;
  }

  private grow(): void {
    const n = Math.min(this.capacity, this.xs.length * 2);
    const xs = new Float64Array(n);
    const ys = new Float64Array(n);
    xs.set(this.xs);
    ys.set(this.ys);
    this.xs = xs;
    this.ys = ys;
  }

  /** x of row number `r` (which must be kept: `oldest <= r < pushed`). */
  x(r: number): number {
    return this.xs[r % this.capacity]!;
  }

  /** y of row number `r` (which must be kept). */
  y(r: number): number {
    return this.ys[r % this.capacity]!;
  }

  /** Bytes held by the two columns. */
  get bytes(): number {
    return this.xs.byteLength + this.ys.byteLength;
  }
}
