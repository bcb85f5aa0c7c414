/**
 * Rows for charts and tables: stream elements turned into records, and a bounded ring of the latest
 * ones. Encoding for the wire is in `encode.ts`.
 */
/** One row: column name to value. */
export type Row = Record<string, unknown>;

/**
 * A stream element as a row: a plain object is a row already; anything else (a number, a string, a
 * Date, ...) becomes `{index, value}`, `index` counting the stream's rows from 0.
 */
export function toRow(x: unknown, index: number): Row {
  if (isRecord(x)) return x;
  return { index, value: x };
}

/**
 * A stream element as a table row: like {@link toRow}, but a plain value is `{value}` alone, since the
 * table numbers its rows itself (an `index` column would say the same twice).
 */
export function toTableRow(x: unknown, _index: number): Row {
  if (isRecord(x)) return x;
  return { value: x };
}

/** How an element becomes a row, given its row number. */
export type ToRow = (x: unknown, index: number) => Row;

/** Whether `x` is a record already (a plain object, not an array or a Date). */
export function isRecord(x: unknown): x is Row {
  return x !== null && typeof x === "object" && !Array.isArray(x) && !(x instanceof Date);
}

/**
 * The last `capacity` elements, oldest first; O(1) and allocation-free per element (one store). Elements
 * become rows ({@link toRow}) only when read, i.e. only those that are sent. Row numbers are not stored:
 * the kept elements always carry consecutive numbers ending at `count - 1`.
 */
export class RowRing {
  private values: unknown[] = [];
  private start = 0;
  private count = 0;

  constructor(
    readonly capacity: number,
    private readonly rowOf: ToRow = toRow,
  ) {}

  get length(): number {
    return this.values.length;
  }

  /** Elements pushed since the ring was made, cleared ones included: the next element's row number. */
  get pushed(): number {
    return this.count;
  }

  /** Adds element `x`; its row number is the number of elements pushed before it. */
  push(x: unknown): void {
    this.count++;
    if (this.values.length < this.capacity) {
      this.values.push(x);
    } else {
      this.values[this.start] = x;
      if (++this.start === this.capacity) this.start = 0;
    }
  }

  /** Forgets the kept elements; row numbers go on counting. */
  clear(): void {
    this.values = [];
    this.start = 0;
  }

  /** The newest `n` rows (all when `n` >= length), oldest first. */
  last(n: number = this.values.length): Row[] {
    const len = this.values.length;
    const k = Math.min(n, len);
    const out = new Array<Row>(k);
    const firstIndex = this.count - k;
    for (let i = 0; i < k; i++) {
      out[i] = this.rowOf(this.values[(this.start + len - k + i) % len], firstIndex + i);
    }
    return out;
  }
}

/** Column names in order of first appearance. */
export function columnsOf(rows: readonly Row[], known: readonly string[] = []): string[] {
  const seen = new Set(known);
  const out = [...known];
  for (const r of rows) {
    for (const k of Object.keys(r)) {
      if (!seen.has(k)) {
        seen.add(k);
        out.push(k);
      }
    }
  }
  return out;
}
