/**
 * StreamingDataFrame: a stream of frames plus an example that fixes their schema (streamz.dataframe's
 * `DataFrame`). Frames arrive as danfojs DataFrames or Arrow tables / record batches, are checked
 * against the example, and flow on as typed columns; results are again streaming frames, series, or
 * streams of numbers.
 */
import type { Stream } from "@streamz-ts/core";
import type { DataFrame as DanfoFrame } from "danfojs-node";
import { Aggregations } from "./aggregations";
import { astype, checkAsType, type AsType } from "./compute/astype";
import { specsOf, type AggSpecMap } from "./agg-spec";
import { toDanfo } from "./convert/danfo";
import { toColumnFrame, type FrameInput } from "./convert/input";
import { dropnaFrame, type DropnaOptions } from "./dropna";
import { extremeRows, tailRows } from "./latest";
import type { ColumnFrame, Field, Row } from "./frame";
import { FrameRolling, FrameWindow, TimedFrameWindow } from "./frame-windows";
import { GroupBy, type GroupKey } from "./groupby";
import { EventWindow, type EventWindowOptions } from "./event-time";
import type { CumOp } from "./compute/cumulative";
import { checkAgg, type AggName } from "./compute/moments";
import { PlotAccessor } from "./plot/plot";
import type { WindowOptions } from "./rolling";
import { conform } from "./schema";
import { StreamingSeries, type SpreadOptions } from "./series";

/** Options of {@link StreamingDataFrame}. */
export interface StreamingDataFrameOptions {
  /** A frame with the stream's columns and types (it may have no rows). */
  example: FrameInput;
}

/** Options of `accumulatePartitions`. */
export interface AccumulatePartitionsOptions<S> {
  /** The initial state. */
  start: S;
  /** A frame with the output's schema; default: the first output is computed from `example`. */
  example?: FrameInput;
}

/**
 * Said of a streaming frame whose every frame is the whole current result (a group-by, value counts)
 * rather than new rows: live views then show the latest frame instead of piling frames up. `key`
 * names the columns that identify a row across results (a group-by's key), empty when none do.
 */
export interface FrameState {
  readonly key: readonly string[];
}

/**
 * Streaming frames live in the kernel: their frames, conversions and group-by states are kernel
 * objects. A cluster stream (`scatter()` of @streamz-ts/cluster, recognised by its `gather`) passes
 * futures of work on other threads or processes, which no frame operator could read (and a keyed
 * scatter's per-key state on the workers is `accumulate`'s alone), so it is refused with the way out.
 */
function refuseClusterStream(stream: unknown): void {
  if (typeof (stream as { gather?: unknown } | undefined)?.gather !== "function") return;
  throw new TypeError(
    "StreamingDataFrame: the stream is a cluster stream (after scatter()); frames and group-by states live in the kernel. " +
      "gather() first: new StreamingDataFrame(source.scatter({ key }).map(prepare).gather(), { example }). " +
      "Group state kept per key on the workers: scatter({ key }).accumulate(fn, { start }) (see @streamz-ts/cluster).",
  );
}

/** A stream of frames with a fixed schema, offering a pandas-like, incremental API. */
export class StreamingDataFrame extends Aggregations<Stream<Record<string, number>>> {
  /** The frames, as typed columns (checked against the example). */
  readonly frames: Stream<ColumnFrame>;
  /** The schema, as a frame. */
  readonly example: ColumnFrame;
  /** Set when each frame is a whole result (see {@link FrameState}); undefined when frames are new rows. */
  readonly state: FrameState | undefined;
  private input: Stream<FrameInput> | undefined;

  /**
   * Wraps `stream`, whose elements are danfojs DataFrames, Arrow Tables or RecordBatches. Each
   * frame is converted and checked against `example`; a mismatch throws a `SchemaError` naming the
   * column, through the emitting call.
   * @example
   * ```ts
   * const source = new Stream<dfd.DataFrame>();
   * const sdf = new StreamingDataFrame(source, { example: new dfd.DataFrame({ name: ["a"], x: [0.5] }) });
   * sdf.filter(sdf.get("x").gt(0)).get("x").sum().sink(console.log);
   * source.emit(frame);
   * ```
   */
  constructor(stream: Stream<FrameInput>, options: StreamingDataFrameOptions);
  /** @internal (use {@link StreamingDataFrame.fromFrames}) */
  constructor(stream: Stream<ColumnFrame>, options: { example: ColumnFrame; converted: true; state?: FrameState });
  constructor(stream: Stream<any>, options: StreamingDataFrameOptions & { converted?: boolean; state?: FrameState }) {
    super();
    refuseClusterStream(stream);
    if (options?.example === undefined)
      throw new TypeError("StreamingDataFrame needs { example }: a frame with the stream's columns and types");
    const example = toColumnFrame(options.example);
    this.example = example;
    this.state = options.state;
    if (options.converted) {
      this.frames = stream;
    } else {
      this.input = stream;
      const hint = example.fields;
      this.frames = stream.map((x: FrameInput) => conform(toColumnFrame(x, hint), example)).label("toColumnFrame");
    }
  }

  /**
   * A streaming frame over frames that are already ColumnFrames with `example`'s schema; `state` when
   * each frame is a whole result (see {@link FrameState}).
   */
  static fromFrames(frames: Stream<ColumnFrame>, example: ColumnFrame, state?: FrameState): StreamingDataFrame {
    return new StreamingDataFrame(frames, { example, converted: true, state });
  }

  /** Column names. */
  get columns(): string[] {
    return [...this.example.names];
  }

  /** Column names and types. */
  get fields(): Field[] {
    return this.example.fields;
  }

  /** Pushes a frame into the stream this one wraps (streamz's `sdf.emit`). */
  emit(frame: FrameInput): ReturnType<Stream<unknown>["emit"]> {
    return this.input ? this.input.emit(frame) : this.frames.emit(toColumnFrame(frame, this.example.fields));
  }

  /** Starts the sources upstream (e.g. a {@link Random} frame). */
  start(): void {
    this.frames.start();
  }

  /** Stops the sources upstream. */
  stop(): void {
    this.frames.stop();
  }

  /** The column `name` as a streaming series. @example `sdf.get("x").mean()` */
  get(name: string): StreamingSeries {
    return StreamingSeries.ofColumn(this.frames, this.example, name);
  }

  /** Only the columns `names`, in that order. */
  select(names: readonly string[]): StreamingDataFrame {
    const example = this.example.select(names);
    const state = this.state && { key: this.state.key.every((k) => names.includes(k)) ? this.state.key : [] };
    return StreamingDataFrame.fromFrames(this.frames.map((f) => f.select(names)).label(`select ${names.join(",")}`), example, state);
  }

  /** The rows where `mask` (a boolean series of this frame) is true. @example `sdf.filter(sdf.get("x").gt(0))` */
  filter(mask: StreamingSeries): StreamingDataFrame {
    if (!(mask instanceof StreamingSeries) || mask.frames !== this.frames) {
      throw new Error('filter: the mask must be a series of this same streaming frame, e.g. sdf.filter(sdf.get("x").gt(0))');
    }
    if (mask.dtype !== "bool")
      throw new TypeError(`filter: the mask "${mask.name}" holds ${mask.dtype} values, not booleans (compare it, e.g. .gt(0))`);
    const { expr, select } = mask;
    const keep = select
      ? (f: ColumnFrame): ColumnFrame => {
          const idx = select(f);
          return idx.length === f.length ? f : f.take(idx);
        }
      : (f: ColumnFrame): ColumnFrame => f.filter((expr(f) as { values: Uint8Array }).values);
    return StreamingDataFrame.fromFrames(this.frames.map(keep).label(`filter(${mask.name})`), keep(this.example), this.state);
  }

  /**
   * The rows without missing values (NaN, null), pandas' `dropna`: `how: "all"` drops only rows
   * missing every value, `subset` names the columns to look at.
   * @example `sdf.dropna({ subset: ["x"] })`
   */
  dropna(options: DropnaOptions = {}): StreamingDataFrame {
    for (const name of options.subset ?? []) this.example.column(name); // throws, naming the columns there are
    const drop = (f: ColumnFrame) => dropnaFrame(f, options);
    return StreamingDataFrame.fromFrames(this.frames.map(drop).label("dropna"), drop(this.example), this.state);
  }

  /** The newest `n` rows so far, re-emitted after each frame (pandas' `tail` over the stream). @example `sdf.tail(10)` */
  tail(n: number): StreamingDataFrame {
    return tailRows(this, n);
  }

  /** The `n` rows with the largest `column` so far, largest first, after each frame (pandas' `nlargest`, keep="first"). */
  nlargest(n: number, column: string): StreamingDataFrame {
    return extremeRows(this, n, column, true);
  }

  /** The `n` rows with the smallest `column` so far, smallest first, after each frame (pandas' `nsmallest`). */
  nsmallest(n: number, column: string): StreamingDataFrame {
    return extremeRows(this, n, column, false);
  }

  /**
   * New or replaced columns computed from series of this frame (or constants).
   * @example `sdf.assign({ z: sdf.get("x").mul(sdf.get("y")) })`
   */
  assign(columns: Record<string, StreamingSeries | number>): StreamingDataFrame {
    const exprs = Object.entries(columns).map(([name, s]) => {
      if (typeof s === "number")
        return [name, (f: ColumnFrame) => ({ dtype: "float" as const, values: new Float64Array(f.length).fill(s) })] as const;
      if (!(s instanceof StreamingSeries) || s.frames !== this.frames)
        throw new Error(`assign: column "${name}" must be a series of this same streaming frame, or a number`);
      return [name, s.expr] as const;
    });
    const add = (f: ColumnFrame): ColumnFrame => exprs.reduce((acc, [name, expr]) => acc.withColumn(name, expr(f)), f);
    const state = this.state && { key: this.state.key.filter((k) => !(k in columns)) };
    return StreamingDataFrame.fromFrames(this.frames.map(add).label(`assign(${Object.keys(columns).join(",")})`), add(this.example), state);
  }

  /**
   * Columns converted to other types (pandas' `astype`): every column to `dtype`, or the columns a
   * record names (see {@link StreamingSeries.astype} for the rules).
   * @example `sdf.astype({ k: "int", x: "string" })`
   */
  astype(dtype: AsType | Record<string, AsType>): StreamingDataFrame {
    const to = typeof dtype === "string" ? Object.fromEntries(this.example.names.map((n) => [n, dtype])) : dtype;
    for (const [name, t] of Object.entries(to)) {
      checkAsType(t, `astype({${name}: "${t}"})`);
      this.example.column(name); // throws, naming the columns there are
    }
    const convert = (f: ColumnFrame): ColumnFrame =>
      Object.entries(to).reduce(
        (acc, [name, t]) => acc.withColumn(name, astype(acc.column(name), t, name, `astype({${name}: "${t}"})`)),
        f,
      );
    const state = this.state && { key: this.state.key.filter((k) => !(k in to)) };
    return StreamingDataFrame.fromFrames(
      this.frames.map(convert).label(`astype(${Object.keys(to).join(",")})`),
      convert(this.example.slice(0, 0)),
      state,
    );
  }

  /** Names of the numeric columns (what frame-wide aggregations cover, as pandas' numeric_only). */
  private numericColumns(): string[] {
    return this.example.fields.filter((f) => f.dtype !== "string").map((f) => f.name);
  }

  /**
   * A running aggregation of every numeric column, after each frame: `{column: value}`; or the
   * aggregations a spec names per column (pandas' `agg({...})`): `{x_sum, x_mean, n}` for
   * `{ x: ["sum", "mean"], n: "max" }`.
   * @example `sdf.agg("mean").sink(console.log)  // {x: 0.49, y: 1.02}`
   */
  override agg(agg: AggName | AggSpecMap, options: SpreadOptions = {}): Stream<Record<string, number>> {
    const specs =
      typeof agg === "string"
        ? (checkAgg(agg), this.numericColumns().map((c) => ({ out: c, column: c, agg })))
        : specsOf(agg, "sdf", this.example);
    const label = typeof agg === "string" ? `${agg}()` : `agg(${specs.map((s) => s.out).join(",")})`;
    const names = specs.map((s) => s.out);
    const outs = specs.map((s) => this.get(s.column!).agg(s.agg, options));
    if (outs.length === 0) return this.frames.map(() => ({})).label(label);
    const zipped = outs.length === 1 ? outs[0]!.map((v) => [v]) : (outs[0]!.zip(...outs.slice(1)) as Stream<number[]>);
    return zipped.map((vs: number[]) => Object.fromEntries(names.map((n, i) => [n, vs[i]!]))).label(label);
  }

  /** Running number of rows. */
  size(): Stream<number> {
    let n = 0;
    return this.frames.map((f) => (n += f.length)).label("size()");
  }

  /** Every numeric column carried across frames by a cumulative operation (other columns kept). */
  cumulative(op: CumOp): StreamingDataFrame {
    let sdf: StreamingDataFrame = this;
    for (const name of this.numericColumns()) {
      const s = StreamingSeries.ofColumn(sdf.frames, sdf.example, name).cumulative(op);
      sdf = StreamingDataFrame.fromFrames(s.frames, s.example);
    }
    return sdf;
  }

  /** Cumulative sums of the numeric columns. */ cumsum(): StreamingDataFrame {
    return this.cumulative("cumsum");
  }
  /** Cumulative products of the numeric columns. */ cumprod(): StreamingDataFrame {
    return this.cumulative("cumprod");
  }
  /** Cumulative minima of the numeric columns. */ cummin(): StreamingDataFrame {
    return this.cumulative("cummin");
  }
  /** Cumulative maxima of the numeric columns. */ cummax(): StreamingDataFrame {
    return this.cumulative("cummax");
  }

  /**
   * Rolling aggregations over `window` rows, or a duration ("10s") on a timestamp column.
   * @example `sdf.rolling(10).mean()`, `sdf.rolling("2s").get("x").sum()`
   */
  rolling(window: number | string, options: WindowOptions = {}): FrameRolling {
    return new FrameRolling(this, window, options);
  }

  /**
   * Aggregations over the latest `window` rows (or a duration), one result per frame.
   * @example `sdf.window(100).get("x").mean()`, `sdf.window("10s").sum()`
   */
  window(window: number | string, options: WindowOptions = {}): FrameWindow {
    return new FrameWindow(this, window, options);
  }

  /**
   * The rows arriving in each interval of `ms` milliseconds (processing time, on the stream's
   * scheduler), for per-interval group-bys.
   * @example `sdf.timedWindow(1000).groupby("name").get("x").sum()`
   */
  timedWindow(ms: number): TimedFrameWindow {
    return new TimedFrameWindow(this, ms);
  }

  /**
   * Windows over event time, the time in a timestamp column: tumbling (`size`), hopping (`size`,
   * `slide`) or sessions (`gap`), with a watermark `allowedLateness` behind the largest time seen; a
   * window's result is emitted once the watermark passes its end, late rows go to `.late`, and
   * `earlyFiring` emits provisional results (see the README for the exact rules).
   * @example `sdf.eventWindow({ size: "10s", allowedLateness: "2s" }).groupby("name").get("x").mean()`
   */
  eventWindow(options: EventWindowOptions): EventWindow {
    return new EventWindow(this, options);
  }

  /**
   * Group-by with incremental state per group, by a column, a series of this frame, or several of
   * these (one key column each in the result, sorted level by level); new keys may appear in any
   * frame, and a row missing any key is left out (pandas' dropna=True).
   * @example `sdf.groupby("name").get("x").mean()`, `sdf.groupby(["name", sdf.get("x").gt(0).rename("up")]).size()`
   */
  groupby(keys: GroupKey | readonly GroupKey[]): GroupBy {
    return new GroupBy(this, keys);
  }

  /**
   * `fn` applied to each frame as a danfojs DataFrame (streamz's `map_partitions`); it returns a
   * danfojs DataFrame or an Arrow table. The output schema comes from `options.example`, else from
   * `fn(example)`. Converting to and from danfojs costs time: `mapFrames` is the fast path.
   */
  mapPartitions(fn: (frame: DanfoFrame) => FrameInput, options: { example?: FrameInput } = {}): StreamingDataFrame {
    return this.mapFrames((f) => toColumnFrame(fn(toDanfo(f))), options.example === undefined ? undefined : toColumnFrame(options.example));
  }

  /** `fn` applied to each frame as typed columns: the fast `mapPartitions`. */
  mapFrames(fn: (frame: ColumnFrame) => ColumnFrame, example?: ColumnFrame): StreamingDataFrame {
    const ex = example ?? fn(this.example);
    return StreamingDataFrame.fromFrames(this.frames.map((f) => conform(fn(f), ex)).label(fn.name || "mapFrames"), ex);
  }

  /**
   * Folds frames into a state, emitting a frame each time (streamz's `accumulate_partitions`):
   * `fn(state, frame)` returns `[newState, output]`, the frame as a danfojs DataFrame.
   * @example `sdf.accumulatePartitions((n, df) => [n + df.shape[0], df.head(1)], { start: 0 })`
   */
  accumulatePartitions<S>(
    fn: (state: S, frame: DanfoFrame) => [S, FrameInput],
    options: AccumulatePartitionsOptions<S>,
  ): StreamingDataFrame {
    let state = options.start;
    const example =
      options.example !== undefined ? toColumnFrame(options.example) : toColumnFrame(fn(options.start, toDanfo(this.example))[1]);
    const frames = this.frames.map((f) => {
      const [next, out] = fn(state, toDanfo(f));
      state = next;
      return conform(toColumnFrame(out, example.fields), example);
    });
    return StreamingDataFrame.fromFrames(frames.label(fn.name || "accumulatePartitions"), example);
  }

  /** Each frame as a danfojs DataFrame (loads danfojs; a conversion per frame). */
  toDanfo(): Stream<DanfoFrame> {
    return this.frames.map(toDanfo).label("toDanfo");
  }

  /** Each frame as an array of row objects. */
  toRows(): Stream<Row[]> {
    return this.frames.map((f) => f.toRows()).label("toRows");
  }

  /** Live plots and tables of this frame's rows (needs the streamz-ts kernel). @example `sdf.plot.line("time", "x")` */
  get plot(): PlotAccessor {
    return new PlotAccessor(this);
  }
}
