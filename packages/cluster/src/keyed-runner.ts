import { errorInfo, type Batch, type BatchResult } from "./task";

type AnyFn = (...a: unknown[]) => unknown;

/**
 * Runs a `keyed-accumulate` batch on a worker: items are `[key, element]` pairs; each key's state starts
 * from the batch's `keyed.states` (else `start`, copied per key so keys never share one object, else the
 * key's first element, emitted as is) and is folded through the items in order. A step that throws
 * fails its own element and leaves its key's state as it was, as the local `accumulate` does. Returns
 * each element's output and the states of the keys that changed.
 */
export async function runKeyedBatch(batch: Batch, fn: AnyFn | Error, starting?: (i: number) => void): Promise<BatchResult> {
  const keyed = batch.keyed!;
  const states = new Map<unknown, unknown>(keyed.states ?? []);
  const changed = new Set<unknown>();
  const values: unknown[] = new Array(batch.items.length);
  const errors: BatchResult["errors"] = [];
  for (let i = 0; i < batch.items.length; i++) {
    starting?.(i);
    const [key, x] = batch.items[i] as [unknown, unknown];
    try {
      if (fn instanceof Error) throw fn;
      let state: unknown;
      if (states.has(key)) state = states.get(key);
      else if (keyed.start !== undefined) state = structuredClone(keyed.start.value);
      else {
        states.set(key, x);
        changed.add(key);
        values[i] = x;
        continue;
      }
      let r = fn(state, x, batch.args);
      if (r instanceof Promise) r = await r;
      if (keyed.returnsState) {
        if (!Array.isArray(r) || r.length !== 2) throw new TypeError("with returnsState the function must return [state, output]");
        states.set(key, r[0]);
        values[i] = r[1];
      } else {
        states.set(key, r);
        values[i] = r;
      }
      changed.add(key);
    } catch (e) {
      errors.push([i, errorInfo(e)]);
    }
  }
  return { values, errors, states: [...changed].map((k) => [k, states.get(k)]) };
}
