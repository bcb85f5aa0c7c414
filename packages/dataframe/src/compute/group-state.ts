/**
 * The state of one group-by: its key levels (one {@link GroupKeys} per key column or series), the
 * combinations of level ids that occurred (a group), and one running {@link GroupAggregate} per output
 * column. Frames fold in one by one; `result()` is the current answer, one row per group, sorted by
 * the keys level by level (pandas' sort=True), with a row only for a combination some row had.
 */
import type { Column, DType } from "../column";
import { ColumnFrame } from "../frame";
import { GroupAggregate, GroupKeys } from "./groups";
import type { AggName } from "./moments";

/** A key level: a name, its type, and how a frame gives its column. */
export interface KeyLevel {
  readonly name: string;
  readonly dtype: DType;
  readonly expr: (f: ColumnFrame) => Column;
}

/** One output column: `agg` of `column` (undefined: rows per group, `size`) named `out`. */
export interface AggSpec {
  readonly out: string;
  readonly column: string | undefined;
  readonly agg: AggName;
  readonly ddof?: number;
}

/** Level ids are below 2^26, so a (combination, level id) pair packs exactly into one number. */
const LEVEL_IDS = 2 ** 26;

/** Running per-group aggregates of frames folded in so far. */
export class GroupState {
  private readonly levels: GroupKeys[];
  /** Per level after the first: (combination so far, this level's id) -> combination id. */
  private readonly stages: Map<number, number>[];
  /** Per stage, for each combination id: the combination it extends and this level's id. */
  private readonly stagePrev: number[][];
  private readonly stageId: number[][];
  /** The level ids of each group (multi-level only). */
  private readonly tuples: Int32Array[] = [];
  private readonly aggs: { spec: AggSpec; state: GroupAggregate }[];
  private sorted: { groups: number[]; keys: Column[] } | undefined;
  /** The result's column names: one array for every result, so results share their column positions. */
  private readonly names: readonly string[];

  constructor(
    readonly keyLevels: readonly KeyLevel[],
    readonly specs: readonly AggSpec[],
  ) {
    this.levels = keyLevels.map((l) => new GroupKeys(l.name, l.dtype));
    this.stages = keyLevels.slice(1).map(() => new Map());
    this.stagePrev = keyLevels.slice(1).map(() => []);
    this.stageId = keyLevels.slice(1).map(() => []);
    this.aggs = specs.map((spec) => ({ spec, state: new GroupAggregate(spec.agg, spec.ddof) }));
    this.names = [...keyLevels.map((l) => l.name), ...specs.map((s) => s.out)];
  }

  /** The number of groups seen so far. */
  get groups(): number {
    return this.levels.length === 1 ? this.levels[0]!.keys.length : this.tuples.length;
  }

  /** Folds in the rows of `f`. */
  add(f: ColumnFrame): void {
    const values = (spec: AggSpec) => {
      if (spec.column === undefined) return undefined;
      const c = f.column(spec.column);
      return c.dtype === "string" ? undefined : c.values;
    };
    if (this.levels.length === 1) {
      const k = this.keyLevels[0]!.expr(f);
      const coded = this.aggs.every(({ spec }) => spec.agg === "sum" || spec.agg === "mean" || spec.agg === "count" || spec.agg === "size");
      if (coded && k.dtype === "string") {
        // dictionary-encoded key: the group-by is an integer-indexed loop over the codes
        const keys = this.levels[0]!;
        const remap = keys.remap(k.dictionary, k.codes);
        for (const { spec, state } of this.aggs) state.addCoded(k.codes, remap, values(spec), keys.keys.length);
        return;
      }
    }
    const ids = this.idsOf(f);
    for (const { spec, state } of this.aggs) state.add(ids, values(spec), this.groups);
  }

  /** The group id of every row of `f` (-1 when a key is missing: pandas drops those rows). */
  private idsOf(f: ColumnFrame): Int32Array {
    const first = this.levels[0]!.idsOf(this.keyLevels[0]!.expr(f));
    if (this.levels.length === 1) return first;
    const ids = first;
    for (let l = 1; l < this.levels.length; l++) {
      const level = this.levels[l]!.idsOf(this.keyLevels[l]!.expr(f));
      const stage = this.stages[l - 1]!;
      const last = l === this.levels.length - 1;
      for (let i = 0; i < ids.length; i++) {
        const prev = ids[i]!;
        const id = level[i]!;
        if (prev < 0 || id < 0) {
          ids[i] = -1;
          continue;
        }
        const packed = prev * LEVEL_IDS + id;
        let combo = stage.get(packed);
        if (combo === undefined) {
          combo = this.stageId[l - 1]!.length;
          stage.set(packed, combo);
          this.stagePrev[l - 1]!.push(prev);
          this.stageId[l - 1]!.push(id);
          if (last) this.tuples.push(this.tupleOf(combo));
        }
        ids[i] = combo;
      }
    }
    return ids;
  }

  /** The level ids of the group `g` (a combination of the last stage), read back stage by stage. */
  private tupleOf(g: number): Int32Array {
    const t = new Int32Array(this.levels.length);
    let combo = g;
    for (let s = this.levels.length - 1; s >= 1; s--) {
      t[s] = this.stageId[s - 1]![combo]!;
      combo = this.stagePrev[s - 1]![combo]!;
    }
    t[0] = combo;
    return t;
  }

  /** Group ids in key order and the key columns in that order; recomputed only when groups were added. */
  private order(): { groups: number[]; keys: Column[] } {
    const n = this.groups;
    if (this.sorted?.groups.length === n) return this.sorted;
    if (this.levels.length === 1) {
      const { ids, column } = this.levels[0]!.sortedKeys();
      return (this.sorted = { groups: ids, keys: [column] });
    }
    const levels = this.levels;
    const tuples = this.tuples;
    const groups = Array.from({ length: n }, (_, g) => g).sort((a, b) => {
      for (let l = 0; l < levels.length; l++) {
        const x = levels[l]!.keys[tuples[a]![l]!]!;
        const y = levels[l]!.keys[tuples[b]![l]!]!;
        if (x < y) return -1;
        if (x > y) return 1;
      }
      return 0;
    });
    const keys = levels.map((level, l) => level.keyColumn(groups.map((g) => tuples[g]![l]!)));
    return (this.sorted = { groups, keys });
  }

  /** The current result: the key columns, then one column per aggregation, a row per group in key order. */
  result(): ColumnFrame {
    const { groups, keys } = this.order();
    const columns: Column[] = [...keys];
    for (const { state } of this.aggs) {
      const values = new Float64Array(groups.length);
      groups.forEach((g, i) => (values[i] = state.value(g)));
      columns.push({ dtype: state.agg === "count" || state.agg === "size" ? "int" : "float", values });
    }
    return new ColumnFrame(this.names, columns);
  }
}
