import { isUtf8 } from "node:buffer";

/** Why a source dropped input instead of emitting it; every source that splits bytes counts these. */
export interface DropCounts {
  /** Messages longer than `maxBytes`: skipped up to the next delimiter. */
  oversized: number;
  /** Messages that were not valid UTF-8. */
  malformed: number;
  /** Incomplete messages: a client disconnected, or a file was truncated, before the delimiter came. */
  truncated: number;
}

/** Fresh zeroed {@link DropCounts}. */
export function noDrops(): DropCounts {
  return { oversized: 0, malformed: 0, truncated: 0 };
}

/** Default limit on one message: 1 MiB. */
export const DEFAULT_MAX_BYTES = 1 << 20;

/**
 * Cuts a byte stream into delimited messages (without the delimiter) and decodes them as UTF-8.
 * Memory is bounded by `maxBytes`: a longer message is counted in `drops.oversized` and skipped up to its
 * delimiter; a message that is not valid UTF-8 is counted in `drops.malformed`. Well-formed messages
 * around a bad one are kept.
 */
export class Splitter {
  private pending: Buffer = Buffer.alloc(0);
  private skipping = false;
  private readonly delimiter: Buffer;

  constructor(
    delimiter: string | Buffer,
    readonly maxBytes: number,
    readonly drops: DropCounts,
  ) {
    this.delimiter = typeof delimiter === "string" ? Buffer.from(delimiter, "utf8") : delimiter;
    if (this.delimiter.length === 0) throw new RangeError("the delimiter must not be empty");
    if (!(maxBytes >= 1)) throw new RangeError(`maxBytes must be >= 1, got ${String(maxBytes)}`);
  }

  /** Bytes held for a message whose delimiter has not come yet. */
  get buffered(): number {
    return this.pending.length;
  }

  /** Feeds `chunk`; returns the messages it completed, in order. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    const held = this.pending.length;
    const buf = held === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const dl = this.delimiter.length;
    // a delimiter may straddle the old tail and the new chunk: search from just before the seam
    let from = Math.max(0, held - dl + 1);
    let start = 0;
    // one UTF-8 check for every complete message of the chunk (pieces of valid UTF-8 cut at an encoded
    // delimiter are valid); message by message only when that region has a bad byte somewhere
    const last = buf.lastIndexOf(this.delimiter);
    const allValid = last >= from && isUtf8(buf.subarray(0, last));
    const max = this.maxBytes;
    for (;;) {
      const at = buf.indexOf(this.delimiter, from);
      if (at < 0) break;
      if (this.skipping) this.skipping = false;
      else if (allValid && at - start <= max) out.push(buf.toString("utf8", start, at));
      else this.accept(buf.subarray(start, at), out);
      start = from = at + dl;
    }
    let rest = buf.subarray(start);
    if (rest.length > this.maxBytes) {
      if (!this.skipping) this.drops.oversized++;
      this.skipping = true;
      rest = rest.subarray(rest.length - (dl - 1)); // keep just enough to see a straddling delimiter
    }
    // copy, so a small tail does not pin a large socket chunk in memory
    this.pending = rest.length === 0 ? Buffer.alloc(0) : Buffer.from(rest);
    return out;
  }

  /**
   * Ends the input: returns the trailing bytes that had no delimiter, decoded, or `undefined` when there
   * are none (or they were oversized or malformed, which is counted). The caller decides whether such a
   * tail is a message (a process's last line) or a truncated one.
   */
  end(): string | undefined {
    const tail = this.pending;
    const skipped = this.skipping;
    this.pending = Buffer.alloc(0);
    this.skipping = false;
    if (skipped || tail.length === 0) return undefined;
    const out: string[] = [];
    this.accept(tail, out);
    return out[0];
  }

  /** Drops the trailing bytes and counts them as truncated, if there were any. */
  discard(): void {
    if (this.pending.length > 0 && !this.skipping) this.drops.truncated++;
    this.pending = Buffer.alloc(0);
    this.skipping = false;
  }

  private accept(msg: Buffer, out: string[]): void {
    if (msg.length > this.maxBytes) this.drops.oversized++;
    else if (!isUtf8(msg)) this.drops.malformed++;
    else out.push(msg.toString("utf8"));
  }
}
