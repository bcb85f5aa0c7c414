/**
 * The views of one summarised chart (issue 17). A chart shown in two cells is one model with two
 * views, each with its own plot size and its own zoomed range (protocol range.ts `ViewId`); the kernel
 * keeps what each said, by view id, so that one view's request, clear or size does not undo another's.
 * A page that sends no view id counts as one anonymous view (the empty id).
 *
 * Bounded: a view that is closed without a word (the page was reloaded or the browser died) would
 * otherwise be kept, and counted, for the kernel's life; beyond {@link MAX_VIEWS} the view heard from
 * least recently is forgotten.
 */
import type { RangeWatch } from "./range-watch";

/** Views kept per chart; the one heard from least recently is forgotten beyond this. */
export const MAX_VIEWS = 16;

/** What the kernel knows of one view: its plot size (if it said it) and its watched range. */
export interface ViewState {
  width?: number;
  height?: number;
  watch?: RangeWatch;
}

/** The longest view id taken (ours are 36 characters): ids are kept as keys while their view lives. */
const MAX_VIEW_ID = 128;

/**
 * The id a view message names (the empty string for an older page's anonymous view). A `view` that is
 * not a short string is refused, with what was sent, rather than taken as the anonymous view.
 */
export function viewOf(content: Record<string, unknown>): string {
  const view = content.view;
  if (view === undefined) return "";
  if (typeof view !== "string" || view.length > MAX_VIEW_ID) {
    const shown = typeof view === "string" ? `a string of ${view.length} characters` : JSON.stringify(view);
    throw new TypeError(`chart: a view id must be a string of at most ${MAX_VIEW_ID} characters, got ${shown}`);
  }
  return view;
}

/** The views of one chart, least recently heard from first. */
export class SummaryViews {
  private readonly views = new Map<string, ViewState>();

  /** The state of view `id` (made if new), now the most recently heard from. */
  touch(id: string): ViewState {
    const state = this.views.get(id) ?? {};
    this.views.delete(id);
    this.views.set(id, state);
    if (this.views.size > MAX_VIEWS) {
      const [oldest] = this.views.keys();
      if (oldest !== undefined) this.views.delete(oldest);
    }
    return state;
  }

  /** Stops answering view `id`'s range (it follows the live edge again). */
  unwatch(id: string): void {
    const state = this.views.get(id);
    if (state) state.watch = undefined;
  }

  /** Forgets view `id` (it is gone): its range and its size no longer count. */
  forget(id: string): void {
    this.views.delete(id);
  }

  /** The watched ranges of all views. */
  watches(): RangeWatch[] {
    const out: RangeWatch[] = [];
    for (const v of this.views.values()) if (v.watch) out.push(v.watch);
    return out;
  }

  /** The largest width and the largest height among the views that said theirs (undefined if none did). */
  largest(): { width?: number; height?: number } {
    let width: number | undefined;
    let height: number | undefined;
    for (const v of this.views.values()) {
      if (v.width !== undefined) width = Math.max(width ?? 0, v.width);
      if (v.height !== undefined) height = Math.max(height ?? 0, v.height);
    }
    return { width, height };
  }
}
