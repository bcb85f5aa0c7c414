/**
 * Cutting what a summarised chart sends into messages of at most `SUMMARY_MESSAGE_BYTES` (protocol
 * range.ts, issue 17: "each update <= 64 KB"). A whole picture of a million-point scatter is one row
 * per occupied pixel cell, tens of thousands of rows; an M4 picture of a wide plot is four rows per
 * bucket, thousands of buckets. Neither is bounded by 64 KB, so a picture that is larger goes in
 * pieces, each encoded on its own, which the view takes together.
 */
import type { Row } from "../rows";

/** Room kept in a message for its JSON (the state's other attributes and the Jupyter envelope). */
export const JSON_ROOM = 4096;

/**
 * Encodes items `[0, count)` as a list of parts, each at most `budget` bytes: the whole when it fits,
 * else consecutive slices (order kept), cut again where a slice still does not fit. One item that
 * alone exceeds the budget is one part all the same (a row cannot be split).
 * @example inPieces(rows.length, (a, b) => encodeRows(rows.slice(a, b)), 60_000)
 */
export function inPieces<B extends { byteLength: number }>(
  count: number,
  encode: (from: number, to: number) => B,
  budget: number,
  /** The whole already encoded, if the caller has it. */
  whole?: B,
): B[] {
  const out: B[] = [];
  const cut = (from: number, to: number): void => {
    const bytes = whole !== undefined && from === 0 && to === count ? whole : encode(from, to);
    if (bytes.byteLength <= budget || to - from <= 1) {
      out.push(bytes);
      return;
    }
    // a little more than the bytes' share, for each part's own schema and framing
    const parts = Math.max(2, Math.ceil((bytes.byteLength * 1.05) / budget));
    const step = Math.ceil((to - from) / parts);
    for (let a = from; a < to; a += step) cut(a, Math.min(to, a + step));
  };
  cut(0, count);
  return out;
}

/** One message's share of a rows batch: its rows and removed keys (Arrow IPC bytes), or null. */
export interface BatchPiece {
  rows: DataView;
  removed: DataView | null;
}

/**
 * A batch's rows and removed keys as pieces of at most `budget` bytes each: one piece when both fit
 * together, else the removed keys' pieces (each with no rows) and then the rows' pieces, in the order
 * an `upsert` applies them (a `replace` has no removed keys: its first piece is its first rows).
 * @param encodeRows, encodeKeys how rows and key rows are encoded (the model's own encoders)
 */
export function batchPieces(
  rows: Row[],
  removed: Row[] | null,
  encodeRows: (rows: Row[]) => DataView,
  encodeKeys: (keys: Row[]) => DataView,
  budget: number,
): BatchPiece[] {
  const gone = removed && removed.length > 0 ? removed : null;
  const whole = encodeRows(rows);
  const keys = gone ? encodeKeys(gone) : null;
  if (whole.byteLength + (keys?.byteLength ?? 0) <= budget) return [{ rows: whole, removed: keys }];
  const pieces: BatchPiece[] = [];
  if (gone) {
    const none = encodeRows([]);
    for (const k of inPieces(gone.length, (a, b) => encodeKeys(gone.slice(a, b)), budget, keys!)) pieces.push({ rows: none, removed: k });
  }
  for (const r of inPieces(rows.length, (a, b) => encodeRows(rows.slice(a, b)), budget, whole)) pieces.push({ rows: r, removed: null });
  return pieces;
}
