/**
 * Which buffers of a message can move instead of being copied. A typed array moves when it is the only
 * view of its whole buffer (a slice of Node's shared Buffer pool must not: moving it would detach every
 * other Buffer in the pool). Arrays (tuples, windows) are searched one level down, and Arrow values
 * packed as IPC bytes move their one buffer.
 *
 * Moving detaches the sender's copy: an element handed to `scatter()` belongs to the pool from then on.
 */
export function transferablesOf(values: readonly unknown[]): ArrayBuffer[] {
  let found: Set<ArrayBuffer> | undefined;
  const visit = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object") return;
    if (v instanceof ArrayBuffer) {
      (found ??= new Set()).add(v);
    } else if (ArrayBuffer.isView(v)) {
      const buf = v.buffer;
      if (buf instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === buf.byteLength) (found ??= new Set()).add(buf);
    } else if ((v as { tag?: unknown }).tag === "streamz-ts/arrow-ipc") {
      visit((v as { ipc: unknown }).ipc, 0); // an Arrow value packed for the trip (./arrow)
    } else if (depth > 0 && Array.isArray(v)) {
      for (const w of v) visit(w, depth - 1);
    }
  };
  for (const v of values) visit(v, 2);
  return found === undefined ? [] : [...found];
}
