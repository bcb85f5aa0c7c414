import { errorInfo, type BatchResult } from "./task";

/**
 * A result value that cannot travel back to the kernel (a function, a socket, a promise...) must fail
 * its own item with the real reason, not the whole batch: left to the transport, structured cloning
 * throws after the batch ran, the thread dies, and its neighbours run again. `check` throws for a value
 * the transport cannot carry; values that always travel are not checked (primitives, typed arrays,
 * Arrow values already packed as IPC bytes), so results of plain numbers and strings cost nothing here.
 */
export function failUnsendable(result: BatchResult, check: (v: unknown) => void): BatchResult {
  let errors: BatchResult["errors"] | undefined;
  const failed = result.errors.length === 0 ? undefined : new Set(result.errors.map(([i]) => i));
  for (let i = 0; i < result.values.length; i++) {
    const v = result.values[i];
    if (travelsAsIs(v) || failed?.has(i)) continue;
    try {
      check(v);
    } catch (e) {
      (errors ??= [...result.errors]).push([i, errorInfo(e)]);
      result.values[i] = undefined;
    }
  }
  return errors === undefined ? result : { ...result, errors: errors.sort((a, b) => a[0] - b[0]) };
}

function travelsAsIs(v: unknown): boolean {
  if (v === null || (typeof v !== "object" && typeof v !== "function" && typeof v !== "symbol")) return true;
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v) || (v as { tag?: unknown }).tag === "streamz-ts/arrow-ipc";
}
