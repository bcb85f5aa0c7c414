/**
 * Keys of a keyed scatter (`scatter({ key })`): what a key may be and which partition it falls in.
 * A key is a string or a finite number (1 and "1" are different keys), so that it means the same on
 * every worker and in Redis, whatever process computed it.
 */

/** A key's partition out of `n`: FNV-1a over its JSON text, stable across processes and runs. */
export function partitionOf(key: string | number, n: number): number {
  const text = JSON.stringify(key);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}

/** `k` if it can be a key, else a TypeError saying what it got. */
export function checkKey(k: unknown): string | number {
  if (typeof k === "string" || (typeof k === "number" && Number.isFinite(k))) return k;
  const got = k === null ? "null" : typeof k === "number" ? String(k) : typeof k;
  throw new TypeError(`the key function must return a string or a finite number, got ${got}`);
}
