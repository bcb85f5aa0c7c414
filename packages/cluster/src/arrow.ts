/**
 * Arrow tables and record batches across the pool. Structured cloning would copy an Arrow object field
 * by field and lose its class; instead each one travels as its IPC stream bytes (one buffer, moved in
 * the transfer list, not copied) and is rebuilt on the other side. apache-arrow is loaded only when an
 * Arrow value is met, so graphs of plain values never load it.
 */

/** The tag of an Arrow value in transit. */
const TAG = "streamz-ts/arrow-ipc";

interface Packed {
  readonly tag: typeof TAG;
  readonly kind: "table" | "batch";
  readonly ipc: Uint8Array;
}

type ArrowModule = typeof import("apache-arrow");
let arrow: ArrowModule | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Arrow loads only when a task carries a table
const load = (): ArrowModule => (arrow ??= require("apache-arrow") as ArrowModule);

function arrowKind(v: unknown): "table" | "batch" | undefined {
  if (v === null || typeof v !== "object" || !("schema" in v)) return undefined;
  const name = (v as object).constructor?.name;
  if (name === "Table" && "batches" in v) return "table";
  if (name === "RecordBatch" && "numRows" in v) return "batch";
  return undefined;
}

function isPacked(v: unknown): v is Packed {
  return v !== null && typeof v === "object" && (v as Packed).tag === TAG;
}

function pack(v: unknown, kind: "table" | "batch"): Packed {
  const a = load();
  const table = kind === "table" ? (v as InstanceType<ArrowModule["Table"]>) : new a.Table(v as InstanceType<ArrowModule["RecordBatch"]>);
  return { tag: TAG, kind, ipc: a.tableToIPC(table, "stream") };
}

function unpack(p: Packed): unknown {
  const table = load().tableFromIPC(p.ipc);
  return p.kind === "batch" && table.batches.length === 1 ? table.batches[0] : table;
}

/** Maps `f` over the values (and one level into arrays: tuples, windows, `[state, x]` pairs); copies only on change. */
function mapShallow(values: readonly unknown[], test: (v: unknown) => boolean, f: (v: unknown) => unknown): readonly unknown[] {
  const deep = (v: unknown): unknown => (test(v) ? f(v) : Array.isArray(v) && v.some(test) ? v.map((w) => (test(w) ? f(w) : w)) : v);
  return values.some((v) => test(v) || (Array.isArray(v) && v.some(test))) ? values.map(deep) : values;
}

/** Arrow values replaced by their IPC bytes, ready to send (the same array when there are none). */
export function packArrow(values: readonly unknown[]): readonly unknown[] {
  return mapShallow(
    values,
    (v) => arrowKind(v) !== undefined,
    (v) => pack(v, arrowKind(v)!),
  );
}

/** Arrow values rebuilt from their IPC bytes (the same array when there are none). */
export function unpackArrow(values: readonly unknown[]): readonly unknown[] {
  return mapShallow(values, isPacked, (v) => unpack(v as Packed));
}
