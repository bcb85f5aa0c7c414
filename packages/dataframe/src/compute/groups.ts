/**
 * Incremental group-by state: group keys seen so far (new ones may appear in any frame) and per-group
 * running aggregates in growable typed arrays. For dictionary-encoded strings a frame's dictionary is
 * mapped to group ids once, so the row loop is integer-indexed.
 */
import { columnFrom, type Column, type DType, type NumericArray, type Scalar } from "../column";
import type { AggName } from "./moments";

/** Group ids of rows, and the keys behind them, growing as new keys appear. */
export class GroupKeys {
  /** The key of each group id. */
  readonly keys: (string | number)[] = [];
  private readonly ids = new Map<string | number, number>();

  constructor(
    readonly keyName: string,
    readonly keyDtype: DType,
  ) {}

  /** The group id of every row of `key`; -1 for a missing key (pandas drops those groups). */
  idsOf(key: Column): Int32Array {
    if (key.dtype === "string") {
      const codes = key.codes;
      const remap = this.remap(key.dictionary, codes);
      const out = new Int32Array(codes.length);
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i]!;
        out[i] = c < 0 ? -1 : remap[c]!;
      }
      return out;
    }
    const values = key.values;
    const out = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      out[i] = v !== v ? -1 : this.idOf(v);
    }
    return out;
  }

  /**
   * The group id of each dictionary entry of a string key column whose rows have `codes`; new keys
   * get new ids, but only when some row has them (-1 for the others): a filtered frame keeps its whole
   * dictionary, and an Arrow dictionary may hold entries no row uses, yet pandas knows only the rows.
   */
  remap(dictionary: readonly string[], codes: ArrayLike<number>): Int32Array {
    const out = new Int32Array(dictionary.length);
    let unknown = false;
    for (let i = 0; i < dictionary.length; i++) {
      const id = this.ids.get(dictionary[i]!);
      out[i] = id ?? -1;
      unknown ||= id === undefined;
    }
    if (unknown) {
      // a pass over the rows only while keys are new: once every entry has a group, none is needed
      for (let i = 0; i < codes.length; i++) {
        const c = codes[i]!;
        if (c >= 0 && out[c]! < 0) out[c] = this.idOf(dictionary[c]!);
      }
    }
    return out;
  }

  private idOf(k: string | number): number {
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.keys.length;
      this.ids.set(k, id);
      this.keys.push(k);
    }
    return id;
  }

  private sorted: { ids: number[]; column: Column } | undefined;

  /** Group ids ordered by key, as pandas sorts groups, and their key column; recomputed only when keys were added. */
  sortedKeys(): { ids: number[]; column: Column } {
    if (this.sorted?.ids.length !== this.keys.length) {
      const keys = this.keys;
      const ids = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
      this.sorted = { ids, column: this.keyColumn(ids) };
    }
    return this.sorted;
  }

  /** The key column for `ids`, in the key's own type. */
  keyColumn(ids: readonly number[]): Column {
    const values: Scalar[] = ids.map((i) => this.keys[i]!);
    return columnFrom(this.keyDtype, this.keyDtype === "bool" ? values.map((v) => v === 1) : values);
  }
}

/** One aggregation of one column, per group, folded in frame by frame. */
export class GroupAggregate {
  private size = new Float64Array(8);
  private count = new Float64Array(8);
  private sum = new Float64Array(8);
  private mean = new Float64Array(8);
  private m2 = new Float64Array(8);
  private min = new Float64Array(8).fill(Infinity);
  private max = new Float64Array(8).fill(-Infinity);
  /** Scratch of `addCoded`: one frame's count and sum per dictionary code. */
  private codeCount = new Float64Array(8);
  private codeSum = new Float64Array(8);

  constructor(
    readonly agg: AggName,
    readonly ddof = 1,
  ) {}

  /** Folds in one frame: `ids` from {@link GroupKeys.idsOf}, `values` the aggregated column. */
  add(ids: Int32Array, values: NumericArray | undefined, groups: number): void {
    this.grow(groups);
    const { size, count, sum, min, max } = this; // locals: the loops below are the hot path
    const n = ids.length;
    if (values === undefined || this.agg === "size") {
      // rows are counted for `size` only: the other loops skip it (a third less work per row)
      for (let i = 0; i < n; i++) if (ids[i]! >= 0) size[ids[i]!]++;
      return;
    }
    if (this.agg === "var" || this.agg === "std") return this.addSpread(ids, values, groups);
    if (this.agg === "min" || this.agg === "max") {
      for (let i = 0; i < n; i++) {
        const g = ids[i]!;
        if (g < 0) continue;
        const v = values[i]!;
        if (v !== v) continue;
        count[g]++;
        if (v < min[g]!) min[g] = v;
        if (v > max[g]!) max[g] = v;
      }
      return;
    }
    // sum, mean, count: the hot group-by loop, kept to two adds per row
    for (let i = 0; i < n; i++) {
      const g = ids[i]!;
      if (g < 0) continue;
      const v = values[i]!;
      if (v !== v) continue;
      count[g]++;
      sum[g] += v;
    }
  }

  /**
   * Sum, mean, count or size for a dictionary-encoded key, in one pass over the rows. With a small
   * dictionary (the usual case) the pass adds into per-code totals of this frame, indexed by the code
   * itself, and those are added to their groups (`remap[code]`) afterwards: the row loop is then the
   * plain loop's, with no second lookup per row. A dictionary larger than the frame goes by group.
   */
  addCoded(codes: ArrayLike<number>, remap: Int32Array, values: NumericArray | undefined, groups: number): void {
    this.grow(groups);
    const { size, count, sum } = this;
    const n = codes.length;
    const m = remap.length;
    if (values === undefined || this.agg === "size") {
      for (let i = 0; i < n; i++) if (codes[i]! >= 0) size[remap[codes[i]!]!]++;
      return;
    }
    if (m > n) {
      for (let i = 0; i < n; i++) {
        const c = codes[i]!;
        if (c < 0) continue;
        const g = remap[c]!;
        const v = values[i]!;
        if (v === v) {
          count[g]++;
          sum[g] += v;
        }
      }
      return;
    }
    if (this.codeCount.length < m) {
      this.codeCount = new Float64Array(Math.max(m, 2 * this.codeCount.length));
      this.codeSum = new Float64Array(this.codeCount.length);
    }
    const cc = this.codeCount.fill(0, 0, m);
    const cs = this.codeSum.fill(0, 0, m);
    for (let i = 0; i < n; i++) {
      const c = codes[i]!;
      const v = values[i]!;
      if (c >= 0 && v === v) {
        cc[c]++;
        cs[c] += v;
      }
    }
    for (let c = 0; c < m; c++) {
      if (cc[c] === 0) continue;
      const g = remap[c]!;
      count[g] += cc[c]!;
      sum[g] += cs[c]!;
    }
  }

  /** Variance: per-group moments of this frame, merged into the running ones. */
  private addSpread(ids: Int32Array, values: NumericArray, groups: number): void {
    const cnt = new Float64Array(groups);
    const tot = new Float64Array(groups);
    const dev = new Float64Array(groups);
    for (let i = 0; i < ids.length; i++) {
      const g = ids[i]!;
      if (g < 0) continue;
      const v = values[i]!;
      if (v === v) {
        cnt[g]++;
        tot[g] += v;
      }
    }
    for (let i = 0; i < ids.length; i++) {
      const g = ids[i]!;
      const v = values[i]!;
      if (g >= 0 && v === v) dev[g] += (v - tot[g]! / cnt[g]!) ** 2;
    }
    for (let g = 0; g < groups; g++) {
      if (cnt[g] === 0) continue;
      const n = this.count[g]! + cnt[g]!;
      const delta = tot[g]! / cnt[g]! - this.mean[g]!;
      this.mean[g] += (delta * cnt[g]!) / n;
      this.m2[g] += dev[g]! + (delta * delta * this.count[g]! * cnt[g]!) / n;
      this.count[g] = n;
      this.sum[g] += tot[g]!;
    }
  }

  /** The current value of group `g`. */
  value(g: number): number {
    const c = this.count[g]!;
    switch (this.agg) {
      case "sum":
        return this.sum[g]!;
      case "mean":
        return c === 0 ? NaN : this.sum[g]! / c;
      case "count":
        return c;
      case "size":
        return this.size[g]!;
      case "min":
        return c === 0 ? NaN : this.min[g]!;
      case "max":
        return c === 0 ? NaN : this.max[g]!;
      case "var":
        return c - this.ddof <= 0 ? NaN : this.m2[g]! / (c - this.ddof);
      case "std":
        return c - this.ddof <= 0 ? NaN : Math.sqrt(this.m2[g]! / (c - this.ddof));
    }
  }

  private grow(groups: number): void {
    if (groups <= this.size.length) return;
    let cap = this.size.length;
    while (cap < groups) cap *= 2;
    const widen = (a: Float64Array, fill: number) => {
      const b = new Float64Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.size = widen(this.size, 0);
    this.count = widen(this.count, 0);
    this.sum = widen(this.sum, 0);
    this.mean = widen(this.mean, 0);
    this.m2 = widen(this.m2, 0);
    this.min = widen(this.min, Infinity);
    this.max = widen(this.max, -Infinity);
  }
}
