/**
 * Random out-of-order event streams, and the direct computation of what event-time windows must give:
 * written from the rules in the README by brute force (every window a row might belong to is tested;
 * sessions are recomputed from all open rows after each frame), sharing no code with the operator.
 */
import { Dictionary, Float64, Int32, Table, TimestampMillisecond, Utf8, vectorFromArray } from "apache-arrow";
import { rng } from "./helpers";

/** One frame: a row id, an event time (null: none), a key and a value. */
export interface EventFrame {
  id: number[];
  time: (number | null)[];
  k: string[];
  x: number[];
}

export type Shape = { size: number; slide: number } | { gap: number };

/** A window the direct computation fired: after which frame, its span, and its rows' ids. */
export interface Fired {
  frame: number;
  start: number;
  end: number;
  ids: number[];
}

export interface Expected {
  fired: Fired[];
  late: number[];
  watermarks: number[];
  /** Windows still open at the end, as a flush would fire them. */
  flushed: Fired[];
}

/**
 * `count` frames whose rows arrive in order of a clock but carry times up to 10 s behind it: most a
 * little, some beyond any lateness (late rows); 3% have no time; some frames are empty.
 */
export function eventStream(seed: number, count = 14): EventFrame[] {
  const r = rng(seed);
  let clock = 1_700_000_000_000;
  let id = 0;
  const frames: EventFrame[] = [];
  for (let j = 0; j < count; j++) {
    const n = r() < 0.15 ? 0 : 1 + Math.floor(r() * 12);
    const f: EventFrame = { id: [], time: [], k: [], x: [] };
    for (let i = 0; i < n; i++) {
      clock += Math.floor(r() * 400);
      const u = r();
      const delay = u < 0.7 ? r() * 500 : u < 0.9 ? 500 + r() * 2500 : 3000 + r() * 7000;
      f.id.push(id++);
      f.time.push(r() < 0.03 ? null : Math.floor(clock - delay));
      f.k.push(["a", "b", "10", "9"][Math.floor(r() * 4)]!);
      f.x.push(r() < 0.1 ? NaN : Math.round(r() * 2000 - 1000) / 100);
    }
    frames.push(f);
  }
  return frames;
}

/** The frame as an Arrow table: time a millisecond timestamp (with nulls), k dictionary-encoded. */
export function eventTable(f: EventFrame): Table {
  return new Table({
    id: vectorFromArray(f.id, new Int32()),
    time: vectorFromArray(
      f.time.map((t) => (t === null ? null : new Date(t))),
      new TimestampMillisecond(),
    ),
    k: vectorFromArray(f.k, new Dictionary(new Utf8(), new Int32())),
    x: vectorFromArray(f.x, new Float64()),
  });
}

/** What the rules say for `frames`: fired windows (in order), late rows, the watermark after each frame. */
export function expected(frames: readonly EventFrame[], shape: Shape, lateness: number): Expected {
  let W = -Infinity;
  let maxT = -Infinity;
  const out: Expected = { fired: [], late: [], watermarks: [], flushed: [] };
  const open = new Map<string, Fired>(); // tumbling / hopping, by "start,end"
  let sessionRows: { t: number; id: number }[] = [];
  const sessions = () => {
    const sorted = [...sessionRows].sort((a, b) => a.t - b.t || a.id - b.id);
    const groups: { t: number; id: number }[][] = [];
    for (const row of sorted) {
      const g = groups.at(-1);
      if (g !== undefined && row.t - g.at(-1)!.t < (shape as { gap: number }).gap) g.push(row);
      else groups.push([row]);
    }
    return groups.map((g) => ({ start: g[0]!.t, end: g.at(-1)!.t + (shape as { gap: number }).gap, rows: g }));
  };
  const byEnd = (a: Fired, b: Fired) => a.end - b.end || a.start - b.start;
  frames.forEach((f, j) => {
    f.id.forEach((id, i) => {
      const t = f.time[i];
      if (t === null || t === undefined) return void out.late.push(id);
      maxT = Math.max(maxT, t);
      if ("gap" in shape) {
        if (t + shape.gap <= W) out.late.push(id);
        else sessionRows.push({ t, id });
        return;
      }
      let placed = false;
      for (let k = Math.floor((t - shape.size) / shape.slide) - 1; k <= Math.floor(t / shape.slide) + 1; k++) {
        const start = k * shape.slide;
        const end = start + shape.size;
        if (!(start <= t && t < end) || end <= W) continue;
        const key = `${start},${end}`;
        if (!open.has(key)) open.set(key, { frame: -1, start, end, ids: [] });
        open.get(key)!.ids.push(id);
        placed = true;
      }
      if (!placed) out.late.push(id);
    });
    W = Math.max(W, maxT - lateness);
    out.watermarks.push(W);
    const now: Fired[] = [];
    if ("gap" in shape) {
      for (const s of sessions()) {
        if (s.end > W) continue;
        now.push({ frame: j, start: s.start, end: s.end, ids: s.rows.map((r) => r.id) });
        const gone = new Set(s.rows.map((r) => r.id));
        sessionRows = sessionRows.filter((r) => !gone.has(r.id));
      }
    } else {
      for (const [key, w] of open) {
        if (w.end > W) continue;
        now.push({ ...w, frame: j });
        open.delete(key);
      }
    }
    out.fired.push(...now.sort(byEnd));
  });
  const rest =
    "gap" in shape
      ? sessions().map((s) => ({ frame: frames.length, start: s.start, end: s.end, ids: s.rows.map((r) => r.id) }))
      : [...open.values()].map((w) => ({ ...w, frame: frames.length }));
  out.flushed = rest.sort(byEnd);
  return out;
}
