/**
 * ColumnFrame: the frame that flows inside a StreamingDataFrame. Immutable; columns are typed arrays
 * shared between frames wherever possible (selection and slicing do not copy untouched columns).
 */
import { columnLength, columnValues, concatColumns, sliceRows, takeRows, valueAt, type Column, type DType, type Scalar } from "./column";

/** A column's name and type. */
export interface Field {
  readonly name: string;
  readonly dtype: DType;
}

/** A row as a plain object. */
export type Row = Record<string, Scalar>;

/** An immutable frame of named, typed columns of equal length. */
export class ColumnFrame {
  readonly length: number;
  private readonly positions: Map<string, number>;

  /**
   * @param names column names, unique
   * @param columns one column per name, all of the same length
   */
  constructor(readonly names: readonly string[], readonly columns: readonly Column[]) {
    if (names.length !== columns.length) throw new Error(`ColumnFrame: ${names.length} names for ${columns.length} columns`);
    this.positions = new Map(names.map((n, i) => [n, i]));
    if (this.positions.size !== names.length) throw new Error(`ColumnFrame: duplicate column names in [${names.join(", ")}]`);
    this.length = columns.length === 0 ? 0 : columnLength(columns[0]!);
    columns.forEach((c, i) => {
      if (columnLength(c) !== this.length) {
        throw new Error(`ColumnFrame: column "${names[i]}" has ${columnLength(c)} rows, column "${names[0]}" has ${this.length}`);
      }
    });
  }

  /** Builds a frame from named columns, in key order. */
  static of(columns: Record<string, Column>): ColumnFrame {
    return new ColumnFrame(Object.keys(columns), Object.values(columns));
  }

  /** Frames joined end to end; all must have `template`'s columns and types. */
  static concat(template: ColumnFrame, frames: readonly ColumnFrame[]): ColumnFrame {
    if (frames.length === 1) return frames[0]!;
    return new ColumnFrame(
      template.names,
      template.names.map((name, i) => concatColumns(template.columns[i]!.dtype, frames.map((f) => f.column(name)))),
    );
  }

  /** The fields, in column order. */
  get fields(): Field[] {
    return this.names.map((name, i) => ({ name, dtype: this.columns[i]!.dtype }));
  }

  /** Whether a column of that name exists. */
  has(name: string): boolean {
    return this.positions.has(name);
  }

  /** The column `name`; throws an error naming it and the columns there are when it is absent. */
  column(name: string): Column {
    const i = this.positions.get(name);
    if (i === undefined) throw new Error(`no column "${name}"; the frame has columns [${this.names.join(", ")}]`);
    return this.columns[i]!;
  }

  /** A frame with column `name` set (replaced in place, or appended). */
  withColumn(name: string, column: Column): ColumnFrame {
    if (columnLength(column) !== this.length && this.columns.length > 0) {
      throw new Error(`column "${name}" has ${columnLength(column)} rows, the frame has ${this.length}`);
    }
    const i = this.positions.get(name);
    if (i === undefined) return new ColumnFrame([...this.names, name], [...this.columns, column]);
    const cols = [...this.columns];
    cols[i] = column;
    return new ColumnFrame(this.names, cols);
  }

  /** A frame with only `names`, in that order. */
  select(names: readonly string[]): ColumnFrame {
    return new ColumnFrame(names, names.map((n) => this.column(n)));
  }

  /** Rows `indices`, in that order. */
  take(indices: Int32Array): ColumnFrame {
    return new ColumnFrame(this.names, this.columns.map((c) => takeRows(c, indices)));
  }

  /** The rows where `mask` (a boolean column of this frame's length) is set. */
  filter(mask: ArrayLike<number>): ColumnFrame {
    if (mask.length !== this.length) throw new Error(`filter: the mask has ${mask.length} rows, the frame has ${this.length}`);
    const n = this.length;
    let kept = 0;
    for (let i = 0; i < n; i++) if (mask[i]) kept++;
    if (kept === n) return this;
    const idx = new Int32Array(kept);
    for (let i = 0, k = 0; i < n; i++) if (mask[i]) idx[k++] = i;
    return this.take(idx);
  }

  /** Rows `start` to `end` (exclusive; negative counts from the end), sharing buffers. */
  slice(start: number, end: number = this.length): ColumnFrame {
    const s = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
    const e = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
    return new ColumnFrame(this.names, this.columns.map((c) => sliceRows(c, s, Math.max(s, e))));
  }

  /** Row `i` as an object. */
  row(i: number): Row {
    const out: Row = {};
    this.names.forEach((n, j) => (out[n] = valueAt(this.columns[j]!, i)));
    return out;
  }

  /** All rows as objects (for tables and charts). */
  toRows(): Row[] {
    const cols = this.columns.map(columnValues);
    const out = new Array<Row>(this.length);
    for (let i = 0; i < this.length; i++) {
      const r: Row = {};
      for (let j = 0; j < cols.length; j++) r[this.names[j]!] = cols[j]![i]!;
      out[i] = r;
    }
    return out;
  }

  /** All columns as plain arrays, by name. */
  toColumns(): Record<string, Scalar[]> {
    const out: Record<string, Scalar[]> = {};
    this.names.forEach((n, j) => (out[n] = columnValues(this.columns[j]!)));
    return out;
  }

  /** A short description, e.g. `ColumnFrame(1000 rows: name string, x float)`. */
  toString(): string {
    return `ColumnFrame(${this.length} rows: ${this.fields.map((f) => `${f.name} ${f.dtype}`).join(", ")})`;
  }
}
