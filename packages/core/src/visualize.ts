import { DISPLAY, type MimeBundle } from "@streamz-ts/protocol";
import { registerBuiltin } from "./api";
import type { Stream } from "./stream";

declare module "./stream" {
  interface Stream<T> {
    /** The whole graph this node belongs to (upstream and downstream), as Graphviz DOT text. */
    toDot(): string;
    /**
     * The whole graph this node belongs to, as DOT and rendered SVG (Graphviz compiled to WebAssembly).
     * In a notebook the result displays as the picture. streamz: `visualize`.
     * @example `await source.visualize()`
     */
    visualize(): Promise<GraphPicture>;
  }
}

/** Node shapes by operator family, as streamz draws them. */
const SHAPES: Record<string, string> = {
  accumulate: "box",
  partition: "diamond",
  slidingWindow: "diamond",
  buffer: "diamond",
  timedWindow: "octagon",
  delay: "octagon",
  rateLimit: "octagon",
  latest: "octagon",
  zip: "triangle",
  zipLatest: "triangle",
  combineLatest: "triangle",
};

/** Every node reachable from `start` through upstream and downstream links, in discovery order. */
export function connectedNodes(start: Stream<any>): Stream<any>[] {
  const seen = new Set<Stream<any>>([start]);
  const order: Stream<any>[] = [start];
  for (let i = 0; i < order.length; i++) {
    for (const next of [...order[i]!.upstreams, ...order[i]!.downstreams]) {
      if (!seen.has(next)) {
        seen.add(next);
        order.push(next);
      }
    }
  }
  return order;
}

function quote(s: string): string {
  // Newlines become DOT's centred line breaks.
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/**
 * Renders the graph around `start` as DOT: one node per stream, one edge per connection. `label` gives a
 * node's label (default: `describe()`) and any extra DOT attributes (`fontcolor="red"`), e.g. for a graph
 * that shows counts.
 */
export function graphToDot(start: Stream<any>, label?: (node: Stream<any>) => { text: string; attributes?: string }): string {
  const nodes = connectedNodes(start);
  const id = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const lines = ["digraph streamz {", "  rankdir=TB;", '  node [fontname="Helvetica", fontsize=11];'];
  for (const n of nodes) {
    const shape = n.upstreams.length === 0 ? "doubleoctagon" : (SHAPES[n.kind] ?? "ellipse");
    const l = label?.(n);
    lines.push(`  ${id.get(n)} [label=${quote(l?.text ?? n.describe())}, shape=${shape}${l?.attributes ? `, ${l.attributes}` : ""}];`);
  }
  for (const n of nodes) for (const d of n.downstreams) lines.push(`  ${id.get(n)} -> ${id.get(d)};`);
  lines.push("}");
  return lines.join("\n");
}

/** A rendered graph: DOT source and SVG, shown as the picture in a notebook. */
export class GraphPicture {
  constructor(
    readonly dot: string,
    readonly svg: string,
  ) {}
  [DISPLAY](): MimeBundle {
    return { "image/svg+xml": this.svg, "text/plain": this.dot };
  }
  toString(): string {
    return this.dot;
  }
}

let viz: Promise<{ renderString(dot: string, options: { format: string }): string }> | undefined;

/** Renders DOT to SVG with @viz-js/viz (Graphviz in WebAssembly; loaded on first use). */
export async function dotToSvg(dot: string): Promise<string> {
  viz ??= import("@viz-js/viz").then((m) => m.instance());
  return (await viz).renderString(dot, { format: "svg" });
}

registerBuiltin("toDot", function toDot(this: Stream<any>) {
  return graphToDot(this);
});
registerBuiltin("visualize", async function visualize(this: Stream<any>) {
  const dot = graphToDot(this);
  return new GraphPicture(dot, await dotToSvg(dot));
});
