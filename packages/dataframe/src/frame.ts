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

/** Rows picked from other columns, taken only when a column is asked for. */
interface Selection {
  readonly base: readonly Column[];
  readonly indices: Int32Array;
}

/**
 * Column positions per names array: frames of one stream share their names array (see
 * {@link sharedNames}) and so one Map, instead of a Map per frame (which costs more than a small
 * group-by's bookkeeping). A names array is never changed once a frame has it.
 */
const positionsByNames = new WeakMap<readonly string[], Map<string, number>>();

/** Column positions by name for `names`, or an error naming a duplicate. */
function positionsOf(names: readonly string[]): Map<string, number> {
  let positions = positionsByNames.get(names);
  if (positions !== undefined) return positions;
  positions = new Map<string, number>();
  for (let i = 0; i < names.length; i++) positions.set(names[i]!, i);
  if (positions.size !== names.length) throw new Error(`ColumnFrame: duplicate column names in [${names.join(", ")}]`);
  positionsByNames.set(names, positions);
  return positions;
}

/** Names arrays handed out lately by {@link sharedNames}, newest first. */
const recentNames: (readonly string[])[] = [];

/** An array equal to `names` that earlier frames have (or `names`, remembered): converted frames of one schema share it. */
export function sharedNames(names: readonly string[]): readonly string[] {
  for (const r of recentNames) {
    if (r.length !== names.length) continue;
    let same = true;
    for (let i = 0; same && i < names.length; i++) same = r[i] === names[i];
    if (same) return r;
  }
  recentNames.unshift(names);
  if (recentNames.length > 16) recentNames.pop();
  return names;
}

/**
 * An immutable frame of named, typed columns of equal length. A filtered frame takes its rows from
 * a column only when that column is used, so `filter(...).get("x").sum()` copies one column, not all.
 */
export class ColumnFrame {
  readonly length: number;
  private readonly positions: Map<string, number>;
  private readonly cols: (Column | undefined)[];
  private readonly selection: Selection | undefined;

  /**
   * @param names column names, unique
   * @param columns one column per name, all of the same length
   */
  constructor(
    readonly names: readonly string[],
    columns: readonly Column[],
    selection?: Selection,
  ) {
    const source = selection?.base ?? columns;
    if (names.length !== source.length) throw new Error(`ColumnFrame: ${names.length} names for ${source.length} columns`);
    this.positions = positionsOf(names);
    this.selection = selection;
    if (selection) {
      this.cols = new Array<Column | undefined>(names.length);
      this.length = selection.indices.length;
      return;
    }
    this.cols = columns as Column[];
    this.length = columns.length === 0 ? 0 : columnLength(columns[0]!);
    for (let i = 1; i < columns.length; i++) {
      if (columnLength(columns[i]!) !== this.length) {
        throw new Error(`ColumnFrame: column "${names[i]}" has ${columnLength(columns[i]!)} rows, column "${names[0]}" has ${this.length}`);
      }
    }
  }

  /** The columns, in order (a filtered frame takes its rows from every column now). */
  get columns(): readonly Column[] {
    for (let i = 0; i < this.names.length; i++) this.at(i);
    return this.cols as Column[];
  }

  /** Column `i`, taken from the selection on first use. */
  private at(i: number): Column {
    let c = this.cols[i];
    if (c === undefined) {
      const sel = this.selection!;
      c = this.cols[i] = takeRows(sel.base[i]!, sel.indices);
    }
    return c;
  }

  /**
   * Column `name` as the unselected column plus the indices of this frame's rows, when its rows were
   * not taken yet (else undefined): aggregations read through the indices instead of copying.
   */
  selected(name: string): { base: Column; indices: Int32Array } | undefined {
    const i = this.positions.get(name);
    if (i === undefined || this.selection === undefined || this.cols[i] !== undefined) return undefined;
    return { base: this.selection.base[i]!, indices: this.selection.indices };
  }

  /** The type of column `i` (without taking a selected column's rows). */
  dtypeAt(i: number): DType {
    return (this.cols[i] ?? this.selection!.base[i]!).dtype;
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
      template.names.map((name, i) =>
        concatColumns(
          template.columns[i]!.dtype,
          frames.map((f) => f.column(name)),
        ),
      ),
    );
  }

  /** The fields, in column order. */
  get fields(): Field[] {
    return this.names.map((name, i) => ({ name, dtype: this.dtypeAt(i) }));
  }

  /** Whether a column of that name exists. */
  has(name: string): boolean {
    return this.positions.has(name);
  }

  /** The column `name`; throws an error naming it and the columns there are when it is absent. */
  column(name: string): Column {
    const i = this.positions.get(name);
    if (i === undefined) throw new Error(`no column "${name}"; the frame has columns [${this.names.join(", ")}]`);
    return this.at(i);
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
    return new ColumnFrame(
      names,
      names.map((n) => this.column(n)),
    );
  }

  /** Rows `indices`, in that order (each column is taken when first used). */
  take(indices: Int32Array): ColumnFrame {
    if (this.selection) {
      // compose with this frame's own selection instead of materialising it
      const inner = this.selection.indices;
      const composed = new Int32Array(indices.length);
      for (let i = 0; i < indices.length; i++) composed[i] = inner[indices[i]!]!;
      return new ColumnFrame(this.names, [], { base: this.selection.base, indices: composed });
    }
    return new ColumnFrame(this.names, [], { base: this.cols as Column[], indices });
  }

  /** The rows where `mask` (a boolean column of this frame's length) is set. */
  filter(mask: ArrayLike<number>): ColumnFrame {
    if (mask.length !== this.length) throw new Error(`filter: the mask has ${mask.length} rows, the frame has ${this.length}`);
    const n = this.length;
    const all = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      all[k] = i; // branch-free: always write, advance only past kept rows
      k += mask[i] ? 1 : 0;
    }
    if (k === n) return this;
    const idx = all.subarray(0, k);
    return this.take(idx);
  }

  /** Rows `start` to `end` (exclusive; negative counts from the end), sharing buffers. */
  slice(start: number, end: number = this.length): ColumnFrame {
    const s = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
    const e = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
    return new ColumnFrame(
      this.names,
      this.columns.map((c) => sliceRows(c, s, Math.max(s, e))),
    );
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
