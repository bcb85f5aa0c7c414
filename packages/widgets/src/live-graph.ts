/**
 * The graph of a stream, live: `stream.graph()` draws what `visualize()` draws, with each node's counts
 * (elements in, elements out, the rate over the last interval, failures, the elements waiting in a node
 * that holds some (`buffer`, `zip`, `timedWindow`, `delay`, `rateLimit`, `partition`) and the elements in
 * flight of a `scatter` (on its pool) or a `gather`) updated at most every 500 ms while the stream runs.
 *
 * Counting costs nothing while no live graph is shown: nothing in the core counts. Showing one starts
 * counting at the few nodes where counts cannot be derived (./graph-counts), and closing the view stops
 * it, so only a graph that is watched pays for it.
 */
import { connectedNodes, dotToSvg, graphToDot, registerApi, Stream, type Scheduler, type TimerHandle } from "@streamz-ts/core";
import { DEFAULT_UPDATE_INTERVAL_MS, DISPLAY, type MimeBundle } from "@streamz-ts/protocol";
import { requireKernel } from "./api";
import type { WidgetOptions } from "./model";
import { GraphCounts } from "./graph-counts";
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

/** One node as one live graph sees it: what it had counted at the last drawing, and when (scheduler ms). */
interface Seen {
  total: number;
  at: number;
  rate: number;
}

/** A drawing of the graph with its counts, shown as its SVG. */
export class GraphSnapshot {
  constructor(
    readonly svg: string,
    readonly dot: string,
  ) {}
  [DISPLAY](): MimeBundle {
    return { "text/html": this.svg, "text/plain": this.dot };
  }
}

/** What the rate counts: elements in, or out for a source. */
function totalOf(node: Stream<any>, counts: GraphCounts): number {
  return node.upstreams.length === 0 ? (counts.outOf(node) ?? 0) : counts.inOf(node);
}

/** `n` short: 1234 -> "1.2k". */
function short(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1e6) return `${(n / 1e3).toFixed(n < 1e4 ? 1 : 0)}k`;
  return `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)}M`;
}

/** The label of `node`: its name, then its counts. */
function label(node: Stream<any>, counts: GraphCounts, seen: Map<Stream<any>, Seen>): { text: string; attributes?: string } {
  const rate = seen.get(node)?.rate ?? 0; // draw() has seen every node it draws
  const out = counts.outOf(node);
  const parts = node.upstreams.length === 0 ? [] : [`${short(counts.inOf(node))} in`];
  if (out !== undefined) parts.push(`${short(out)} out`);
  const lines = [node.describe(), parts.join(" · "), `${short(rate)}/s`];
  const waiting = node.buffered;
  if (waiting !== undefined) lines.push(`${short(waiting)} waiting`);
  const inFlight = (node as { inFlight?: unknown }).inFlight;
  if (typeof inFlight === "number") lines.push(`${short(inFlight)} in flight`);
  const errors = counts.errorsOf(node);
  if (errors > 0) lines.push(`${short(errors)} failed`);
  return {
    text: lines.filter((l) => l !== "").join("\n"),
    attributes: errors > 0 ? 'color="#c62828", fontcolor="#c62828"' : undefined,
  };
}

/**
 * Draws the graph around `start` as it is now, updating each node's rate over the time since the last
 * drawing. A node connected since the last drawing starts counting now (its first rate reads 0/s; a node
 * another live graph already counts starts from its count now); a node no longer connected is let go.
 */
async function draw(start: Stream<any>, counts: GraphCounts, seen: Map<Stream<any>, Seen>, now: number): Promise<GraphSnapshot> {
  const nodes = connectedNodes(start);
  counts.follow(nodes);
  const connected = new Set(nodes);
  for (const node of seen.keys()) if (!connected.has(node)) seen.delete(node);
  for (const node of nodes) {
    const total = totalOf(node, counts);
    const s = seen.get(node);
    if (s === undefined) {
      seen.set(node, { total, at: now, rate: 0 });
      continue;
    }
    const dt = (now - s.at) / 1000;
    if (dt > 0) s.rate = (total - s.total) / dt;
    s.total = total;
    s.at = now;
  }
  const dot = graphToDot(start, (n) => label(n, counts, seen));
  return new GraphSnapshot(await dotToSvg(dot), dot);
}

/** The drawings of a live graph, as a stream (the view's caption names it, without counting drawings). */
class GraphFrames extends Stream<GraphSnapshot> {
  constructor(
    private readonly drawn: Stream<any>,
    scheduler: Scheduler,
  ) {
    super({ scheduler });
  }
  override describe(): string {
    return `live graph of ${this.drawn.describe()}`;
  }
}

/** Shows the live graph of `start`. */
function liveGraph(start: Stream<any>, options: WidgetOptions = {}): StreamOutput<GraphSnapshot> {
  const scheduler: Scheduler = options.scheduler ?? start.scheduler;
  const interval = options.interval ?? DEFAULT_UPDATE_INTERVAL_MS;
  const bridge = requireKernel("stream.graph()"); // first: outside a kernel nothing starts counting
  const counts = new GraphCounts(start);
  const seen = new Map<Stream<any>, Seen>();
  const frames = new GraphFrames(start, scheduler);
  const view = new StreamOutput(frames, bridge, { ...options, scheduler, countShown: false });
  const tick = (): void => {
    if (view.isClosed) {
      counts.close();
      frames.destroy();
      return;
    }
    draw(start, counts, seen, scheduler.now()).then(
      (snapshot) => {
        void frames.emit(snapshot);
        const timer: TimerHandle = scheduler.setTimeout(tick, interval);
        (timer as { unref?: () => void }).unref?.();
      },
      (err: unknown) => {
        counts.close();
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
