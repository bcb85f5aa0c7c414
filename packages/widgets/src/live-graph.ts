/**
 * The graph of a stream, live: `stream.graph()` draws what `visualize()` draws, with each node's counts
 * (elements in, elements out, the rate over the last interval, failures, the elements waiting in a node
 * that holds some (`buffer`, `zip`, `timedWindow`, `delay`, `rateLimit`, `partition`) and the elements in
 * flight of a `gather`) updated at most every 500 ms while the stream runs.
 *
 * Counting costs nothing while no live graph is shown: nothing in the core counts. Showing one puts each
 * node of the graph on a counting prototype (its `update` and `fail` count, then call the class's own),
 * and closing the view puts the node's own prototype back, so only a graph that is watched pays for it.
 */
import { connectedNodes, dotToSvg, graphToDot, registerApi, Stream, type Scheduler, type TimerHandle } from "@streamz-ts/core";
import { DEFAULT_UPDATE_INTERVAL_MS, DISPLAY, type MimeBundle } from "@streamz-ts/protocol";
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

/** What a counted node has counted since it was first shown (shared by the live graphs showing it). */
interface Tally {
  in: number;
  /** Elements in per upstream, for a node with several (a join); others count only `in`. */
  from: Map<Stream<any>, number> | undefined;
  errors: number;
  /** Live graphs showing the node: the last to close puts its prototype back. */
  users: number;
  /** The node's prototype before counting. */
  restore: object;
}

/** One node as one live graph sees it. */
interface Counts {
  tally: Tally;
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
  return c.tally.from ? (c.tally.from.get(node) ?? 0) : c.tally.in;
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

/** Where a counted node keeps its counts (a symbol: it never meets a user's property). */
const COUNTS = Symbol("streamz-ts.live-graph.counts");
/** A class's own `update`/`fail`, kept on its counting prototype so the counting methods call them directly. */
const UPDATE = Symbol("streamz-ts.live-graph.update");
const FAIL = Symbol("streamz-ts.live-graph.fail");

interface Counted {
  [COUNTS]: Tally;
  [UPDATE](x: unknown, who?: Stream<any>): unknown;
  [FAIL](cause: unknown, x: unknown): unknown;
}

/**
 * One counting prototype per node class, between the node and its class's prototype: its `update` adds
 * one to the node's count and calls the class's own. Swapping a node's prototype (not wrapping it in a
 * closure) keeps the call monomorphic, so V8 still inlines the chain of updates while counting.
 */
const countingPrototypes = [new WeakMap<object, object>(), new WeakMap<object, object>()];
function countingPrototypeOf(proto: object, perUpstream: boolean): object {
  const cache = countingPrototypes[perUpstream ? 1 : 0]!;
  const cached = cache.get(proto);
  if (cached !== undefined) return cached;
  const own = proto as { update: Counted[typeof UPDATE]; fail: Counted[typeof FAIL] };
  const counting = Object.create(proto) as Record<PropertyKey, unknown>;
  counting[UPDATE] = own.update;
  counting[FAIL] = own.fail;
  counting.update = perUpstream
    ? function (this: Counted, x: unknown, who?: Stream<any>) {
        const c = this[COUNTS];
        c.in++;
        if (who !== undefined) c.from!.set(who, (c.from!.get(who) ?? 0) + 1);
        return this[UPDATE](x, who);
      }
    : function (this: Counted, x: unknown, who?: Stream<any>) {
        this[COUNTS].in++;
        return this[UPDATE](x, who);
      };
  counting.fail = function (this: Counted, cause: unknown, x: unknown) {
    this[COUNTS].errors++;
    return this[FAIL](cause, x);
  };
  cache.set(proto, counting);
  return counting;
}

/** Puts each node of the graph around `start` on a counting prototype; returns the counts and how to undo it. */
function instrument(start: Stream<any>, now: number): { counts: Map<Stream<any>, Counts>; undo(): void } {
  const counts = new Map<Stream<any>, Counts>();
  for (const node of connectedNodes(start)) {
    const counted = node as unknown as Counted;
    let tally = Object.hasOwn(counted, COUNTS) && counted[COUNTS].users > 0 ? counted[COUNTS] : undefined;
    if (tally === undefined) {
      const joins = node.upstreams.length > 1;
      tally = { in: 0, from: joins ? new Map() : undefined, errors: 0, users: 0, restore: Object.getPrototypeOf(node) as object };
      counted[COUNTS] = tally;
      Object.setPrototypeOf(node, countingPrototypeOf(tally.restore, joins));
    }
    tally.users++;
    counts.set(node, { tally, seen: 0, seenAt: now, rate: 0 });
  }
  // A node another live graph already counts: this graph's first rate starts from its count now.
  for (const [node, c] of counts) c.seen = totalOf(node, c, counts);
  return {
    counts,
    undo: () => {
      for (const [node, { tally }] of counts) if (--tally.users === 0) Object.setPrototypeOf(node, tally.restore);
    },
  };
}

/** What the rate counts: elements in, or out for a source. */
function totalOf(node: Stream<any>, c: Counts, counts: Map<Stream<any>, Counts>): number {
  return node.upstreams.length === 0 ? (outOf(node, counts) ?? 0) : c.tally.in;
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
  const parts = source ? [] : [`${short(c.tally.in)} in`];
  if (out !== undefined) parts.push(`${short(out)} out`);
  const lines = [node.describe(), parts.join(" · "), `${short(c.rate)}/s`];
  const waiting = node.buffered;
  if (waiting !== undefined) lines.push(`${short(waiting)} waiting`);
  const inFlight = (node as { inFlight?: unknown }).inFlight;
  if (typeof inFlight === "number") lines.push(`${short(inFlight)} in flight`);
  if (c.tally.errors > 0) lines.push(`${short(c.tally.errors)} failed`);
  return {
    text: lines.filter((l) => l !== "").join("\n"),
    attributes: c.tally.errors > 0 ? 'color="#c62828", fontcolor="#c62828"' : undefined,
  };
}

/** Draws the graph around `start` with `counts`, updating each node's rate over the time since the last drawing. */
async function draw(start: Stream<any>, counts: Map<Stream<any>, Counts>, now: number): Promise<GraphSnapshot> {
  for (const [node, c] of counts) {
    const total = totalOf(node, c, counts);
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
