import { isWorkerGlobal } from "./globals";

/** One identifier acorn-globals found free in a function, with the nodes (and their ancestors) that use it. */
export interface FreeName {
  readonly name: string;
  readonly nodes: readonly { readonly parents?: readonly AstNode[] }[];
}
interface AstNode {
  readonly type: string;
  readonly object?: unknown;
  readonly computed?: boolean;
  readonly property?: { readonly name?: string };
}

/** A kernel name a shipped function uses, and what the kernel knows of it. */
interface Outside {
  readonly name: string;
  /** tslab compiled the use into `exports.name`: the name was declared in an earlier cell. */
  readonly earlierCell: boolean;
  /** Its value in the notebook (tslab's cell exports), when it could be read. */
  readonly value: unknown;
  readonly found: boolean;
}

/**
 * The kernel names among a function's free identifiers. In a tslab notebook a name declared in an earlier
 * cell is compiled into `exports.name` (and so is an exported const of the same cell), so the free
 * identifier is `exports`: the names are the properties read from it. Values are looked up in tslab's
 * cell exports (`globalThis.__tslab__.exports`), only to tell functions from data in the advice.
 */
export function kernelNames(free: readonly FreeName[]): Outside[] {
  const cells = (globalThis as { __tslab__?: { exports?: Record<string, unknown> } }).__tslab__?.exports;
  const out = new Map<string, Outside>();
  const add = (name: string, earlierCell: boolean): void => {
    if (out.has(name)) return;
    const found = cells !== undefined && Object.prototype.hasOwnProperty.call(cells, name);
    out.set(name, { name, earlierCell, found, value: found ? cells[name] : undefined });
  };
  for (const g of free) {
    if (isWorkerGlobal(g.name)) continue;
    if (g.name !== "exports") {
      add(g.name, false);
      continue;
    }
    for (const node of g.nodes) {
      const parent = node.parents?.[node.parents.length - 2];
      const prop = parent?.type === "MemberExpression" && parent.object === node && !parent.computed ? parent.property?.name : undefined;
      add(prop ?? "exports", prop !== undefined);
    }
  }
  return [...out.values()];
}

/** The message of a `ShipError` for a function that uses `names` from the kernel: what, and a fix that works. */
export function closedOverMessage(label: string, op: string, names: readonly Outside[]): string {
  const all = names.map((n) => n.name);
  const fromCells = names.every((n) => n.earlierCell);
  let msg =
    `${label}: the function uses ${list(all)}${fromCells ? `, defined in ${names.length > 1 ? "earlier cells" : "an earlier cell"}` : " from the kernel"}, ` +
    `which a worker does not have (functions travel to the pool as their source text).`;
  const fns = names.filter((n) => typeof n.value === "function");
  const values = names.filter((n) => typeof n.value !== "function");
  if (values.length > 0) {
    // `{ k: k }`, not `{ k }`: tslab does not rewrite a shorthand property to the earlier cell's `exports.k`
    const v = values.map((n) => (n.earlierCell ? `${n.name}: ${n.name}` : n.name));
    msg += ` Pass ${values.length > 1 ? "values" : "a value"} in args, as the function's last argument: .${op}((x, args) => ... args.${values[0]!.name} ..., { args: { ${v.join(", ")} } }).`;
    if (values.some((n) => !n.found)) msg += ` (A function cannot travel in args: define it inside the shipped function instead.)`;
  }
  for (const f of fns) {
    const source = Function.prototype.toString.call(f.value);
    const quoted = source.length <= 400 && !/\[native code\]/.test(source) ? ` (its source: ${source})` : "";
    msg +=
      ` \`${f.name}\` is a function, which args cannot carry: define it inside the shipped function${quoted},` +
      ` or put it in a module file and require() it there.`;
  }
  return msg;
}

function list(names: readonly string[]): string {
  const q = names.map((n) => `\`${n}\``);
  return q.length <= 1 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q.at(-1)}`;
}
