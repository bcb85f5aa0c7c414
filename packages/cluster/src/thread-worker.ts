import { Piscina } from "piscina";
import { packArrow, unpackArrow } from "./arrow";
import { reportStart, type ProgressShared } from "./deadline";
import { runBatch } from "./runner";
import { failUnsendable } from "./sendable";
import type { Batch, BatchResult } from "./task";
import { transferablesOf } from "./transfer";

/** What the kernel hands a pool thread: a batch, and its slot to report which item is running in. */
export interface ThreadTask {
  readonly batch: Batch;
  /** Undefined: no deadline watched (no slot was free). */
  readonly slot: number | undefined;
}

/** The progress slots, given once to every thread as piscina's `workerData`. */
const shared = Piscina.workerData as ProgressShared;
const slots = new Int32Array(shared.buffer);

/**
 * The module each pool thread loads: runs one batch, reporting each item's start (for its deadline),
 * fails the items whose result cannot be sent back, and moves typed-array results back without copying.
 */
export default async function runThreadBatch({ batch, slot }: ThreadTask): Promise<BatchResult> {
  const items = unpackArrow(batch.items);
  const starting = slot === undefined ? undefined : (i: number) => reportStart(shared, slots, slot, i);
  const t0 = performance.now();
  const run = await runBatch(items === batch.items ? batch : { ...batch, items }, starting);
  const ran = { ...run, ms: performance.now() - t0 };
  const values = packArrow(ran.values);
  // The check clones the values that may not travel (objects); it is the same algorithm the reply uses.
  const result = failUnsendable(values === ran.values ? ran : { ...ran, values: values as unknown[] }, structuredClone);
  const list = transferablesOf(result.values);
  if (list.length === 0) return result;
  return Piscina.move({ [Piscina.transferableSymbol]: list, [Piscina.valueSymbol]: result } as never) as unknown as BatchResult;
}
