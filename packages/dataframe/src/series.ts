/**
 * StreamingSeries: one column of a streaming frame (streamz.dataframe's `Series`). A series is an
 * expression over the frames of its stream, evaluated per frame, so `sdf.get("x").gt(0)` and the
 * filter that uses it run as one pass each over typed arrays, with nothing to zip.
 */
import type { Stream } from "@streamz-ts/core";
import type { Series as DanfoSeries } from "danfojs-node";
import { columnValues, sliceRows, type Column, type DType, type NumericColumn, type Scalar } from "./column";
import { Aggregations } from "./aggregations";
import { toDanfoSeries } from "./convert/danfo";
import { ColumnFrame } from "./frame";
import { StreamingDataFrame } from "./dataframe";
import { astype, checkAsType, type AsType } from "./compute/astype";
import { Cumulative, type CumOp } from "./compute/cumulative";
import { arith, compare, logical, not, selectWhere, type ArithOp, type CompareOp, type Operand } from "./compute/elementwise";
import { GroupAggregate, GroupKeys } from "./compute/groups";
import { abs, between, clip, Distinct, fillna, isin, neg, round, where, type Inclusive } from "./compute/transform";
import { dropped, lagged } from "./lagged";
import { Expanding, type ExpandingOptions } from "./expanding";
import { RunningMedian, RunningProduct } from "./compute/running";
import { Ewm, type EwmOptions } from "./ewm";
import { checkAgg, Moments, type AggName } from "./compute/moments";
import { Rolling, Window, type WindowOptions } from "./rolling";

/** What a series can be combined with: another series of the same frames, or a scalar. */
export type SeriesOperand = StreamingSeries | number | string | boolean;

/** Options of `var` and `std`. */
export interface SpreadOptions {
  /** Delta degrees of freedom; default 1, as pandas. */
  ddof?: number;
}

/** A streaming column: an expression evaluated on each frame of a stream of frames. */
export class StreamingSeries extends Aggregations<Stream<number>> {
  /** The column type, found by evaluating the expression on the example. */
  readonly dtype: DType;
  private columnStream: Stream<Column> | undefined;
  /** Set when this series is a column of its frames as it is (not computed): aggregations may read it in place. */
  protected column: string | undefined;

  /**
   * @param frames the frames this series is computed from
   * @param example a frame with the stream's schema
   * @param name the series' name (the column it came from)
   * @param expr computes this series' column from a frame
   */
  constructor(
    readonly frames: Stream<ColumnFrame>,
    readonly example: ColumnFrame,
    readonly name: string,
    readonly expr: (f: ColumnFrame) => Column,
    /** For a boolean series: the indices of its true rows, computed without a mask (a fast path of `filter`). */
    readonly select?: (f: ColumnFrame) => Int32Array,
  ) {
    super();
    this.dtype = expr(example).dtype; // evaluating on the example reports a bad expression now, not mid-stream
  }

  /** The series of column `name` of a streaming frame. */
  static ofColumn(frames: Stream<ColumnFrame>, example: ColumnFrame, name: string): StreamingSeries {
    example.column(name); // throws, naming the columns there are
    const s = new StreamingSeries(frames, example, name, (f) => f.column(name));
    s.column = name;
    return s;
  }

  /** The same series under another name (a computed group key or column is named after it). @example `x.gt(0).rename("up")` */
  rename(name: string): StreamingSeries {
    if (typeof name !== "string" || name === "") throw new TypeError(`rename: "${this.name}" needs a non-empty name`);
    return new StreamingSeries(this.frames, this.example, name, this.expr, this.select);
  }

  /** The stream of this series' columns, one per frame (typed arrays; see `values()` for plain ones). */
  get stream(): Stream<Column> {
    return (this.columnStream ??= this.frames.map(this.expr).label(`column ${this.name}`));
  }

  /** The values of each frame as a plain array. */
  values(): Stream<Scalar[]> {
    return this.stream.map(columnValues);
  }

  /** Each frame's column as a danfojs Series (loads danfojs). */
  toDanfo(): Stream<DanfoSeries> {
    return this.frames.map((f) => toDanfoSeries(new ColumnFrame([this.name], [this.expr(f)]), this.name));
  }

  /**
   * The frames this series is computed from, with the series set as their column `name` (added, or
   * replacing the column it came from): how a computed series gets plotted against the frame's time.
   * @example `sdf.get("x").rolling("1s").mean().toFrame().plot.line("time", "x")`
   */
  toFrame(): StreamingDataFrame {
    const set = (f: ColumnFrame) => f.withColumn(this.name, this.expr(f));
    return StreamingDataFrame.fromFrames(this.frames.map(set).label(`${this.name}.toFrame()`), set(this.example));
  }

  /** A series of the same frames computed by `fn` from this one's column. */
  protected derive(fn: (c: Column, f: ColumnFrame) => Column): StreamingSeries {
    const expr = this.expr;
    return new StreamingSeries(this.frames, this.example, this.name, (f) => fn(expr(f), f));
  }

  private operand(o: SeriesOperand, op: string): (f: ColumnFrame) => Operand {
    if (!(o instanceof StreamingSeries)) return () => o;
    if (o.frames !== this.frames) {
      throw new Error(`${op}: "${this.name}" and "${o.name}" come from different streaming frames; combine series of one frame`);
    }
    return o.expr;
  }

  private cmp(op: CompareOp, o: SeriesOperand): StreamingSeries {
    const other = this.operand(o, op);
    const expr = this.expr;
    const mask = (f: ColumnFrame) => compare(op, expr(f), other(f));
    if (typeof o !== "number" || this.dtype === "string") return new StreamingSeries(this.frames, this.example, this.name, mask);
    const select = (f: ColumnFrame) => selectWhere(op, (expr(f) as Exclude<Column, { dtype: "string" }>).values, o);
    return new StreamingSeries(this.frames, this.example, this.name, mask, select);
  }

  private math(op: ArithOp, o: SeriesOperand, reversed = false): StreamingSeries {
    const other = this.operand(o, op);
    return this.derive((c, f) => arith(op, c, other(f), reversed));
  }

  /** `this > o`, row by row. @example `sdf.filter(sdf.get("x").gt(0))` */
  gt(o: SeriesOperand): StreamingSeries {
    return this.cmp("gt", o);
  }
  /** `this >= o` */
  ge(o: SeriesOperand): StreamingSeries {
    return this.cmp("ge", o);
  }
  /** `this < o` */
  lt(o: SeriesOperand): StreamingSeries {
    return this.cmp("lt", o);
  }
  /** `this <= o` */
  le(o: SeriesOperand): StreamingSeries {
    return this.cmp("le", o);
  }
  /** `this == o` (strings compare too) */
  eq(o: SeriesOperand): StreamingSeries {
    return this.cmp("eq", o);
  }
  /** `this != o` */
  ne(o: SeriesOperand): StreamingSeries {
    return this.cmp("ne", o);
  }
  /** `this + o` @example `sdf.get("x").add(sdf.get("y"))` */
  add(o: SeriesOperand): StreamingSeries {
    return this.math("add", o);
  }
  /** `this - o` */
  sub(o: SeriesOperand): StreamingSeries {
    return this.math("sub", o);
  }
  /** `this * o` */
  mul(o: SeriesOperand): StreamingSeries {
    return this.math("mul", o);
  }
  /** `this / o` (always float) */
  div(o: SeriesOperand): StreamingSeries {
    return this.math("div", o);
  }
  /** `this % o`, with the divisor's sign as in pandas */
  mod(o: SeriesOperand): StreamingSeries {
    return this.math("mod", o);
  }
  /** `this ** o` */
  pow(o: SeriesOperand): StreamingSeries {
    return this.math("pow", o);
  }

  /** Row-wise `and` of two boolean series. @example `x.gt(0).and(x.lt(1))` */
  and(o: StreamingSeries): StreamingSeries {
    const other = this.operand(o, "and");
    return this.derive((c, f) => logical("and", c, other(f) as Column));
  }
  /** Row-wise `or` of two boolean series. */
  or(o: StreamingSeries): StreamingSeries {
    const other = this.operand(o, "or");
    return this.derive((c, f) => logical("or", c, other(f) as Column));
  }
  /** Row-wise negation of a boolean series. */
  not(): StreamingSeries {
    return this.derive(not);
  }

  // element-wise transforms (compute/transform.ts); shift, diff and dropna make new frames (lagged.ts)
  /** `o + this`: a scalar on the left, pandas' `radd`. */
  radd(o: SeriesOperand): StreamingSeries {
    return this.math("add", o, true);
  }
  /** `o - this`. @example `sdf.get("x").rsub(1)` is pandas' `1 - df.x` */
  rsub(o: SeriesOperand): StreamingSeries {
    return this.math("sub", o, true);
  }
  /** `o * this` */
  rmul(o: SeriesOperand): StreamingSeries {
    return this.math("mul", o, true);
  }
  /** `o / this` (always float) */
  rdiv(o: SeriesOperand): StreamingSeries {
    return this.math("div", o, true);
  }
  /** `o % this`, with this' sign as in pandas */
  rmod(o: SeriesOperand): StreamingSeries {
    return this.math("mod", o, true);
  }
  /** `o ** this` */
  rpow(o: SeriesOperand): StreamingSeries {
    return this.math("pow", o, true);
  }
  /**
   * The series converted to `dtype` by pandas' rules (see compute/astype.ts): floats to int truncate
   * and refuse NaN or infinity, strings parse as Python's int() / float(), numbers become strings as
   * Python writes them (missing stays missing), bool is Python's truth. A value that cannot convert
   * throws when its frame arrives, naming the series and the row.
   * @example `sdf.get("k").astype("int")`, `sdf.get("x").astype("string")`
   */
  astype(dtype: AsType): StreamingSeries {
    const what = `${this.name}.astype("${dtype}")`;
    checkAsType(dtype, what);
    const example = this.example;
    // the example's rows only show types (a danfojs example needs a row): they are not converted
    return this.derive((c, f) => astype(f === example ? sliceRows(c, 0, 0) : c, dtype, this.name, what));
  }
  /** Absolute values. */
  abs(): StreamingSeries {
    return this.derive(abs);
  }
  /** `-this` (pandas' unary minus; an integer 0 stays +0). */
  neg(): StreamingSeries {
    return this.derive(neg);
  }
  /** Rounded to `decimals` places, halves to even (numpy's round, which pandas runs). @example `x.round(2)` */
  round(decimals = 0): StreamingSeries {
    return this.derive((c) => round(c, decimals));
  }
  /** Values limited to `[lower, upper]`; an undefined or NaN bound is no bound. @example `x.clip(0, 1)` */
  clip(lower?: number, upper?: number): StreamingSeries {
    return this.derive((c) => clip(c, lower, upper));
  }
  /** Missing values (NaN, null) replaced by `value`. @example `x.fillna(0)`, `name.fillna("none")` */
  fillna(value: number | string): StreamingSeries {
    return this.derive((c) => fillna(c, value));
  }
  /** Whether each value is one of `values` (NaN matches NaN, null a missing value). @example `sdf.filter(name.isin(["a", "b"]))` */
  isin(values: readonly (number | string | boolean | null)[]): StreamingSeries {
    return this.derive((c) => isin(c, values));
  }
  /** Whether `left <= this <= right` (`inclusive` as pandas: "both", "neither", "left", "right"); missing is false. */
  between(left: number | string, right: number | string, inclusive: Inclusive = "both"): StreamingSeries {
    return this.derive((c) => between(c, left, right, inclusive));
  }
  /** The value `periods` rows earlier, across frames (NaN for the stream's first rows): a series of new frames. */
  shift(periods = 1): StreamingSeries {
    return lagged(this, "shift", periods);
  }
  /** The difference from the value `periods` rows earlier, across frames: a series of new frames. @example `x.diff()` */
  diff(periods = 1): StreamingSeries {
    return lagged(this, "diff", periods);
  }
  /**
   * The change from the value `periods` rows earlier, as a fraction, across frames (pandas'
   * `pct_change`); missing values are first filled with the last value before them unless
   * `fillMethod` is null (pandas 1 and 2 fill; pandas 3 does not). @example `price.pctChange()`
   */
  pctChange(periods = 1, options: { fillMethod?: "pad" | null } = {}): StreamingSeries {
    return lagged(this, "pctChange", periods, options.fillMethod !== null);
  }
  /** The frames' rows where this series has a value (not NaN, not null), with the series as their column. */
  dropna(): StreamingSeries {
    return dropped(this);
  }
  /** This series where `cond` holds, else `other` (default missing), pandas' `where`. @example `x.where(x.gt(0), 0)` */
  where(cond: StreamingSeries, other: SeriesOperand | null = NaN): StreamingSeries {
    const c = this.operand(cond, "where");
    const o = other === null ? () => null : this.operand(other, "where");
    return this.derive((col, f) => where(col, c(f) as Column, o(f)));
  }
  /** The running product of the non-missing values (1 before any, as pandas). */
  prod(): Stream<number> {
    this.requireNumeric("prod");
    const state = new RunningProduct();
    return this.stream.map((c) => state.add((c as NumericColumn).values)).label(`${this.name}.prod()`);
  }
  /** The running median of the non-missing values (keeps them all: a median needs them). */
  median(): Stream<number> {
    this.requireNumeric("median");
    const state = new RunningMedian();
    return this.stream.map((c) => state.add((c as NumericColumn).values)).label(`${this.name}.median()`);
  }
  /** The number of distinct non-missing values so far, after each frame (pandas' `nunique`). */
  nunique(): Stream<number> {
    const seen = new Distinct();
    return this.stream.map((c) => seen.add(c)).label(`${this.name}.nunique()`);
  }
  /** Exponentially weighted mean, var and std, one value per row (pandas' `ewm`). @example `x.ewm({ span: 10 }).mean()` */
  ewm(options: EwmOptions): Ewm {
    return new Ewm(this, options);
  }
  /** Aggregations of every row so far, one value per row (pandas' `expanding`). @example `x.expanding().mean()` */
  expanding(options: ExpandingOptions = {}): Expanding {
    return new Expanding(this, options);
  }

  /**
   * A running aggregation over every row seen so far, emitted after each frame (incremental: the
   * state is a few numbers, not the history).
   * @example `sdf.get("x").agg("mean").sink(console.log)`
   */
  override agg(agg: AggName, options: SpreadOptions = {}): Stream<number> {
    checkAgg(agg);
    this.requireNumeric(agg);
    const state = new Moments();
    const spread = agg === "var" || agg === "std";
    const extremes = agg === "min" || agg === "max";
    const fold = (c: Column): number => {
      if (c.dtype === "string") state.size += c.codes.length;
      else state.add(c.values, spread, extremes);
      return state.value(agg, options.ddof);
    };
    const column = this.column;
    if (column !== undefined && (agg === "sum" || agg === "mean" || agg === "count" || agg === "size")) {
      // a filtered frame's column is summed through the filter's indices, without copying it
      return this.frames
        .map((f) => {
          const sel = f.selected(column);
          if (sel === undefined || sel.base.dtype === "string") return fold(f.column(column));
          state.addAt(sel.base.values, sel.indices);
          return state.value(agg);
        })
        .label(`${this.name}.${agg}()`);
    }
    return this.stream.map(fold).label(`${this.name}.${agg}()`);
  }

  /** Running number of rows. */ size(): Stream<number> {
    return this.agg("size");
  }

  private requireNumeric(what: string): void {
    if (this.dtype === "string" && what !== "size") throw new TypeError(`${what}: series "${this.name}" holds strings`);
  }

  /** A series carried across frames by a cumulative operation. */
  cumulative(op: CumOp): StreamingSeries {
    this.requireNumeric(op);
    const state = new Cumulative(op);
    const name = this.name;
    const frames = this.frames.map((f) => {
      const c = this.expr(f) as Exclude<Column, { dtype: "string" }>;
      return f.withColumn(name, state.next(c.values, c.dtype));
    });
    const c = this.expr(this.example) as Exclude<Column, { dtype: "string" }>;
    const example = this.example.withColumn(name, new Cumulative(op).next(c.values, c.dtype));
    return StreamingSeries.ofColumn(frames.label(`${name}.${op}()`), example, name);
  }

  /** Cumulative sum across all frames. @example `sdf.get("x").cumsum()` */ cumsum(): StreamingSeries {
    return this.cumulative("cumsum");
  }
  /** Cumulative product. */ cumprod(): StreamingSeries {
    return this.cumulative("cumprod");
  }
  /** Cumulative minimum. */ cummin(): StreamingSeries {
    return this.cumulative("cummin");
  }
  /** Cumulative maximum. */ cummax(): StreamingSeries {
    return this.cumulative("cummax");
  }

  /**
   * Running counts of each value, most frequent first: a streaming frame `{[name]: value, count}`
   * re-emitted after each frame. Missing values are not counted (pandas' dropna).
   */
  valueCounts(): StreamingDataFrame {
    const keys = new GroupKeys(this.name, this.dtype);
    const counts = new GroupAggregate("size");
    const result = (): ColumnFrame => {
      const ids = keys.keys.map((_, i) => i).sort((a, b) => counts.value(b) - counts.value(a) || (keys.keys[a]! < keys.keys[b]! ? -1 : 1));
      const values = Float64Array.from(ids, (g) => counts.value(g));
      return new ColumnFrame([this.name, "count"], [keys.keyColumn(ids), { dtype: "int", values }]);
    };
    const example = result();
    const frames = this.stream.map((c) => {
      const ids = keys.idsOf(c);
      counts.add(ids, undefined, keys.keys.length);
      return result();
    });
    // each frame is the whole count table, most frequent first: views show it as it is
    return StreamingDataFrame.fromFrames(frames.label(`${this.name}.valueCounts()`), example, { key: [] });
  }

  /**
   * Rolling aggregations: for every row, over the `window` rows ending at it, or with a duration
   * ("10s") over the rows within that time before it on the time column `on`.
   * @example `sdf.get("x").rolling(10).mean()`, `sdf.get("x").rolling("2s", { on: "time" }).sum()`
   */
  rolling(window: number | string, options: WindowOptions = {}): Rolling {
    return new Rolling(this, window, options);
  }

  /**
   * Aggregations over the latest `window` rows (or the rows within a duration of the newest one),
   * one value per frame.
   * @example `sdf.get("x").window(100).mean()`
   */
  window(window: number | string, options: WindowOptions = {}): Window {
    return new Window(this, window, options);
  }
}
