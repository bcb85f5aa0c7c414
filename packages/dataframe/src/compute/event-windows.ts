/**
 * Event-time windows with a watermark: which window(s) each row belongs to by the time in its row,
 * which rows are late, and when a window is complete. Pure state (no streams, no clock), so that the
 * rules are in one place:
 *
 * - tumbling (`size`): windows [k*size, (k+1)*size), aligned to the epoch; hopping / sliding (`size`,
 *   `slide`): windows [k*slide, k*slide + size), a row in each that holds its time; session (`gap`):
 *   a row opens [t, t + gap), and open sessions whose spans overlap merge (rows less than `gap` apart).
 * - watermark W = (largest time seen so far) - allowedLateness, moved after each frame (never back).
 * - a row is late when no window it would belong to is still open: each such window ends at or before
 *   the W of the frame's arrival (for sessions: t + gap <= W). Rows without a time are late too.
 * - a window fires (final) once W >= its end, windows in order of end then start; `flush()` fires
 *   every open window (the input has ended).
 */
import type { ColumnFrame } from "../frame";

/** How rows are assigned to windows; durations in ms. */
export type WindowShape = { size: number; slide: number } | { gap: number };

/** A window's rows so far. */
export interface OpenWindow {
  start: number;
  end: number;
  /** Pieces of frames, in arrival order. */
  parts: ColumnFrame[];
  /** Whether rows arrived since the window was last emitted (early firing emits only those). */
  changed: boolean;
}

/** What a frame did: the rows that were late, and the windows it completed. */
export interface Advance {
  late: ColumnFrame;
  fired: OpenWindow[];
}

/** The open windows of one stream, the watermark, and the rules above. */
export class EventWindowState {
  watermark = -Infinity;
  maxTime = -Infinity;
  /** Open windows by start (tumbling and sliding windows of one stream differ in start). */
  private readonly open = new Map<number, OpenWindow>();
  /** Open sessions, any order. */
  private sessions: OpenWindow[] = [];
  /** Rows the open windows hold (a hopping window's row once per window). */
  private held = 0;

  constructor(
    readonly shape: WindowShape,
    readonly allowedLateness: number,
    readonly limits: { maxOpen: number; maxRows: number },
    readonly what: string,
  ) {}

  /** The windows open now. */
  get openWindows(): number {
    return this.open.size + this.sessions.length;
  }

  /** Folds in frame `f` whose event times are `times`, then moves the watermark and fires what it passed. */
  add(f: ColumnFrame, times: ArrayLike<number>): Advance {
    const W = this.watermark;
    const late: number[] = [];
    const rowsOf = new Map<OpenWindow, number[]>();
    const put = (w: OpenWindow, i: number) => {
      const rows = rowsOf.get(w);
      if (rows === undefined) rowsOf.set(w, [i]);
      else rows.push(i);
    };
    for (let i = 0; i < f.length; i++) {
      const t = times[i]!;
      if (t !== t) {
        late.push(i);
        continue;
      }
      if (t > this.maxTime) this.maxTime = t;
      if ("gap" in this.shape) {
        if (t + this.shape.gap <= W) late.push(i);
        else put(this.session(t, rowsOf), i);
        continue;
      }
      const { size, slide } = this.shape;
      let placed = false;
      // the windows holding t start at k*slide for k*slide <= t < k*slide + size
      for (let start = Math.floor(t / slide) * slide; start > t - size; start -= slide) {
        if (start + size <= W) break; // this one and every earlier one have fired
        put(this.windowAt(start), i);
        placed = true;
      }
      if (!placed) late.push(i);
    }
    for (const [w, rows] of rowsOf) {
      w.parts.push(f.take(Int32Array.from(rows)));
      w.changed = true;
      this.held += rows.length;
    }
    const { maxOpen, maxRows } = this.limits;
    if (this.openWindows > maxOpen || this.held > maxRows) {
      throw new Error(
        `${this.what}: ${this.openWindows} windows are open holding ${this.held} rows (maxOpenWindows ${maxOpen}, maxRows ${maxRows}); the watermark (${this.watermark}) is far behind the rows' times, or the times are not in ms`,
      );
    }
    this.watermark = Math.max(W, this.maxTime - this.allowedLateness);
    return { late: f.take(Int32Array.from(late)), fired: this.fire(this.watermark) };
  }

  /** Every open window, as complete (the input has ended). */
  flush(): OpenWindow[] {
    return this.fire(Infinity);
  }

  /** The open windows with rows since they were last emitted, in order of end then start. */
  changed(): OpenWindow[] {
    const out = [...this.open.values(), ...this.sessions].filter((w) => w.changed);
    for (const w of out) w.changed = false;
    return out.sort(byEnd);
  }

  private windowAt(start: number): OpenWindow {
    let w = this.open.get(start);
    if (w === undefined) {
      w = { start, end: start + (this.shape as { size: number }).size, parts: [], changed: false };
      this.open.set(start, w);
    }
    return w;
  }

  /** The open session row time `t` joins: a new one, merged with every open session it overlaps. */
  private session(t: number, rowsOf: Map<OpenWindow, number[]>): OpenWindow {
    const end = t + (this.shape as { gap: number }).gap;
    const joined: OpenWindow = { start: t, end, parts: [], changed: false };
    const rows: number[] = [];
    this.sessions = this.sessions.filter((s) => {
      if (s.start >= end || t >= s.end) return true;
      joined.start = Math.min(joined.start, s.start);
      joined.end = Math.max(joined.end, s.end);
      joined.parts.push(...s.parts);
      const pending = rowsOf.get(s);
      if (pending !== undefined) rows.push(...pending);
      rowsOf.delete(s);
      return false;
    });
    rows.sort((a, b) => a - b); // rows of this frame keep their order
    if (rows.length > 0) rowsOf.set(joined, rows);
    this.sessions.push(joined);
    return joined;
  }

  /** Removes and returns the windows ending at or before `w`, in order of end then start. */
  private fire(w: number): OpenWindow[] {
    const out: OpenWindow[] = [];
    for (const [start, win] of this.open) {
      if (win.end <= w) {
        out.push(win);
        this.open.delete(start);
      }
    }
    this.sessions = this.sessions.filter((s) => (s.end <= w ? (out.push(s), false) : true));
    for (const win of out) for (const p of win.parts) this.held -= p.length;
    return out.sort(byEnd);
  }
}

function byEnd(a: OpenWindow, b: OpenWindow): number {
  return a.end - b.end || a.start - b.start;
}
