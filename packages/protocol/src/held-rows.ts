/**
 * What a frontend holds after each row batch (protocol `RowsState`), as a small dependency-free class:
 * the reference semantics of the batch kinds (`replace`, `append`, `upsert`, `patch`), used by the
 * JupyterLab views and by the kernel-side tests that play the frontend. It also says what each batch
 * inserted and removed, which is exactly the Vega changeset a chart applies.
 */
import type { RowsMode } from "./state";

/** A decoded row: column name to value. */
export type HeldRow = Record<string, unknown>;

/** A batch as a frontend has decoded it. */
export interface HeldBatch {
  mode: RowsMode;
  /** The batch's rows (for `upsert`: rows to set by key). */
  rows: readonly HeldRow[];
  /** `upsert` only: rows holding the key columns of the rows to remove. */
  removed?: readonly HeldRow[];
  /** `patch` only: the position each row takes. */
  positions?: readonly number[] | null;
  /** Rows to keep at most (`append` and `replace`); for `patch`, the state's length. */
  maxRows: number;
  /** Key columns; empty when rows have no key. */
  key: readonly string[];
}

/** What one batch changed: the row objects that came in and those that went. */
export interface HeldChange {
  inserted: HeldRow[];
  removed: HeldRow[];
}

/**
 * The identity of a row's key: the value itself for one key column, JSON of the values for several.
 * The kernel and the views use this same function, so they agree on which rows are "the same".
 * @example `keyOf({ name: "Bob", x: 2 }, ["name"]) === "Bob"`
 */
export function keyOf(row: HeldRow, key: readonly string[]): unknown {
  if (key.length === 1) return normalize(row[key[0]!]);
  return JSON.stringify(key.map((k) => normalize(row[k])));
}

/** Dates (kernel side) and epoch numbers (decoded) are one key; bigints compare as numbers. */
function normalize(v: unknown): unknown {
  if (v instanceof Date) return v.getTime();
  if (typeof v === "bigint") return Number(v);
  return v === undefined ? null : v;
}

/** What one batch swapped: a row that came and went within the batch is in neither list. */
class Swaps {
  readonly inserted = new Set<HeldRow>();
  private readonly removed: HeldRow[] = [];

  drop(old: HeldRow): void {
    if (this.inserted.has(old)) this.inserted.delete(old);
    else this.removed.push(old);
  }

  result(): HeldChange {
    return { inserted: [...this.inserted], removed: this.removed };
  }
}

/**
 * Rows held by one view, in arrival order. Without a key they are a list (append trims the oldest);
 * with a key, one row per key, a replaced row keeping its place.
 */
export class HeldRows {
  private list: HeldRow[] = [];
  private byKey: Map<unknown, HeldRow> | undefined;

  /** Rows held, in arrival order (a replaced keyed row keeps its place). */
  rows(): HeldRow[] {
    return this.byKey ? [...this.byKey.values()] : this.list.slice();
  }

  /** Number of rows held. */
  get size(): number {
    return this.byKey ? this.byKey.size : this.list.length;
  }

  /** The row that arrived last, if any. */
  newest(): HeldRow | undefined {
    if (!this.byKey) return this.list[this.list.length - 1];
    let last: HeldRow | undefined;
    for (const r of this.byKey.values()) last = r;
    return last;
  }

  /** Applies one batch and says what it inserted and removed. */
  apply(batch: HeldBatch): HeldChange {
    const limit = Math.max(0, batch.maxRows);
    if (batch.mode === "replace")
      return this.replace(batch.rows.length > limit ? batch.rows.slice(batch.rows.length - limit) : batch.rows, batch.key);
    if (batch.mode === "upsert") return this.upsert(batch.rows, batch.removed ?? [], batch.key);
    if (batch.mode === "patch") return this.patch(batch.rows, batch.positions ?? [], limit);
    return this.append(batch.rows, limit);
  }

  /** Sets rows at positions (at the end: adds them), then drops the rows beyond `length` from the end. */
  private patch(rows: readonly HeldRow[], positions: readonly number[], length: number): HeldChange {
    if (positions.length !== rows.length) throw new Error(`a patch batch has ${rows.length} rows but ${positions.length} positions`);
    this.unkey();
    const list = this.list;
    const change = new Swaps();
    rows.forEach((r, i) => {
      const at = positions[i]!;
      if (!Number.isInteger(at) || at < 0 || at > list.length)
        throw new Error(`a patch batch sets position ${at} of ${list.length} rows held`);
      if (at < list.length) change.drop(list[at]!);
      list[at] = r;
      change.inserted.add(r);
    });
    if (list.length > length) for (const old of list.splice(length)) change.drop(old);
    return change.result();
  }

  /** Held rows as a list again (a batch kept by position after keyed ones: a model whose mode changed). */
  private unkey(): void {
    if (!this.byKey) return;
    this.list = [...this.byKey.values()];
    this.byKey = undefined;
  }

  private replace(rows: readonly HeldRow[], key: readonly string[]): HeldChange {
    const removed = this.rows();
    if (key.length === 0) {
      this.byKey = undefined;
      this.list = rows.slice();
      return { inserted: rows.slice(), removed };
    }
    this.list = [];
    this.byKey = new Map();
    for (const r of rows) this.byKey.set(keyOf(r, key), r);
    return { inserted: [...this.byKey.values()], removed };
  }

  private append(rows: readonly HeldRow[], limit: number): HeldChange {
    this.unkey();
    const incoming = rows.length > limit ? rows.slice(rows.length - limit) : rows;
    const overflow = this.list.length + incoming.length - limit;
    const removed = overflow > 0 ? this.list.splice(0, overflow) : [];
    for (const r of incoming) this.list.push(r);
    return { inserted: incoming.slice(), removed };
  }

  private upsert(rows: readonly HeldRow[], gone: readonly HeldRow[], key: readonly string[]): HeldChange {
    if (key.length === 0) throw new Error("an upsert batch needs key columns");
    if (!this.byKey) {
      this.byKey = new Map();
      for (const r of this.list) this.byKey.set(keyOf(r, key), r);
      this.list = [];
    }
    const held = this.byKey;
    const change = new Swaps();
    for (const k of gone) {
      const id = keyOf(k, key);
      const old = held.get(id);
      if (old === undefined) continue;
      held.delete(id);
      change.drop(old);
    }
    for (const r of rows) {
      const id = keyOf(r, key);
      const old = held.get(id);
      if (old !== undefined) change.drop(old);
      held.set(id, r);
      change.inserted.add(r);
    }
    return change.result();
  }
}
