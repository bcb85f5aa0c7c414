/**
 * `upsert` mode: rows keyed by `key` columns, the latest row per key wins. New keys appear; beyond
 * `capacity` keys the least recently updated one is retired. An update carries the rows of the keys set
 * since the previous update and the keys the view holds that were retired meanwhile, or the whole
 * content when that is smaller (a fast churn of keys: all shown keys retired, as many new ones): what
 * an update carries is bounded by twice the retention however long the view was paused.
 *
 * The hot path and the folding of keys are {@link LatestKeys}'; the update compares what is held with
 * what the view was sent (every 500 ms, about `capacity` map operations).
 */
import type { ViewMode } from "@streamz-ts/protocol";
import type { Row } from "../rows";
import { LatestKeys } from "./latest-keys";
import { keyRow, type RowStore, type StoreBatch, type StoreContext } from "./store";

/** The latest row per key, `capacity` keys retained, least recently updated retired first. */
export class UpsertStore implements RowStore {
  readonly mode: ViewMode = "upsert";
  private readonly latest: LatestKeys;
  /** What the view holds after the last update: key identity to its row (the key row of a retired key). */
  private shown = new Map<unknown, Row>();
  /** Row number of the first row received after the last update: rows numbered from it on are news. */
  private mark = 0;

  constructor(
    readonly capacity: number,
    ctx: StoreContext,
    readonly key: readonly string[],
  ) {
    if (key.length === 0) throw new TypeError('upsert: name the key column(s), e.g. { mode: "upsert", key: "id" }');
    this.latest = new LatestKeys(capacity, ctx, key);
  }

  get total(): number {
    return this.latest.total;
  }

  accept(x: unknown): void {
    this.latest.accept(x);
  }

  current(): Row[] {
    const latest = this.latest;
    latest.fold(true);
    const rows = new Array<Row>(latest.size);
    for (let i = 0; i < rows.length; i++) rows[i] = latest.rowAt(i);
    return rows;
  }

  snapshot(): Row[] {
    const rows = this.current();
    this.shown = new Map(rows.map((r, i) => [this.latest.keyAt(i), r]));
    this.mark = this.total;
    return rows;
  }

  changes(): StoreBatch | undefined {
    const latest = this.latest;
    latest.fold(true);
    const gone: unknown[] = [];
    const removed: Row[] = [];
    for (const [k, row] of this.shown) {
      if (latest.has(k)) continue;
      gone.push(k);
      removed.push(keyRow(row, this.key));
    }
    const fresh: number[] = [];
    for (let i = 0; i < latest.size; i++) if (latest.rowNumberAt(i) >= this.mark) fresh.push(i);
    if (removed.length === 0 && fresh.length === 0) return undefined;
    if (removed.length + fresh.length > latest.size) return { op: "replace", rows: this.snapshot(), removed: null };
    this.mark = this.total;
    for (const k of gone) this.shown.delete(k);
    const rows = fresh.map((i) => {
      const row = latest.rowAt(i);
      this.shown.set(latest.keyAt(i), row);
      return row;
    });
    return { op: "upsert", rows, removed };
  }
}
