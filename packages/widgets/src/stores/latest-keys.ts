/**
 * The latest row of each of the `limit` most recently updated keys, kept so that taking an element
 * costs what an append does: one store into a bounded ring of raw elements. Keys are resolved only when
 * the content is read (an update, every 500 ms) or when the ring fills: the ring is scanned newest to
 * oldest, and once `limit` distinct keys are found everything older is dropped unread. A fold of a
 * stream of new keys thus reads `limit` elements whatever the ring's length; the longer the ring, the
 * less each element pays (bench/src/widgets.ts: a new key per element, 1,000 kept). Rows are made only
 * when read: a plain value stays a plain value, with its row number beside it.
 */
import { keyOf } from "@streamz-ts/protocol";
import { arrowRows } from "../encode";
import { frameToArrow, isWholeFrame } from "../frames";
import { isRecord, type Row } from "../rows";
import { rowCount, type StoreContext } from "./store";

/**
 * Ring length: 256 x limit (a fold costs about `limit` set operations, whatever the ring's length),
 * within bounds of memory (at most 2 MB of references).
 */
const RING_MIN = 16_384;
const RING_MAX = 262_144;
const RING_PER_KEY = 256;
/**
 * Objects (records, arrays, frames) queued before a fold: 16 x limit, at most 65,536. Elements the ring
 * holds survive the young generation's collections, which copy each of them: a ring of 262,144 records
 * made each record cost ten times what a ring of 16,384 does (measured: 1,000 keys kept).
 */
const OBJECTS_MIN = 16_384;
const OBJECTS_MAX = 65_536;
const OBJECTS_PER_KEY = 16;

/**
 * Whether `x` is a record made by an object literal, not shaped as a danfojs frame: one row, told
 * without the frame checks (a fold of records reads this for every element queued; measured a third
 * cheaper per record than the frame checks, and than `Object.getPrototypeOf`).
 */
function isObjectLiteral(x: unknown): boolean {
  return typeof x === "object" && x !== null && x.constructor === Object && !("getColumnData" in x);
}

/** Kept entries, most recently updated first, in parallel arrays reused from fold to fold (no allocation per entry). */
class Entries {
  keys: unknown[] = [];
  /** A record, or a plain value (made a row when read). */
  items: unknown[] = [];
  /** Each entry's row number (a plain value's `index`). */
  rows: number[] = [];
  length = 0;

  push(key: unknown, item: unknown, row: number): void {
    const n = this.length++;
    this.keys[n] = key;
    this.items[n] = item;
    this.rows[n] = row;
  }

  /** Forgets the entries and lets go of what they referenced (slots past `length` too: left there by a fold). */
  clear(): void {
    this.keys.fill(undefined);
    this.items.fill(undefined);
    this.length = 0;
  }
}

/** See the file comment. Entries are read oldest (least recently updated) first: `keyAt(0)` is the next to retire. */
export class LatestKeys {
  private readonly ring: unknown[];
  private queued = 0;
  /** How many queued elements are objects: only those may hold several rows (none: no need to look). */
  private objects = 0;
  /** Objects queued that make a fold (see OBJECTS_PER_KEY). */
  private readonly objectsAt: number;
  /**
   * Slots past `queued` that may still hold an element already folded: a fold of a full ring leaves
   * them (the next elements overwrite them), a fold that releases clears them, so a stream that stops
   * lets go of its elements.
   */
  private stale = 0;
  /** Rows folded in so far: the first queued row's number. */
  private folded = 0;
  private held = new Entries();
  private spare = new Entries();
  /** The keys held after the last fold. */
  private readonly seen = new Set<unknown>();
  /** A row reused to key a plain value by `value` without making its row. */
  private readonly probe: Row = { value: undefined };
  private readonly plainByValue: boolean;

  constructor(
    readonly limit: number,
    private readonly ctx: StoreContext,
    private readonly key: readonly string[],
  ) {
    const size = Math.min(RING_MAX, Math.max(RING_MIN, RING_PER_KEY * limit));
    this.ring = new Array<unknown>(size).fill(undefined);
    this.objectsAt = Math.min(size, OBJECTS_MAX, Math.max(OBJECTS_MIN, OBJECTS_PER_KEY * limit));
    this.plainByValue = key.length === 1 && key[0] === "value";
  }

  /** Hot path: one store into a preallocated array, and a count of objects. */
  accept(x: unknown): void {
    this.ring[this.queued++] = x;
    if (typeof x === "object" && ++this.objects === this.objectsAt) this.fold(false);
    else if (this.queued === this.ring.length) this.fold(false);
  }

  /** Rows received so far. */
  get total(): number {
    return this.folded + this.queuedRows();
  }

  /** Rows of the queued elements: one per element, but for arrays and frames. */
  private queuedRows(): number {
    if (this.objects === 0) return this.queued;
    let rows = 0;
    for (let i = 0; i < this.queued; i++) {
      const x = this.ring[i];
      rows += isObjectLiteral(x) ? 1 : rowCount(x);
    }
    return rows;
  }

  /** Entries held (after {@link fold}). */
  get size(): number {
    return this.held.length;
  }

  /** Whether `k` (a {@link keyOf} identity) is held (after {@link fold}). */
  has(k: unknown): boolean {
    return this.seen.has(k);
  }

  /** The key identity of entry `i`, oldest first. */
  keyAt(i: number): unknown {
    return this.held.keys[this.held.length - 1 - i];
  }

  /** The row number of entry `i`, oldest first. */
  rowNumberAt(i: number): number {
    return this.held.rows[this.held.length - 1 - i]!;
  }

  /** The row of entry `i`, oldest first. */
  rowAt(i: number): Row {
    const at = this.held.length - 1 - i;
    const item = this.held.items[at];
    return isRecord(item) ? item : this.ctx.toRow(item, this.held.rows[at]!);
  }

  /**
   * Resolves the queued elements into the held entries. `release` (a read, not a full ring) also lets
   * go of every element no longer held.
   */
  fold(release: boolean): void {
    if (this.queued === 0) {
      if (release) {
        this.spare.clear(); // what a fold of a full ring left there
        this.releaseRing(0);
      }
      return;
    }
    const { ring, seen, limit } = this;
    const out = this.spare;
    const queued = this.queued;
    let row = this.total; // one past the newest row's number
    this.folded = row;
    this.queued = 0;
    this.objects = 0;
    seen.clear();
    for (let i = queued - 1; i >= 0 && seen.size < limit; i--) {
      const x = ring[i];
      if (typeof x === "object" && x !== null && !isObjectLiteral(x) && (Array.isArray(x) || isWholeFrame(x))) {
        const rows: unknown[] = Array.isArray(x) ? x : arrowRows(frameToArrow(x), this.ctx.types);
        for (let j = rows.length - 1; j >= 0 && seen.size < limit; j--) this.take(out, rows[j], --row);
        // stopping inside an element stops the scan: the rows not numbered are older than any kept
      } else {
        this.take(out, x, --row);
      }
    }
    const held = this.held;
    for (let j = 0; j < held.length && seen.size < limit; j++) {
      const k = held.keys[j];
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(k, held.items[j], held.rows[j]!);
    }
    this.held = out;
    this.spare = held;
    if (release) {
      held.clear();
      this.releaseRing(queued);
    } else {
      held.length = 0;
      this.stale = Math.max(this.stale, queued);
    }
  }

  /** Lets go of the elements left in the ring (the first `queued` slots and the stale ones). */
  private releaseRing(queued: number): void {
    this.ring.fill(undefined, 0, Math.max(queued, this.stale));
    this.stale = 0;
  }

  /** Keeps `x` (row number `row`) unless a newer row of its key is kept already. */
  private take(out: Entries, x: unknown, row: number): void {
    const k = isRecord(x) ? keyOf(x, this.key) : this.plainKey(x, row);
    if (this.seen.has(k)) return;
    this.seen.add(k);
    out.push(k, x, row);
  }

  /** The key of a plain value's row, made only when the key is not the value itself. */
  private plainKey(x: unknown, row: number): unknown {
    if (!this.plainByValue) return keyOf(this.ctx.toRow(x, row), this.key);
    if (typeof x === "number" || typeof x === "string") return x; // its own key identity (see keyOf)
    this.probe.value = x;
    return keyOf(this.probe, this.key);
  }
}
