/**
 * Picks the row store for a widget's options: `mode` as asked, else `upsert` when a key is given,
 * else `append` (a table's default `append` shows an array or Arrow element whole, as before).
 */
import { VIEW_MODES, type ViewMode } from "@streamz-ts/protocol";
import { AppendStore } from "./append-store";
import { ReplaceStore } from "./replace-store";
import type { RowStore, StoreContext } from "./store";
import { UpsertStore } from "./upsert-store";

export type { RowStore, StoreBatch, StoreContext } from "./store";
export { AppendStore, ReplaceStore, UpsertStore };

/** What a user may say about a row widget's update mode. */
export interface ModeOptions {
  /**
   * How the content follows the stream: `"append"` rows (events, keeping the last `backlog`/`rows`),
   * `"replace"` the content with each element (a group-by result, a window, a frame), or `"upsert"`
   * rows by `key` (the latest row per key wins). Default: `"upsert"` when `key` is given, else `"append"`.
   */
  mode?: ViewMode;
  /** Key column(s): what `"upsert"` matches rows by; with `"replace"`, updates then carry only changed rows. */
  key?: string | readonly string[];
}

/** The key option as a list of column names, checked. */
export function keyColumns(kind: string, key: string | readonly string[] | undefined): string[] {
  if (key === undefined) return [];
  const list = typeof key === "string" ? [key] : [...key];
  if (list.length === 0 || !list.every((k) => typeof k === "string" && k.length > 0)) {
    throw new TypeError(`${kind}: key must be a column name or a non-empty list of column names, got ${JSON.stringify(key)}`);
  }
  return list;
}

/**
 * The store for `options`. `framesReplace` is the table's default: in append mode, an element that is
 * an array or an Arrow frame replaces the content.
 */
export function makeStore(kind: string, options: ModeOptions, capacity: number, ctx: StoreContext, framesReplace = false): RowStore {
  const key = keyColumns(kind, options.key);
  const mode = options.mode ?? (key.length > 0 ? "upsert" : "append");
  if (!VIEW_MODES.includes(mode)) throw new TypeError(`${kind}: mode must be one of ${VIEW_MODES.join(", ")}, got ${JSON.stringify(mode)}`);
  if (mode === "append") {
    if (key.length > 0) throw new TypeError(`${kind}: mode "append" takes no key (use "upsert" to keep the latest row per key)`);
    return new AppendStore(capacity, ctx, framesReplace && options.mode === undefined);
  }
  if (mode === "replace") return new ReplaceStore(capacity, ctx, key);
  return new UpsertStore(capacity, ctx, key);
}
