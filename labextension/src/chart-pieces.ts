/**
 * A summarised chart's pictures arrive in pieces when they are larger than a message may be (protocol
 * `SUMMARY_MESSAGE_BYTES`, `pieces_left`): a view holds the pieces back and applies them at once when
 * the last one came, so a half picture is never drawn. The same for a range answer in pieces.
 */
import type { HeldBatch, RangeReply } from "@streamz-ts/protocol";

/** A batch as the view read it, with its number and how many pieces of its picture follow. */
export interface PieceBatch extends HeldBatch {
  seq: number;
  piecesLeft: number;
}

/** What to do with a batch just read. */
export interface PieceVerdict<B extends PieceBatch = PieceBatch> {
  /** The batches to apply together now (a whole picture, or an ordinary batch); empty: wait. */
  ready: B[];
  /** True when the view should ask for the whole state (it cannot complete what it holds). */
  ask: boolean;
}

/**
 * Collects one view's batches into whole pictures. What it holds back is one picture's pieces at most:
 * a new `replace` starts afresh, and after a missed batch everything up to the next `replace` is
 * dropped (the view asks for the whole state, which comes as a `replace`).
 */
export class PictureCollector<B extends PieceBatch = PieceBatch> {
  private pending: B[] = [];
  /** The seq expected next (undefined before the first batch). */
  private next: number | undefined;
  /** Set after a missed batch: batches are dropped until a `replace`. */
  private broken = false;

  take(batch: B): PieceVerdict<B> {
    const first = this.next === undefined;
    const follows = batch.seq === this.next;
    this.next = batch.seq + 1;
    if (batch.mode === "replace") {
      this.broken = false;
      this.pending = [batch];
    } else if (follows && !this.broken) {
      this.pending.push(batch);
    } else {
      // a missed batch (or a view that starts mid-way): what follows cannot be completed
      // (the batch reader asks for the whole state then)
      this.broken = true;
      this.pending = [];
      return { ready: [], ask: false };
    }
    if (batch.piecesLeft > 0) {
      // a view that starts on a picture's first piece may never see the rest (a state taken for the
      // control channel comes without them): it asks for the whole state
      return { ready: [], ask: first };
    }
    const ready = this.pending;
    this.pending = [];
    return { ready, ask: false };
  }

  /** Pieces held back, waiting for the rest of their picture. */
  get waiting(): number {
    return this.pending.length;
  }
}

/** A range answer's piece: the reply and its rows. */
export interface RangePiece {
  reply: RangeReply;
  rows: Record<string, unknown>[];
  bytes: number;
  /** Bytes of the largest piece (a whole answer's). */
  largest?: number;
}

/**
 * Collects the pieces of range answers (same `id`, `piece` 0..`pieces`-1): the whole answer once all
 * arrived, in order. Pieces of an older answer are dropped when a newer one starts.
 */
export class RangeCollector {
  private id = -1;
  private parts: (RangePiece | undefined)[] = [];

  /** The whole answer when `piece` completes one, else undefined. */
  take(piece: RangePiece): RangePiece | undefined {
    const { reply } = piece;
    const count = reply.pieces ?? 1;
    if (count <= 1) return piece;
    if (reply.id !== this.id || this.parts.length !== count || reply.piece === 0) {
      this.id = reply.id;
      this.parts = new Array<RangePiece | undefined>(count).fill(undefined);
    }
    const at = reply.piece ?? 0;
    if (!(at >= 0 && at < count)) return undefined;
    this.parts[at] = piece;
    if (this.parts.some((p) => p === undefined)) return undefined;
    const parts = this.parts as RangePiece[];
    this.parts = [];
    this.id = -1;
    const bytes = parts.map((p) => p.bytes);
    return { reply, rows: parts.flatMap((p) => p.rows), bytes: bytes.reduce((s, b) => s + b, 0), largest: Math.max(...bytes) };
  }
}
