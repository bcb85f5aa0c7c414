/**
 * Group-by of a streaming frame with incremental state: each frame folds into per-group running
 * aggregates, and the current result (one row per group seen so far, sorted by key) is emitted: a
 * streaming frame whose frames are whole results keyed by the group key (its live views replace).
 */
import type { Column } from "./column";
import { Aggregations } from "./aggregations";
import { StreamingDataFrame } from "./dataframe";
import type { ColumnFrame } from "./frame";
import { GroupAggregate, GroupKeys, groupResult } from "./kernels/groups";
import { checkAgg, type AggName } from "./kernels/moments";
import type { SpreadOptions } from "./series";

/** `sdf.groupby(key)`: choose a column with `get`, or aggregate every numeric column. */
export class GroupBy extends Aggregations<StreamingDataFrame> {
  constructor(readonly sdf: StreamingDataFrame, readonly key: string) {
    super();
    sdf.example.column(key); // throws, naming the columns there are
  }

  /** One column to aggregate per group. @example `sdf.groupby("name").get("x").mean()` */
  get(column: string): SeriesGroupBy {
    return new SeriesGroupBy(this.sdf, this.key, [column]);
  }

  /** Every numeric column but the key, aggregated per group: `{[key], ...columns}`. */
  override agg(agg: AggName, options?: SpreadOptions): StreamingDataFrame {
    const cols = this.sdf.example.fields.filter((f) => f.name !== this.key && f.dtype !== "string").map((f) => f.name);
    return new SeriesGroupBy(this.sdf, this.key, cols).agg(agg, options);
  }

  /** Rows per group so far: `{[key], size}`. */
  size(): StreamingDataFrame {
    return new SeriesGroupBy(this.sdf, this.key, []).agg("size");
  }
}

/** Chosen columns of a group-by, to aggregate. */
export class SeriesGroupBy extends Aggregations<StreamingDataFrame> {
  constructor(readonly sdf: StreamingDataFrame, readonly key: string, readonly columns: readonly string[]) {
    super();
    for (const c of columns) {
      if (c === key) throw new Error(`groupby("${key}"): cannot aggregate the key column itself`);
      sdf.example.column(c);
    }
  }

  /**
   * The running aggregation per group, re-emitted after every frame as a streaming frame with the
   * key column and one column per aggregated column (`size` when none is chosen).
   */
  override agg(agg: AggName, options: SpreadOptions = {}): StreamingDataFrame {
    checkAgg(agg);
    const { sdf, key, columns } = this;
    for (const c of columns) {
      if (sdf.example.column(c).dtype === "string" && agg !== "size") {
        throw new TypeError(`groupby("${key}").get("${c}").${agg}(): column "${c}" holds strings`);
      }
    }
    const make = () => {
      const keys = new GroupKeys(key, sdf.example.column(key).dtype);
      const aggs = (columns.length === 0 ? ["size"] : columns).map((name) => ({ name, agg: new GroupAggregate(agg, options.ddof) }));
      const coded = agg === "sum" || agg === "mean" || agg === "count" || agg === "size";
      return (f: ColumnFrame): ColumnFrame => {
        const k = f.column(key);
        const values = (i: number) => {
          const c: Column | undefined = columns.length === 0 ? undefined : f.column(columns[i]!);
          return c === undefined || c.dtype === "string" ? undefined : c.values;
        };
        if (coded && k.dtype === "string") {
          // dictionary-encoded key: the group-by is an integer-indexed loop over the codes
          const remap = keys.remap(k.dictionary, k.codes);
          aggs.forEach(({ agg: a }, i) => a.addCoded(k.codes, remap, values(i), keys.keys.length));
        } else {
          const ids = keys.idsOf(k);
          aggs.forEach(({ agg: a }, i) => a.add(ids, values(i), keys.keys.length));
        }
        return groupResult(keys, aggs);
      };
    };
    const example = make()(sdf.example.slice(0, 0));
    const frames = sdf.frames.map(make()).label(`groupby(${key}).${agg}()`);
    return StreamingDataFrame.fromFrames(frames, example, { key: [key] }); // each frame: the whole result
  }

  /** Per-group running number of rows. */ size(): StreamingDataFrame { return this.agg("size"); }
}
