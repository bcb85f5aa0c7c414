import { Piscina } from "piscina";
import { packArrow, unpackArrow } from "./arrow";
import { runBatch } from "./runner";
import type { Batch, BatchResult } from "./task";
import { transferablesOf } from "./transfer";

/**
 * The module each pool thread loads: runs one batch and moves typed-array results back without copying.
 */
export default async function runThreadBatch(batch: Batch): Promise<BatchResult> {
  const items = unpackArrow(batch.items);
  const ran = await runBatch(items === batch.items ? batch : { ...batch, items });
  const values = packArrow(ran.values);
  const result: BatchResult = values === ran.values ? ran : { values: values as unknown[], errors: ran.errors };
  const list = transferablesOf(result.values);
  if (list.length === 0) return result;
  return Piscina.move({ [Piscina.transferableSymbol]: list, [Piscina.valueSymbol]: result } as never) as unknown as BatchResult;
}
