/**
 * Decoding of Arrow string dictionaries, remembering recent ones by content: a stream's batches carry
 * the same few strings again and again (in the order each batch first met them, so a handful of keys
 * make many orders), and hashing and comparing a dictionary's bytes is far cheaper than decoding it.
 * Reusing the decoded strings also keeps group-by's string-to-group lookups on strings V8 has hashed.
 */
import type { Data } from "apache-arrow";

const decoder = new TextDecoder();

/** Dictionaries with more entries than this are decoded each time, not remembered. */
const MAX_CACHED = 1024;

interface Entry {
  offsets: Int32Array;
  bytes: Uint8Array;
  strings: string[];
}

/** A bounded cache of decoded Utf8 dictionaries, found by a hash of their content. */
export class DictionaryCache {
  private readonly entries = new Map<number, Entry>();

  /** @param size dictionaries remembered; the oldest is forgotten first */
  constructor(private readonly size = 256) {}

  /** The strings of a Utf8 `Data` without nulls (the dictionary of a dictionary-encoded column). */
  decode(d: Data): string[] {
    const all = d.valueOffsets as Int32Array;
    const values = d.values as Uint8Array;
    const from = 0; // `valueOffsets` starts at the data's first row, whatever its `offset` (see arrow.ts' rows)
    const n = d.length;
    const base = all[from] ?? 0;
    const end = all[from + n] ?? 0;
    // compared in place, with no views made: this runs for every frame, and a hit is the usual case
    let h = 0x811c9dc5 ^ n;
    for (let i = 1; i <= n; i++) h = Math.imul(h ^ (all[from + i]! - base), 0x01000193);
    for (let j = base; j < end; j++) h = Math.imul(h ^ values[j]!, 0x01000193);
    const hit = this.entries.get(h);
    if (hit !== undefined && sameDictionary(hit, all, values, from, n)) return hit.strings;
    const offsets = all.subarray(from, from + n + 1);
    const strings = new Array<string>(n);
    for (let i = 0; i < n; i++) strings[i] = utf8(values, offsets[i]!, offsets[i + 1]!);
    if (n > MAX_CACHED) return strings; // the cache holds at most size * MAX_CACHED strings
    this.entries.delete(h);
    this.entries.set(h, { offsets: offsets.map((o) => o - base), bytes: values.slice(base, end), strings });
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value!);
    return strings;
  }
}

/** Bytes `start` to `end` as a string: ASCII directly (TextDecoder costs more than a short key), the rest decoded. */
function utf8(values: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let s = "";
    for (let j = start; j < end; j++) {
      const b = values[j]!;
      if (b >= 0x80) return decoder.decode(values.subarray(start, end));
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decoder.decode(values.subarray(start, end));
}

/** Whether entry `e` holds the `n` strings at offsets `all[from..from+n]` into `values`. */
function sameDictionary(e: Entry, all: Int32Array, values: Uint8Array, from: number, n: number): boolean {
  const offsets = e.offsets;
  if (offsets.length !== n + 1) return false;
  const base = all[from] ?? 0;
  for (let i = 1; i <= n; i++) if (offsets[i] !== all[from + i]! - base) return false;
  const bytes = e.bytes;
  if (bytes.length !== (all[from + n] ?? 0) - base) return false;
  for (let j = 0; j < bytes.length; j++) if (bytes[j] !== values[base + j]) return false;
  return true;
}
