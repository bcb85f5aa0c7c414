import type { Pending } from "../stream";

/** Adds `r` to a lazily created list of pending promises; allocates only when something is asynchronous. */
export function collectPending(list: Promise<void>[] | undefined, r: Pending): Promise<void>[] | undefined {
  if (r === undefined) return list;
  if (list === undefined) return [r];
  list.push(r);
  return list;
}

/** One promise for a list from {@link collectPending}, or `undefined` when nothing was pending. */
export function allPending(list: Promise<void>[] | undefined): Pending {
  if (list === undefined) return undefined;
  return list.length === 1 ? list[0] : Promise.all(list).then(() => undefined);
}
