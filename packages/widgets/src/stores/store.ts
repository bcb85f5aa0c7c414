/**
 * The three ways a row widget's content follows its stream (protocol `ViewMode`), behind one
 * interface: the model hands each element to `accept` on the stream's hot path, and at flush time asks
 * for what changed since the last batch (`changes`) or for the whole content (`snapshot`).
 */
import { keyOf, type RowsMode, type ViewMode } from "@streamz-ts/protocol";
import { arrowRows, type ColumnTypes } from "../encode";
import { frameRows, frameToArrow, isWholeFrame } from "../frames";
import type { Row, ToRow } from "../rows";

/** What one update carries. */
export interface StoreBatch {
  op: RowsMode;
  rows: Row[];
  /** `upsert` only: the key columns of rows that left. */
  removed: Row[] | null;
  /** Rows the view keeps after this batch, when not the store's capacity (a window that slid, a patched state's length). */
  maxRows?: number;
  /** `patch` only: the position each row takes. */
  positions?: number[];
}

/** Row storage of one widget model. */
export interface RowStore {
  readonly mode: ViewMode;
  readonly key: readonly string[];
  /** Rows kept: the backlog (append), the rows of one state (replace), the keys retained (upsert). */
  readonly capacity: number;
  /** Rows received since the widget was made. */
  readonly total: number;
  /** Takes one element; cheap, it runs on the stream's hot path. */
  accept(x: unknown): void;
  /** The whole content now, oldest first; later `changes` are relative to it. */
  snapshot(): Row[];
  /** What changed since the last `snapshot` or `changes`, or undefined when nothing did. */
  changes(): StoreBatch | undefined;
  /** The content now, without touching what the next update carries. */
  current(): Row[];
}

/** What a store needs besides its capacity. */
export interface StoreContext {
  toRow: ToRow;
  types: ColumnTypes;
}

/** The rows of one element: an array's items, a frame's rows (Arrow or danfojs), or the element itself. */
export function rowsOfElement(x: unknown, firstIndex: number, ctx: StoreContext): Row[] {
  if (Array.isArray(x)) return x.map((v, i) => ctx.toRow(v, firstIndex + i));
  if (isWholeFrame(x)) return arrowRows(frameToArrow(x), ctx.types);
  return [ctx.toRow(x, firstIndex)];
}

/** How many rows an element holds, without making them. */
export function rowCount(x: unknown): number {
  if (typeof x !== "object" || x === null) return 1;
  if (Array.isArray(x)) return x.length;
  if (isWholeFrame(x)) return frameRows(x);
  return 1;
}

/** The key columns of `row` alone (what an `upsert` batch's `removed` carries). */
export function keyRow(row: Row, key: readonly string[]): Row {
  const out: Row = {};
  for (const k of key) out[k] = row[k];
  return out;
}

/** Whether two rows hold the same values (shallow; Dates by time). */
export function sameRow(a: Row, b: Row): boolean {
  if (a === b) return true;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    const x = a[k];
    const y = b[k];
    if (Object.is(x, y)) continue;
    if (x instanceof Date && y instanceof Date && x.getTime() === y.getTime()) continue;
    return false;
  }
  return true;
}

/**
 * How many of `before`'s oldest rows `after` dropped, when `after` is `before` slid along: its first
 * rows are `before`'s last ones, in order, followed by new ones. Undefined when it is not.
 */
export function slid(before: readonly Row[], after: readonly Row[]): number | undefined {
  if (before.length === 0) return after.length === 0 ? 0 : undefined;
  for (let d = 0; d < before.length; d++) {
    const kept = before.length - d;
    if (kept > after.length) continue;
    if (!sameRow(before[d]!, after[0]!)) continue;
    let ok = true;
    for (let i = 1; i < kept && ok; i++) ok = sameRow(before[d + i]!, after[i]!);
    if (ok) return d;
  }
  return undefined;
}

export { keyOf };

/**
 * `after` as a `patch` of `before` by position: the rows that differ, the rows added at the end, and
 * `after`'s length (shorter: the rest is dropped). Undefined when more than half of `after` would
 * travel: the whole state is then about as small, and simpler to apply.
 */
export function patchOf(before: readonly Row[], after: readonly Row[]): StoreBatch | undefined {
  const budget = after.length / 2;
  const rows: Row[] = [];
  const positions: number[] = [];
  const common = Math.min(before.length, after.length);
  for (let i = 0; i < after.length; i++) {
    if (i < common && sameRow(before[i]!, after[i]!)) continue;
    if (rows.length + 1 > budget) return undefined;
    rows.push(after[i]!);
    positions.push(i);
  }
  return { op: "patch", rows, removed: null, positions, maxRows: after.length };
}
