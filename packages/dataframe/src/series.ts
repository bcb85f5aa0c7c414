/**
 * StreamingSeries: one column of a streaming frame (streamz.dataframe's `Series`). A series is an
 * expression over the frames of its stream, evaluated per frame, so `sdf.get("x").gt(0)` and the
 * filter that uses it run as one pass each over typed arrays, with nothing to zip.
 */
import type { Stream } from "@streamz-ts/core";
import type { Series as DanfoSeries } from "danfojs-node";
import { columnValues, type Column, type DType, type Scalar } from "./column";
import { toDanfoSeries } from "./convert/danfo";
import { ColumnFrame } from "./frame";
import { StreamingDataFrame } from "./dataframe";
import { Cumulative, type CumOp } from "./kernels/cumulative";
import { arith, compare, logical, not, selectWhere, type ArithOp, type CompareOp, type Operand } from "./kernels/elementwise";
import { GroupAggregate, GroupKeys } from "./kernels/groups";
import { checkAgg, Moments, type AggName } from "./kernels/moments";
import { Rolling, Window, type WindowOptions } from "./rolling";

/** What a series can be combined with: another series of the same frames, or a scalar. */
export type SeriesOperand = StreamingSeries | number | string | boolean;

/** Options of `var` and `std`. */
export interface SpreadOptions {
  /** Delta degrees of freedom; default 1, as pandas. */
  ddof?: number;
}

/** A streaming column: an expression evaluated on each frame of a stream of frames. */
export class StreamingSeries {
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
    this.dtype = expr(example).dtype; // evaluating on the example reports a bad expression now, not mid-stream
  }

  /** The series of column `name` of a streaming frame. */
  static ofColumn(frames: Stream<ColumnFrame>, example: ColumnFrame, name: string): StreamingSeries {
    example.column(name); // throws, naming the columns there are
    const s = new StreamingSeries(frames, example, name, (f) => f.column(name));
    s.column = name;
    return s;
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

  private math(op: ArithOp, o: SeriesOperand): StreamingSeries {
    const other = this.operand(o, op);
    return this.derive((c, f) => arith(op, c, other(f)));
  }

  /** `this > o`, row by row. @example `sdf.filter(sdf.get("x").gt(0))` */
  gt(o: SeriesOperand): StreamingSeries { return this.cmp("gt", o); }
  /** `this >= o` */
  ge(o: SeriesOperand): StreamingSeries { return this.cmp("ge", o); }
  /** `this < o` */
  lt(o: SeriesOperand): StreamingSeries { return this.cmp("lt", o); }
  /** `this <= o` */
  le(o: SeriesOperand): StreamingSeries { return this.cmp("le", o); }
  /** `this == o` (strings compare too) */
  eq(o: SeriesOperand): StreamingSeries { return this.cmp("eq", o); }
  /** `this != o` */
  ne(o: SeriesOperand): StreamingSeries { return this.cmp("ne", o); }
  /** `this + o` @example `sdf.get("x").add(sdf.get("y"))` */
  add(o: SeriesOperand): StreamingSeries { return this.math("add", o); }
  /** `this - o` */
  sub(o: SeriesOperand): StreamingSeries { return this.math("sub", o); }
  /** `this * o` */
  mul(o: SeriesOperand): StreamingSeries { return this.math("mul", o); }
  /** `this / o` (always float) */
  div(o: SeriesOperand): StreamingSeries { return this.math("div", o); }
  /** `this % o`, with the divisor's sign as in pandas */
  mod(o: SeriesOperand): StreamingSeries { return this.math("mod", o); }
  /** `this ** o` */
  pow(o: SeriesOperand): StreamingSeries { return this.math("pow", o); }

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

  /**
   * A running aggregation over every row seen so far, emitted after each frame (incremental: the
   * state is a few numbers, not the history).
   * @example `sdf.get("x").agg("mean").sink(console.log)`
   */
  agg(agg: AggName, options: SpreadOptions = {}): Stream<number> {
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
    return this.stream
      .map(fold)
      .label(`${this.name}.${agg}()`);
  }

  /** Running sum. */ sum(): Stream<number> { return this.agg("sum"); }
  /** Running mean. */ mean(): Stream<number> { return this.agg("mean"); }
  /** Running count of non-missing values. */ count(): Stream<number> { return this.agg("count"); }
  /** Running number of rows. */ size(): Stream<number> { return this.agg("size"); }
  /** Running minimum. */ min(): Stream<number> { return this.agg("min"); }
  /** Running maximum. */ max(): Stream<number> { return this.agg("max"); }
  /** Running sample variance (`ddof` 1 by default). */ var(options?: SpreadOptions): Stream<number> { return this.agg("var", options); }
  /** Running sample standard deviation. */ std(options?: SpreadOptions): Stream<number> { return this.agg("std", options); }

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

  /** Cumulative sum across all frames. @example `sdf.get("x").cumsum()` */ cumsum(): StreamingSeries { return this.cumulative("cumsum"); }
  /** Cumulative product. */ cumprod(): StreamingSeries { return this.cumulative("cumprod"); }
  /** Cumulative minimum. */ cummin(): StreamingSeries { return this.cumulative("cummin"); }
  /** Cumulative maximum. */ cummax(): StreamingSeries { return this.cumulative("cummax"); }

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
    return StreamingDataFrame.fromFrames(frames.label(`${this.name}.valueCounts()`), example);
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
