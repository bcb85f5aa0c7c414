/**
 * `append` mode: elements are events; the newest `capacity` rows are kept (a ring, one store per
 * element) and an update carries the rows since the previous one. When more arrived than are kept, it
 * carries all that is kept, as a `replace`. With `framesReplace` (a table's default), an element that
 * is an array or an Arrow frame replaces the content instead: a window or a frame shown whole (and a
 * window that slid travels as its new rows only, see `slid`).
 */
import type { ViewMode } from "@streamz-ts/protocol";
import { arrowRows } from "../encode";
import { frameToArrow, isWholeFrame } from "../frames";
import { RowRing, type Row } from "../rows";
import { slid, type RowStore, type StoreBatch, type StoreContext } from "./store";

/** Rows of events, the newest `capacity` kept (see the file comment). */
export class AppendStore implements RowStore {
  readonly mode: ViewMode = "append";
  readonly key: readonly string[] = [];
  private readonly ring: RowRing;
  /** Rows pushed before the last update (or the last clear): the ones since are new (may be more than kept). */
  private mark = 0;
  private replaced = false;
  /** What the view holds after the last update (kept only when frames replace: to send a slide). */
  private shown: Row[] = [];

  constructor(
    readonly capacity: number,
    private readonly ctx: StoreContext,
    private readonly framesReplace = false,
  ) {
    this.ring = new RowRing(capacity, ctx.toRow);
  }

  get total(): number {
    return this.ring.pushed;
  }

  accept(x: unknown): void {
    // plain values and records first: the hot path of a displayed stream is one store in the ring
    if (typeof x !== "object" || x === null) return this.ring.push(x);
    if (Array.isArray(x)) {
      if (this.framesReplace) this.clear();
      for (const r of x) this.ring.push(r);
    } else if (isWholeFrame(x)) {
      if (this.framesReplace) this.clear();
      for (const r of arrowRows(frameToArrow(x), this.ctx.types)) this.ring.push(r);
    } else {
      this.ring.push(x);
    }
  }

  private clear(): void {
    this.ring.clear();
    this.replaced = true;
    this.mark = this.ring.pushed;
  }

  /** Rows pushed since the last update or clear. */
  private get fresh(): number {
    return this.ring.pushed - this.mark;
  }

  snapshot(): Row[] {
    this.mark = this.ring.pushed;
    this.replaced = false;
    const rows = this.ring.last();
    if (this.framesReplace) this.shown = rows;
    return rows;
  }

  current(): Row[] {
    return this.ring.last();
  }

  changes(): StoreBatch | undefined {
    if (!this.replaced && this.fresh === 0) return undefined;
    const whole = this.replaced || this.fresh > this.ring.length;
    const replaced = this.replaced;
    const rows = whole ? this.ring.last() : this.ring.last(this.fresh);
    this.mark = this.ring.pushed;
    this.replaced = false;
    if (!this.framesReplace) return { op: whole ? "replace" : "append", rows, removed: null };
    const before = this.shown;
    this.shown = whole ? rows : before.concat(rows).slice(-this.capacity);
    const shift = replaced ? slid(before, rows) : undefined;
    if (shift === undefined) return { op: whole ? "replace" : "append", rows, removed: null };
    const added = rows.length - (before.length - shift);
    if (shift === 0 && added === 0) return undefined; // the same window again
    return { op: "append", rows: rows.slice(rows.length - added), removed: null, maxRows: rows.length };
  }
}
