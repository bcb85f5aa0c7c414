/**
 * `replace` mode: each element is a whole state (a group-by result, a window, a frame); the view shows
 * the latest one. Accepting an element only keeps a reference to it; rows are made at flush time, and
 * only for the latest element. With a key, an update carries the rows whose values changed since the
 * last update and the keys that left (an `upsert` batch); without one, a state that is the last one
 * slid along (a window: some oldest rows gone, new rows at the end) travels as an `append` of the new
 * rows that keeps the state's length, any other as a `patch` by position (the rows that differ from
 * the ones the view holds, the rows added, the new length), or whole when most rows changed; nothing
 * travels when it equals the last one sent.
 */
import type { ViewMode } from "@streamz-ts/protocol";
import type { Row } from "../rows";
import { keyOf, keyRow, patchOf, rowCount, rowsOfElement, sameRow, slid, type RowStore, type StoreBatch, type StoreContext } from "./store";

/** The latest whole state, diffed by key (or whole) against the last one sent. */
export class ReplaceStore implements RowStore {
  readonly mode: ViewMode = "replace";
  private latest: unknown;
  /** Elements accepted, and how many had been when the last update was taken (so: is there news). */
  private elements = 0;
  private taken = 0;
  private received = 0;
  private sent: Row[] = [];
  private sentByKey = new Map<unknown, Row>();

  constructor(
    readonly capacity: number,
    private readonly ctx: StoreContext,
    readonly key: readonly string[] = [],
  ) {}

  get total(): number {
    return this.received;
  }

  /** Hot path: a reference and two counters; rows are made at flush time, of the latest element only. */
  accept(x: unknown): void {
    this.latest = x;
    this.elements++;
    this.received += typeof x !== "object" || x === null ? 1 : rowCount(x);
  }

  current(): Row[] {
    if (this.elements === 0) return [];
    const rows = rowsOfElement(this.latest, Math.max(0, this.received - rowCount(this.latest)), this.ctx);
    return rows.length > this.capacity ? rows.slice(rows.length - this.capacity) : rows;
  }

  snapshot(): Row[] {
    this.taken = this.elements;
    this.remember(this.current());
    return this.sent;
  }

  private remember(rows: Row[]): void {
    this.sent = rows;
    if (this.key.length > 0) {
      this.sentByKey = new Map();
      for (const r of rows) this.sentByKey.set(keyOf(r, this.key), r);
    }
  }

  changes(): StoreBatch | undefined {
    if (this.taken === this.elements) return undefined;
    this.taken = this.elements;
    const rows = this.current();
    if (this.key.length === 0) {
      const before = this.sent;
      this.sent = rows;
      const shift = slid(before, rows);
      if (shift === undefined) return patchOf(before, rows) ?? { op: "replace", rows, removed: null };
      const fresh = rows.length - (before.length - shift);
      if (shift === 0 && fresh === 0) return undefined; // the same state
      return { op: "append", rows: rows.slice(rows.length - fresh), removed: null, maxRows: rows.length };
    }
    const before = this.sentByKey;
    this.remember(rows);
    const changed: Row[] = [];
    for (const [k, r] of this.sentByKey) {
      const old = before.get(k);
      if (old === undefined || !sameRow(old, r)) changed.push(r);
    }
    const removed: Row[] = [];
    for (const [k, old] of before) if (!this.sentByKey.has(k)) removed.push(keyRow(old, this.key));
    if (changed.length === 0 && removed.length === 0) return undefined;
    return { op: "upsert", rows: changed, removed };
  }
}
