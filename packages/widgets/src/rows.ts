/**
 * Rows for charts and tables: stream elements turned into records, a bounded ring of the latest ones,
 * and Apache Arrow IPC encoding for the wire (see `RowsState` in the protocol).
 */
import { Bool, Float64, Table, Utf8, tableToIPC, vectorFromArray, type Vector } from "apache-arrow";

/** One row: column name to value. */
export type Row = Record<string, unknown>;

/**
 * A stream element as a row: a plain object is a row already; anything else (a number, a string, a
 * Date, ...) becomes `{index, value}`, `index` counting the stream's rows from 0.
 */
export function toRow(x: unknown, index: number): Row {
  if (x !== null && typeof x === "object" && !Array.isArray(x) && !(x instanceof Date)) return x as Row;
  return { index, value: x };
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

  constructor(readonly capacity: number) {}

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
      out[i] = toRow(this.values[(this.start + len - k + i) % len], firstIndex + i);
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

/**
 * One column as an Arrow vector: numbers (and Dates, as epoch ms, and bigints) as Float64, booleans as
 * Bool, anything else as text (strings as they are, other values as JSON). Missing values are nulls.
 */
function column(rows: readonly Row[], name: string): Vector {
  const raw = rows.map((r) => r[name]);
  let numeric = true;
  let boolean = true;
  for (const v of raw) {
    if (v === null || v === undefined) continue;
    if (typeof v !== "number" && typeof v !== "bigint" && !(v instanceof Date)) numeric = false;
    if (typeof v !== "boolean") boolean = false;
  }
  if (boolean && !raw.every((v) => v === null || v === undefined)) {
    return vectorFromArray(raw.map((v) => (v === undefined ? null : v)), new Bool());
  }
  if (numeric) {
    return vectorFromArray(raw.map((v) => (v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Number(v))), new Float64());
  }
  return vectorFromArray(raw.map((v) => (v === null || v === undefined ? null : typeof v === "string" ? v : safeJson(v))), new Utf8());
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? Number(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** Encodes rows as one Arrow IPC stream (schema plus one record batch; zero rows gives a schema only). */
export function encodeRows(rows: readonly Row[], columns: readonly string[] = columnsOf(rows)): DataView {
  const vectors: Record<string, Vector> = {};
  for (const name of columns) vectors[name] = column(rows, name);
  const bytes = tableToIPC(new Table(vectors), "stream");
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
