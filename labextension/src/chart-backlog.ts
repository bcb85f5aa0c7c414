/**
 * The rows a chart holds, oldest first, and the Vega changeset that brings the chart from what it holds
 * to what it should hold after a batch: insert the new rows, remove those beyond the backlog. Applying
 * a changeset updates only what changed; the chart is never rebuilt for an update.
 */
import { changeset } from "vega";
import type { Changeset } from "vega";

/** What one batch does to the held rows. */
export interface BacklogChange {
  /** The changeset to pass to `view.change(name, ...)`. */
  changes: Changeset;
  inserted: number;
  removed: number;
}

/** Rows held by one chart view, bounded by the backlog. */
export class ChartBacklog {
  private held: object[] = [];

  /** Rows held now. */
  get size(): number {
    return this.held.length;
  }

  /** The newest row held, if any. */
  newest(): object | undefined {
    return this.held[this.held.length - 1];
  }

  /** Every held row, oldest first (to fill a new Vega view after a re-embed). */
  all(): readonly object[] {
    return this.held;
  }

  /**
   * Takes a batch of rows. `replace` drops every held row first; `append` keeps them. Either way the
   * oldest rows beyond `maxRows` go. Rows that arrive and leave within one batch never reach Vega.
   */
  take(rows: object[], mode: "replace" | "append", maxRows: number): BacklogChange {
    const limit = Math.max(0, maxRows);
    const incoming = rows.length > limit ? rows.slice(rows.length - limit) : rows;
    let removed: object[];
    if (mode === "replace") {
      removed = this.held;
      this.held = incoming.slice();
    } else {
      const overflow = this.held.length + incoming.length - limit;
      removed = overflow > 0 ? this.held.splice(0, overflow) : [];
      for (const row of incoming) this.held.push(row);
    }
    const changes = changeset().insert(incoming);
    if (removed.length > 0) changes.remove(removed);
    return { changes, inserted: incoming.length, removed: removed.length };
  }
}
