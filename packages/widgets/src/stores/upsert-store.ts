/**
 * `upsert` mode: rows keyed by `key` columns, the latest row per key wins. New keys appear; beyond
 * `capacity` keys the least recently updated one is retired. An update carries the rows of the keys
 * set since the previous update and the keys retired meanwhile; when more keys were retired than are
 * kept (a paused view, a fast churn of keys), it carries the whole content instead, so what waits for
 * the next update stays bounded by the retention.
 *
 * The hot path only queues the element. Queued elements are folded into the keyed rows at flush time
 * (or every 256 x capacity elements), newest first: an older row of a key already seen costs a lookup,
 * and once `capacity` distinct keys are seen everything older is retired anyway and not looked at. A
 * fold costs about `capacity` map operations whatever its length, so the longer the queue, the less
 * each element pays (measured in bench/src/widgets.ts: a new key per element, 1,000 kept). A plain
 * value stays a plain value in the keyed rows until an update reads it: only the rows sent are made.
 */
import type { ViewMode } from "@streamz-ts/protocol";
import { arrowRows } from "../encode";
import { frameToArrow, isWholeFrame } from "../frames";
import { isRecord, type Row } from "../rows";
import { keyOf, keyRow, rowCount, type RowStore, type StoreBatch, type StoreContext } from "./store";

/**
 * Elements queued before a fold: 256 x capacity (a fold of a burst of new keys costs about `capacity`
 * map operations, whatever its length), within bounds of memory (at most 2 MB of references).
 */
const FOLD_MIN = 16_384;
const FOLD_MAX = 262_144;
const FOLD_PER_KEY = 256;

/** A plain value (not a record) seen in a fold, made a row only if its key is kept. */
class PlainValue {
  constructor(
    readonly value: unknown,
    readonly index: number,
  ) {}
}

/** The latest row per key, `capacity` keys retained, least recently updated retired first. */
export class UpsertStore implements RowStore {
  readonly mode: ViewMode = "upsert";
  /** Latest row per key (a plain value until read), least recently updated first. */
  private byKey = new Map<unknown, Row | PlainValue>();
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
  /** How many queued elements are objects: only those may hold several rows (none: no need to look). */
  private objects = 0;
  /**
   * Slots past `queued` that may still hold an element already folded: a fold of a full queue leaves
   * them (the next elements overwrite them; the queue holds at most `foldAt` references either way),
   * a fold at flush time clears them, so a stream that stops lets go of its elements.
   */
  private stale = 0;
  private received = 0;
  private readonly foldAt: number;

  constructor(
    readonly capacity: number,
    private readonly ctx: StoreContext,
    readonly key: readonly string[],
  ) {
    if (key.length === 0) throw new TypeError('upsert: name the key column(s), e.g. { mode: "upsert", key: "id" }');
    this.foldAt = Math.min(FOLD_MAX, Math.max(FOLD_MIN, FOLD_PER_KEY * capacity));
    this.pending = new Array<unknown>(this.foldAt).fill(undefined);
  }

  get total(): number {
    return this.received + this.queuedRows();
  }

  /** Rows of the queued elements: one per element, but for arrays and frames. */
  private queuedRows(): number {
    if (this.objects === 0) return this.queued;
    const pending = this.pending;
    let rows = 0;
    for (let i = 0; i < this.queued; i++) {
      const x = pending[i];
      rows += typeof x !== "object" || x === null ? 1 : rowCount(x);
    }
    return rows;
  }

  /** Hot path: one store in a preallocated array, and a count of objects. */
  accept(x: unknown): void {
    this.pending[this.queued++] = x;
    if (typeof x === "object") this.objects++;
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
    this.objects = 0;
    const take = (k: unknown, row: Row | PlainValue) => {
      if (!seen.has(k)) seen.set(k, row);
    };
    for (let i = queued - 1; i >= 0 && seen.size < this.capacity; i--) {
      const x = pending[i];
      if (isRecord(x) && !isWholeFrame(x)) {
        take(keyOf(x, this.key), x);
        index--;
      } else if (Array.isArray(x) || isWholeFrame(x)) {
        const rows = Array.isArray(x) ? x : arrowRows(frameToArrow(x), this.ctx.types);
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
    if (queued < this.foldAt) {
      pending.fill(undefined, 0, Math.max(queued, this.stale)); // let go of the elements (see `stale`)
      this.stale = 0;
    } else {
      this.stale = queued;
    }
    const keys = [...seen.keys()];
    const values = [...seen.values()];
    if (keys.length >= this.capacity) {
      // the fold's keys are the newest `capacity`: every other key held is retired, in one pass
      if (!this.whole) for (const [k, old] of this.byKey) if (!seen.has(k)) this.retire(k, old);
      if (this.whole) {
        // everything is sent anyway: the fold's keys are the content, oldest first (no bookkeeping)
        const next = new Map<unknown, Row | PlainValue>();
        for (let i = keys.length - 1; i >= 0; i--) next.set(keys[i], values[i]!);
        this.byKey = next;
        return;
      }
      this.byKey.clear();
    }
    for (let i = keys.length - 1; i >= 0; i--) this.set(keys[i], values[i]!);
  }

  /** The row of a held value (a plain value becomes its row, and is kept so). */
  private rowOf(k: unknown, v: Row | PlainValue): Row {
    if (!(v instanceof PlainValue)) return v;
    const row = this.ctx.toRow(v.value, v.index);
    if (this.byKey.get(k) === v) this.byKey.set(k, row); // same key: its place is kept
    return row;
  }

  private retire(k: unknown, old: Row | PlainValue): void {
    if (this.whole) return;
    this.dirty.delete(k);
    this.retired.set(k, keyRow(this.rowOf(k, old), this.key));
    if (this.retired.size > this.capacity) this.sendWhole();
  }

  private set(k: unknown, row: Row | PlainValue): void {
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
    return [...this.byKey].map(([k, v]) => this.rowOf(k, v));
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
    const rows = [...this.dirty].map((k) => this.rowOf(k, this.byKey.get(k)!));
    const removed = [...this.retired.values()];
    this.dirty.clear();
    this.retired.clear();
    return { op: "upsert", rows, removed };
  }
}
