/**
 * The rows a chart holds (protocol `HeldRows`: appended with a backlog, replaced, or upserted by key)
 * and the Vega changeset that brings the chart from what it held to what it holds after a batch:
 * insert the rows that came in, remove those that went. Applying a changeset updates only what
 * changed; the chart is never rebuilt for an update.
 */
import { HeldRows, type HeldBatch } from "@streamz-ts/protocol";
import { changeset, type Changeset } from "vega";

/** What one batch does to the held rows. */
export interface BacklogChange {
  /** The changeset to pass to `view.change(name, ...)`. */
  changes: Changeset;
  inserted: number;
  removed: number;
  /** The rows themselves (a summarised chart's: a scatter's raster layer holds them in Vega's stead). */
  rows?: { inserted: object[]; removed: object[] };
}

/** Rows held by one chart view. */
export class ChartBacklog {
  private readonly held = new HeldRows();

  /** Rows held now. */
  get size(): number {
    return this.held.size;
  }

  /** The newest row held, if any. */
  newest(): object | undefined {
    return this.held.newest();
  }

  /** Every held row (to fill a new Vega view after a re-embed). */
  all(): readonly object[] {
    return this.held.rows();
  }

  /** Takes a batch. Rows that arrive and leave within one batch never reach Vega. */
  take(batch: HeldBatch): BacklogChange {
    const { inserted, removed } = this.held.apply(batch);
    const changes = changeset().insert(inserted);
    if (removed.length > 0) changes.remove(removed);
    return { changes, inserted: inserted.length, removed: removed.length };
  }
}
