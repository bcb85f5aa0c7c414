/**
 * A stand-in for the kernel's comm channel and for a JupyterLab view: widget models open comms on it,
 * and each model's batches are decoded from Arrow and applied the way the views apply them
 * (`HeldRows`, the protocol's reference), so a test can ask what a chart or table would show.
 */
import { tableFromIPC } from "apache-arrow";
import { HeldRows, KERNEL_BRIDGE, type Comm, type CommData, type HeldRow, type KernelBridge } from "@streamz-ts/protocol";

/** One model as the frontend sees it. */
export interface FakeView {
  id: string;
  /** Full state from comm_open, then every update's state merged in (buffers decoded to rows). */
  state: Record<string, unknown>;
  /** Each update's state, with `rows` / `removed` decoded. */
  updates: Record<string, unknown>[];
  /** Arrow type of each column of the last rows received, e.g. `{ y: "Int32" }`. */
  types: Record<string, string>;
  held: HeldRows;
}

function decode(buffer: ArrayBufferView | undefined, types?: Record<string, string>): HeldRow[] {
  if (!buffer) return [];
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const t = tableFromIPC(bytes);
  if (types) for (const f of t.schema.fields) types[f.name] = String(f.type);
  const out: HeldRow[] = [];
  for (let i = 0; i < t.numRows; i++) {
    const row: HeldRow = {};
    for (const f of t.schema.fields) row[f.name] = t.getChild(f.name)!.get(i);
    out.push(row);
  }
  return out;
}

/** Installs a fake kernel bridge on globalThis; returns the views by model id and a remover. */
export function installFakeFrontend(): { views: Map<string, FakeView>; uninstall: () => void } {
  const views = new Map<string, FakeView>();
  let next = 0;
  const take = (view: FakeView, state: Record<string, unknown>, paths: (string | number)[][], buffers: ArrayBufferView[]) => {
    const s: Record<string, unknown> = { ...state };
    paths.forEach((p, i) => (s[String(p[0])] = decode(buffers[i], p[0] === "rows" ? view.types : undefined)));
    if (s.rows === undefined && "rows_mode" in s) s.rows = [];
    Object.assign(view.state, s);
    if ("rows_mode" in s) {
      view.held.apply({
        mode: s.rows_mode as "replace" | "append" | "upsert",
        rows: s.rows as HeldRow[],
        removed: (s.removed as HeldRow[] | null) ?? [],
        maxRows: Number(view.state.max_rows),
        key: (view.state.key as string[] | undefined) ?? [],
      });
    }
    return s;
  };
  const bridge: KernelBridge = {
    openComm(_target: string, data: CommData, _metadata?: CommData, buffers: ArrayBufferView[] = []): Comm {
      const id = `model-${next++}`;
      const view: FakeView = { id, state: {}, updates: [], held: new HeldRows(), types: {} };
      views.set(id, view);
      take(view, data.state as Record<string, unknown>, data.buffer_paths as string[][], buffers);
      let closed = false;
      let onClose: ((m: undefined) => void) | undefined;
      return {
        id,
        target: "jupyter.widget",
        get closed() {
          return closed;
        },
        send(msg: CommData, _m?: CommData, bufs: ArrayBufferView[] = []) {
          if (closed) return false;
          if (msg.method === "update")
            view.updates.push(take(view, msg.state as Record<string, unknown>, msg.buffer_paths as string[][], bufs));
          return true;
        },
        close() {
          if (closed) return;
          closed = true;
          onClose?.(undefined);
        },
        onMessage() {},
        onClose(h) {
          onClose = h;
        },
      };
    },
    registerTarget() {},
    displayData() {},
  };
  (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = bridge;
  return { views, uninstall: () => delete (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] };
}
