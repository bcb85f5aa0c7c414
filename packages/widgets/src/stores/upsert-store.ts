/**
 * `upsert` mode: rows keyed by `key` columns, the latest row per key wins. New keys appear; beyond
 * `capacity` keys the least recently updated one is retired. An update carries the rows of the keys
 * set since the previous update and the keys retired meanwhile; when more keys were retired than are
 * kept (a paused view, a fast churn of keys), it carries the whole content instead, so what waits for
 * the next update stays bounded by the retention.
 *
 * The hot path only queues the element. Queued elements are folded into the keyed rows at flush time
 * (or every 32 x capacity elements), newest first: an older row of a key already seen costs a lookup,
 * and once `capacity` distinct keys are seen everything older is retired anyway and not looked at.
 */
import type { ViewMode } from "@streamz-ts/protocol";
import { arrowRows, isArrowFrame } from "../encode";
import { isRecord, type Row } from "../rows";
import { keyOf, keyRow, rowCount, type RowStore, type StoreBatch, type StoreContext } from "./store";

/**
 * Elements queued before a fold: 32 x capacity (a fold of a burst of new keys costs about `capacity`
 * lookups, whatever its length), within bounds of memory.
 */
const FOLD_MIN = 16_384;
const FOLD_MAX = 262_144;

/** A plain value (not a record) seen in a fold, made a row only if its key is kept. */
class PlainValue {
  constructor(readonly value: unknown, readonly index: number) {}
}

/** The latest row per key, `capacity` keys retained, least recently updated retired first. */
export class UpsertStore implements RowStore {
  readonly mode: ViewMode = "upsert";
  /** Latest row per key, least recently updated first. */
  private readonly byKey = new Map<unknown, Row>();
  private readonly dirty = new Set<unknown>();
  private readonly retired = new Map<unknown, Row>();
  /** Set when the next update sends everything (too many retirements to list). */
  private whole = false;
  /**
   * Elements not folded in yet, oldest first (`queued` of them), and the rows they hold. One array,
   * allocated once and reused: a fresh array per fold made each push cost about 300 ns here.
   */
  private readonly pending: unknown[];
  private queued = 0;
  private received = 0;
  private readonly foldAt: number;

  constructor(readonly capacity: number, private readonly ctx: StoreContext, readonly key: readonly string[]) {
    if (key.length === 0) throw new TypeError("upsert: name the key column(s), e.g. { mode: \"upsert\", key: \"id\" }");
    this.foldAt = Math.min(FOLD_MAX, Math.max(FOLD_MIN, 32 * capacity));
    this.pending = new Array<unknown>(this.foldAt).fill(undefined);
  }

  get total(): number {
    let rows = this.received;
    for (let i = 0; i < this.queued; i++) rows += rowCount(this.pending[i]);
    return rows;
  }

  /** Hot path: one store in a preallocated array. */
  accept(x: unknown): void {
    this.pending[this.queued++] = x;
    if (this.queued === this.foldAt) this.fold();
  }

  /** A row reused to key plain values without making a row per value. */
  private readonly probe: Row = {};

  /** The key of a plain value's row (`{index, value}` for charts) without making the row. */
  private plainKey(x: unknown, index: number): unknown {
    if (this.key.length !== 1) return keyOf(this.ctx.toRow(x, index), this.key);
    this.probe.index = index;
    this.probe.value = x;
    return keyOf(this.probe, this.key);
  }

  /** Folds the queued elements into the keyed rows. */
  private fold(): void {
    if (this.queued === 0) return;
    const pending = this.pending;
    const queued = this.queued;
    /** Latest row per key among the queued elements, newest first. */
    const seen = new Map<unknown, Row | PlainValue>();
    let index = this.total; // one past the newest row's number
    this.received = index;
    this.queued = 0;
    const take = (k: unknown, row: Row | PlainValue) => {
      if (!seen.has(k)) seen.set(k, row);
    };
    for (let i = queued - 1; i >= 0 && seen.size < this.capacity; i--) {
      const x = pending[i];
      if (isRecord(x) && !isArrowFrame(x)) {
        take(keyOf(x, this.key), x);
        index--;
      } else if (Array.isArray(x) || isArrowFrame(x)) {
        const rows = Array.isArray(x) ? x : arrowRows(x, this.ctx.types);
        for (let j = rows.length - 1; j >= 0 && seen.size < this.capacity; j--) {
          index--;
          const v = rows[j];
          if (isRecord(v)) take(keyOf(v, this.key), v);
          else {
            const k = this.plainKey(v, index);
            if (!seen.has(k)) seen.set(k, new PlainValue(v, index)); // made only for a key's newest value
          }
        }
      } else {
        index--;
        const k = this.plainKey(x, index);
        if (!seen.has(k)) seen.set(k, new PlainValue(x, index));
      }
    }
    pending.fill(undefined, 0, queued); // let go of the elements
    const entries = [...seen.entries()];
    if (entries.length >= this.capacity) {
      // the fold's keys are the newest `capacity`: every other key held is retired, in one pass
      for (const [k, old] of this.byKey) if (!seen.has(k)) this.retire(k, old);
      this.byKey.clear();
    }
    for (let i = entries.length - 1; i >= 0; i--) {
      const [k, r] = entries[i]!;
      this.set(k, r instanceof PlainValue ? this.ctx.toRow(r.value, r.index) : r);
    }
  }

  private retire(k: unknown, old: Row): void {
    if (this.whole) return;
    this.dirty.delete(k);
    this.retired.set(k, keyRow(old, this.key));
    if (this.retired.size > this.capacity) this.sendWhole();
  }

  private set(k: unknown, row: Row): void {
    if (this.byKey.has(k)) this.byKey.delete(k); // re-inserted last: the most recently updated
    this.byKey.set(k, row);
    if (!this.whole) {
      this.dirty.add(k);
      if (this.retired.size > 0) this.retired.delete(k);
    }
    if (this.byKey.size > this.capacity) {
      const oldest = this.byKey.keys().next().value;
      const old = this.byKey.get(oldest)!;
      this.byKey.delete(oldest);
      this.retire(oldest, old);
    }
  }

  private sendWhole(): void {
    this.whole = true;
    this.dirty.clear();
    this.retired.clear();
  }

  current(): Row[] {
    this.fold();
    return [...this.byKey.values()];
  }

  snapshot(): Row[] {
    const rows = this.current();
    this.whole = false;
    this.dirty.clear();
    this.retired.clear();
    return rows;
  }

  changes(): StoreBatch | undefined {
    this.fold();
    if (this.whole) return { op: "replace", rows: this.snapshot(), removed: null };
    if (this.dirty.size === 0 && this.retired.size === 0) return undefined;
    const rows = [...this.dirty].map((k) => this.byKey.get(k)!);
    const removed = [...this.retired.values()];
    this.dirty.clear();
    this.retired.clear();
    return { op: "upsert", rows, removed };
  }
}
