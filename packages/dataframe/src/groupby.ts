/**
 * Group-by of a streaming frame, by one or several keys (columns, or series computed from the frame),
 * with incremental state: each frame folds into per-group running aggregates and the current result
 * is emitted, one row per group seen so far, sorted by the keys. A result is a streaming frame with
 * the key columns first (pandas' `as_index=False` shape), keyed by them (its live views replace).
 * Inside a window (`window(n).groupby(k)`), each frame is a whole window's rows, grouped afresh.
 */
import type { Stream } from "@streamz-ts/core";
import { Aggregations } from "./aggregations";
import { StreamingDataFrame } from "./dataframe";
import type { ColumnFrame } from "./frame";
import { GroupState, type AggSpec, type KeyLevel } from "./compute/group-state";
import { checkAgg, type AggName } from "./compute/moments";
import { specsOf, type AggSpecMap } from "./agg-spec";
import { StreamingSeries, type SpreadOptions } from "./series";

/** A group key: a column name, or a series of the same streaming frame (grouped under its name). */
export type GroupKey = string | StreamingSeries;

/** Where a group-by's rows come from: every frame so far (running), or one whole window per frame. */
export interface GroupRows {
  readonly frames: Stream<ColumnFrame>;
  /** Each frame is a whole set of rows (a window): grouped on its own, no state carried. */
  readonly perFrame: boolean;
  /** For labels and errors, e.g. `window(100)`. */
  readonly what: string;
  /** Key levels that come before the user's (an event window's start and end). */
  readonly leading?: readonly string[];
  /** The frames key series may come from, when not the group-by's own (an event window's input). */
  readonly seriesFrames?: Stream<ColumnFrame>;
  /** Each result is new rows (one window's), not the whole current answer: views append them. */
  readonly append?: boolean;
}

/** The key levels of `keys`, checked against `sdf`'s schema. */
function keyLevels(sdf: StreamingDataFrame, keys: readonly GroupKey[], what: string, seriesFrames: Stream<ColumnFrame>): KeyLevel[] {
  if (keys.length === 0) throw new Error(`${what}: needs at least one key`);
  const levels = keys.map((k): KeyLevel => {
    if (typeof k === "string") {
      const dtype = sdf.example.column(k).dtype; // throws, naming the columns there are
      return { name: k, dtype, expr: (f) => f.column(k) };
    }
    if (!(k instanceof StreamingSeries) || k.frames !== seriesFrames) {
      throw new Error(`${what}: a key must be a column name or a series of this same streaming frame, e.g. sdf.get("x").gt(0)`);
    }
    return { name: k.name, dtype: k.dtype, expr: k.expr };
  });
  const names = levels.map((l) => l.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`${what}: two keys are named "${twice}"; give a computed key its own name with .rename("...")`);
  return levels;
}

/** `sdf.groupby(keys)`: choose columns with `get`, or aggregate every numeric column. */
export class GroupBy extends Aggregations<StreamingDataFrame> {
  /** The key levels, in order. */
  readonly levels: readonly KeyLevel[];
  readonly rows: GroupRows;

  constructor(
    readonly sdf: StreamingDataFrame,
    keys: GroupKey | readonly GroupKey[],
    rows?: GroupRows,
  ) {
    super();
    this.rows = rows ?? { frames: sdf.frames, perFrame: false, what: "" };
    const all = [...(this.rows.leading ?? []), ...(Array.isArray(keys) ? keys : [keys as GroupKey])];
    this.levels = keyLevels(sdf, all, `${this.rows.what}groupby`, this.rows.seriesFrames ?? sdf.frames);
  }

  /** How errors and labels name this group-by, e.g. `groupby(k,n)`. */
  get description(): string {
    return `${this.rows.what}groupby(${this.levels.map((l) => l.name).join(",")})`;
  }

  /** Columns to aggregate per group. @example `sdf.groupby(["k", "n"]).get("x").mean()` */
  get(columns: string | readonly string[]): SeriesGroupBy {
    return new SeriesGroupBy(this, typeof columns === "string" ? [columns] : columns);
  }

  /**
   * Every numeric column but the keys (and timestamps) aggregated per group by `agg`, or the aggregations `spec` names
   * per column. @example `sdf.groupby("k").agg({ x: ["sum", "mean"], n: "max" })` // k, x_sum, x_mean, n
   */
  override agg(agg: AggName | AggSpecMap, options: SpreadOptions = {}): StreamingDataFrame {
    if (typeof agg !== "string") return this.aggregate(specsOf(agg, this.description, this.sdf.example), options);
    const keys = new Set(this.levels.map((l) => l.name));
    const cols = this.sdf.example.fields
      .filter((f) => !keys.has(f.name) && f.dtype !== "string" && f.dtype !== "timestamp")
      .map((f) => f.name);
    return new SeriesGroupBy(this, cols).agg(agg, options);
  }

  /** Rows per group so far: the keys, then `size`. */
  size(): StreamingDataFrame {
    return new SeriesGroupBy(this, []).agg("size");
  }

  /** The streaming result of `specs` (checked): a frame per frame, the whole result. @internal */
  aggregate(
    specs: readonly AggSpec[],
    options: SpreadOptions,
    label = `agg(${specs.map((s) => `${s.out}=${s.agg}`).join(",")})`,
  ): StreamingDataFrame {
    const what = this.description;
    for (const s of specs) {
      if (this.levels.some((l) => l.name === s.out)) {
        throw new Error(`${what}: the result column "${s.out}" is also a key; rename the key series with .rename("...")`);
      }
      if (s.column !== undefined && this.sdf.example.column(s.column).dtype === "string" && s.agg !== "size") {
        throw new TypeError(`${what}.${s.agg}(): column "${s.column}" holds strings`);
      }
    }
    const withDdof = specs.map((s) => ({ ...s, ddof: options.ddof }));
    const levels = this.levels;
    const { frames, perFrame } = this.rows;
    let state = new GroupState(levels, withDdof);
    const step = (f: ColumnFrame): ColumnFrame => {
      if (perFrame) state = new GroupState(levels, withDdof);
      state.add(f);
      return state.result();
    };
    const example = new GroupState(levels, withDdof).result();
    const out = frames.map(step).label(`${what}.${label}`);
    if (this.rows.append) return StreamingDataFrame.fromFrames(out, example);
    return StreamingDataFrame.fromFrames(out, example, { key: levels.map((l) => l.name) }); // each frame: the whole result
  }
}

/** Chosen columns of a group-by, to aggregate. */
export class SeriesGroupBy extends Aggregations<StreamingDataFrame> {
  constructor(
    readonly groupby: GroupBy,
    readonly columns: readonly string[],
  ) {
    super();
    for (const c of columns) {
      if (groupby.levels.some((l) => l.name === c))
        throw new Error(
          `${groupby.description}: cannot aggregate the key "${c}" itself (a computed key is named after its series: .rename() it)`,
        );
      groupby.sdf.example.column(c);
    }
  }

  /**
   * The running aggregation per group, re-emitted after every frame as a streaming frame with the
   * key columns and one column per aggregated column (`size` when none is chosen).
   * @example `sdf.groupby(["k", sdf.get("x").gt(0).rename("positive")]).get("n").sum()`
   */
  override agg(agg: AggName, options: SpreadOptions = {}): StreamingDataFrame {
    checkAgg(agg);
    const specs: AggSpec[] =
      this.columns.length === 0 ? [{ out: "size", column: undefined, agg }] : this.columns.map((c) => ({ out: c, column: c, agg }));
    return this.groupby.aggregate(specs, options, `${agg}()`);
  }

  /** Per-group running number of rows. */ size(): StreamingDataFrame {
    return this.agg("size");
  }
}
