/**
 * The graph of a stream, live: `stream.graph()` draws what `visualize()` draws, with each node's counts
 * (elements in, elements out, the rate over the last interval, failures, and the elements in flight of a
 * `gather`) updated at most every 500 ms while the stream runs.
 *
 * Counting costs nothing while no live graph is shown: nothing in the core counts. Showing one wraps the
 * `update` and `fail` of each node of the graph in a counting function (an own property shadowing the
 * class's method, removed when the view closes), so only a graph that is watched pays for it.
 */
import { connectedNodes, dotToSvg, graphToDot, registerApi, Stream, type Scheduler, type TimerHandle } from "@streamz-ts/core";
import { DISPLAY, type MimeBundle } from "@streamz-ts/protocol";
import { requireKernel } from "./api";
import type { WidgetOptions } from "./model";
import { StreamOutput } from "./output";

declare module "@streamz-ts/core" {
  interface Stream<T> {
    /**
     * The graph this node belongs to, drawn as `visualize()` draws it, with live counts per node: elements
     * in and out, rate, failures, elements in flight. Counting starts when it is shown and stops when
     * its view closes.
     * @example `source.graph()`
     */
    graph(options?: WidgetOptions): StreamOutput<GraphSnapshot>;
  }
}

/** One node's counts. */
interface Counts {
  in: number;
  /** Elements in per upstream, for a node with several (a join); others count only `in`. */
  from: Map<Stream<any>, number> | undefined;
  errors: number;
  /** `in` (or `out`, for a source) at the last drawing, and when (scheduler ms). */
  seen: number;
  seenAt: number;
  rate: number;
}

/** Elements `node` sent: what its first downstream received from it (a sink sends nothing). */
function outOf(node: Stream<any>, counts: Map<Stream<any>, Counts>): number | undefined {
  const d = node.downstreams[0];
  const c = d && counts.get(d);
  if (!c) return undefined;
  return c.from ? c.from.get(node) ?? 0 : c.in;
}

/** A drawing of the graph with its counts, shown as its SVG. */
export class GraphSnapshot {
  constructor(readonly svg: string, readonly dot: string) {}
  [DISPLAY](): MimeBundle {
    return { "text/html": this.svg, "text/plain": this.dot };
  }
}

/** A node's own properties, where the counting wrappers go (shadowing the class's methods). */
type Slots = Record<"update" | "fail", unknown>;

/** Wraps each node of the graph around `start` to count; returns the counts and how to undo it. */
function instrument(start: Stream<any>, now: number): { counts: Map<Stream<any>, Counts>; undo(): void } {
  const counts = new Map<Stream<any>, Counts>();
  const nodes = connectedNodes(start);
  // What each node had before (another live graph's wrappers), put back on undo.
  const before = nodes.map((n) => [Object.getOwnPropertyDescriptor(n, "update"), Object.getOwnPropertyDescriptor(n, "fail")] as const);
  for (const n of nodes) counts.set(n, { in: 0, from: n.upstreams.length > 1 ? new Map() : undefined, errors: 0, seen: 0, seenAt: now, rate: 0 });
  for (const node of nodes) {
    const mine = counts.get(node)!;
    const slots = node as unknown as Slots;
    const update = node.update;
    const fail = slots.fail as (cause: unknown, x: unknown) => unknown;
    const from = mine.from;
    // Kept to the least per element: one increment (a join also counts per upstream). What a node sent
    // is what its first downstream received from it, read when drawing.
    slots.update =
      from === undefined
        ? function (this: Stream<any>, x: unknown, who?: Stream<any>) {
            mine.in++;
            return update.call(this, x, who);
          }
        : function (this: Stream<any>, x: unknown, who?: Stream<any>) {
            mine.in++;
            if (who !== undefined) from.set(who, (from.get(who) ?? 0) + 1);
            return update.call(this, x, who);
          };
    slots.fail = function (this: Stream<any>, cause: unknown, x: unknown) {
      mine.errors++;
      return fail.call(this, cause, x);
    };
  }
  return {
    counts,
    undo: () => {
      nodes.forEach((node, i) => {
        const slots = node as unknown as Partial<Slots>;
        const [update, fail] = before[i]!;
        if (update) Object.defineProperty(node, "update", update);
        else delete slots.update;
        if (fail) Object.defineProperty(node, "fail", fail);
        else delete slots.fail;
      });
    },
  };
}

/** `n` short: 1234 -> "1.2k". */
function short(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
}

/** The label of `node`: its name, then its counts. */
function label(node: Stream<any>, counts: Map<Stream<any>, Counts>): { text: string; attributes?: string } {
  const c = counts.get(node);
  if (c === undefined) return { text: node.describe() };
  const source = node.upstreams.length === 0;
  const out = outOf(node, counts);
  const parts = source ? [] : [`${short(c.in)} in`];
  if (out !== undefined) parts.push(`${short(out)} out`);
  const lines = [node.describe(), parts.join(" · "), `${short(c.rate)}/s`];
  const inFlight = (node as { inFlight?: unknown }).inFlight;
  if (typeof inFlight === "number") lines.push(`${short(inFlight)} in flight`);
  if (c.errors > 0) lines.push(`${short(c.errors)} failed`);
  return { text: lines.filter((l) => l !== "").join("\n"), attributes: c.errors > 0 ? 'color="#c62828", fontcolor="#c62828"' : undefined };
}

/** Draws the graph around `start` with `counts`, updating each node's rate over the time since the last drawing. */
async function draw(start: Stream<any>, counts: Map<Stream<any>, Counts>, now: number): Promise<GraphSnapshot> {
  for (const [node, c] of counts) {
    const total = node.upstreams.length === 0 ? outOf(node, counts) ?? 0 : c.in;
    const dt = (now - c.seenAt) / 1000;
    if (dt > 0) c.rate = (total - c.seen) / dt;
    c.seen = total;
    c.seenAt = now;
  }
  const dot = graphToDot(start, (n) => label(n, counts));
  return new GraphSnapshot(await dotToSvg(dot), dot);
}

/** The drawings of a live graph, as a stream (the view's caption names it). */
class GraphFrames extends Stream<GraphSnapshot> {
  constructor(private readonly drawn: Stream<any>, scheduler: Scheduler) {
    super({ scheduler });
  }
  override describe(): string {
    return `live graph of ${this.drawn.describe()}`;
  }
}

/** Shows the live graph of `start`. */
function liveGraph(start: Stream<any>, options: WidgetOptions = {}): StreamOutput<GraphSnapshot> {
  const scheduler: Scheduler = options.scheduler ?? start.scheduler;
  const interval = options.interval ?? 500;
  const { counts, undo } = instrument(start, scheduler.now());
  const frames = new GraphFrames(start, scheduler);
  const view = new StreamOutput(frames, requireKernel("stream.graph()"), { ...options, scheduler });
  let timer: TimerHandle | undefined;
  const tick = (): void => {
    if (view.isClosed) {
      undo();
      frames.destroy();
      return;
    }
    draw(start, counts, scheduler.now()).then(
      (snapshot) => {
        void frames.emit(snapshot);
        timer = scheduler.setTimeout(tick, interval);
        (timer as { unref?: () => void }).unref?.();
      },
      (err: unknown) => {
        undo();
        console.error(`graph of ${start.describe()} stopped: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };
  tick();
  return view;
}

registerApi("graph", function (this: Stream<unknown>, options?: WidgetOptions) {
  return liveGraph(this, options);
});
