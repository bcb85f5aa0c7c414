/**
 * Decoding of Arrow string dictionaries, remembering the last few: a stream's batches usually carry
 * the same small dictionary again and again, and comparing its bytes is far cheaper than decoding it.
 * Reusing the decoded array also keeps group-by's dictionary-to-group mapping stable.
 */
import type { Data } from "apache-arrow";

const decoder = new TextDecoder();

interface Entry {
  offsets: Int32Array;
  bytes: Uint8Array;
  strings: string[];
}

/** A small most-recently-used cache of decoded Utf8 dictionaries, matched by content. */
export class DictionaryCache {
  private entries: Entry[] = [];

  constructor(private readonly size = 8) {}

  /** The strings of a Utf8 `Data` without nulls (the dictionary of a dictionary-encoded column). */
  decode(d: Data): string[] {
    const all = d.valueOffsets as Int32Array;
    const offsets = all.subarray(d.offset, d.offset + d.length + 1);
    const bytes = (d.values as Uint8Array).subarray(offsets[0] ?? 0, offsets[offsets.length - 1] ?? 0);
    for (let i = 0; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (sameShape(e.offsets, offsets) && sameBytes(e.bytes, bytes)) {
        if (i > 0) this.entries.unshift(...this.entries.splice(i, 1));
        return e.strings;
      }
    }
    const strings = new Array<string>(d.length);
    const base = offsets[0] ?? 0;
    for (let i = 0; i < d.length; i++) strings[i] = decoder.decode(bytes.subarray(offsets[i]! - base, offsets[i + 1]! - base));
    this.entries.unshift({ offsets: offsets.map((o) => o - base), bytes: bytes.slice(), strings });
    if (this.entries.length > this.size) this.entries.pop();
    return strings;
  }
}

function sameShape(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  const base = b[0]!;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]! - base) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
