import { Piscina } from "piscina";
import { runBatch } from "./runner";
import type { Batch, BatchResult } from "./task";
import { transferablesOf } from "./transfer";

/**
 * The module each pool thread loads: runs one batch and moves typed-array results back without copying.
 */
export default async function runThreadBatch(batch: Batch): Promise<BatchResult> {
  const result = await runBatch(batch);
  const list = transferablesOf(result.values);
  if (list.length === 0) return result;
  return Piscina.move({ [Piscina.transferableSymbol]: list, [Piscina.valueSymbol]: result } as never) as unknown as BatchResult;
}
