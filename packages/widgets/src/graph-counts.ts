/**
 * The counts behind a live graph (`stream.graph()`): elements in and out of each node, and its failures,
 * exact, counted only while a live graph shows the node.
 *
 * Counting costs nothing while no live graph is shown: nothing in the core counts. Showing one puts a
 * node that counts on a counting prototype, between the node and its class's prototype (the calls
 * between nodes stay direct, so V8 still inlines a chain of updates), and the last view to close puts
 * the node's own prototype back.
 *
 * Most nodes are not counted per element at all. A node of a class that sends on exactly one element
 * per element it receives unless its own function fails (`map`, `accumulate`, ...: {@link ONE_FOR_ONE})
 * sends `in - failed` elements (plus any `emit()` called on it directly), so what the node below it
 * receives follows from the node's own counts. Only a node that receives from a node of another kind
 * (a source, a `filter`, a window, a join...) counts its elements in: a `map -> filter -> accumulate ->
 * sink` chain below a source counts at two nodes, not four. Failures are counted where every node
 * reports them (`Stream.prototype.fail`, while a live graph is shown): they are rare, and each is exact.
 */
import { AccumulateNode, AccumulateReturningStateNode, connectedNodes, MapNode, PluckNode, StarmapNode, Stream } from "@streamz-ts/core";

/**
 * Node classes whose `update` sends exactly one element on for each element it receives, unless the
 * node's own function fails (then `fail()` is called and nothing is sent), and that never send from
 * elsewhere (no timer, no later promise). Only these exact classes: a subclass may override `update`.
 */
const ONE_FOR_ONE: ReadonlySet<object> = new Set([
  MapNode.prototype,
  StarmapNode.prototype,
  AccumulateNode.prototype,
  AccumulateReturningStateNode.prototype,
  PluckNode.prototype,
]);

/** What a node has counted since a live graph first showed it (shared by the live graphs showing it). */
interface Tally {
  /** Whether `update` counts (`in`); else what the node receives follows from its upstreams' counts. */
  readonly countsIn: boolean;
  in: number;
  /** For a counted join: its upstreams when it was first shown, and the elements received from each. */
  readonly ups: readonly Stream<any>[] | undefined;
  readonly from: number[] | undefined;
  /** `emit()` called on a one-for-one node directly: elements it sent besides those it received. */
  emits: number;
  errors: number;
  /** Live graphs showing the node: the last to close puts its prototype back. */
  users: number;
  /** The node's prototype before counting, and whether it was swapped. */
  readonly restore: object;
  readonly swapped: boolean;
}

/** The tallies of the nodes live graphs show now. */
const shown = new WeakMap<Stream<any>, Tally>();

/** Where a node that counts its elements in finds its tally, on its own prototype (a symbol: it never meets a user's property). */
const COUNTS = Symbol("streamz-ts.live-graph.counts");
/** A class's own `update`, kept on its counting prototype so the counting `update` calls it directly. */
const OWN_UPDATE = Symbol("streamz-ts.live-graph.update");

/** The body of a counting `update`: count the element in, then run the class's own `update`. */
const COUNT_IN = "this[COUNTS].in++; return this[OWN](x, who);";
/** The same for a join, which also counts per upstream (found by identity among a few: no `Map` per element). */
const COUNT_IN_PER_UPSTREAM = `const c = this[COUNTS];
c.in++;
const ups = c.ups;
for (let i = 0; i < ups.length; i++) if (ups[i] === who) { c.from[i]++; break; }
return this[OWN](x, who);`;

/**
 * A counting `update` compiled for one class's counting prototype. Compiled, not a closure: closures
 * made from one function literal share their type feedback in V8, so one counting closure serving every
 * class sees every class's nodes and `update`s at its call, and V8 inlines none of them; each compiled
 * function sees one class (measured: a counted map -> filter -> accumulate -> sink chain, alone in its
 * process, ran about 1.4 times faster so).
 */
function compileUpdate(body: string): (x: unknown, who?: Stream<any>) => unknown {
  const make = new Function("COUNTS", "OWN", `"use strict"; return function update(x, who) { ${body} };`) as (
    counts: symbol,
    own: symbol,
  ) => (x: unknown, who?: Stream<any>) => unknown;
  return make(COUNTS, OWN_UPDATE);
}

/** How a counting prototype counts elements in: not at all (derived), in total, or in total and per upstream. */
type InMode = "derived" | "total" | "perUpstream";

const countingPrototypes = new Map<InMode, WeakMap<object, object>>();

/**
 * The counting prototype of class prototype `proto`: counts elements in as `mode` says, and, for a
 * one-for-one class, `emit()` called on the node directly.
 */
function countingPrototypeOf(proto: object, mode: InMode): object {
  let cache = countingPrototypes.get(mode);
  if (cache === undefined) countingPrototypes.set(mode, (cache = new WeakMap()));
  const cached = cache.get(proto);
  if (cached !== undefined) return cached;
  const own = proto as { update: unknown; emit: (this: Stream<any>, x: unknown) => unknown };
  const counting = Object.create(proto) as Record<PropertyKey, unknown>;
  if (mode !== "derived") {
    counting[OWN_UPDATE] = own.update;
    counting.update = compileUpdate(mode === "total" ? COUNT_IN : COUNT_IN_PER_UPSTREAM);
  }
  if (ONE_FOR_ONE.has(proto)) {
    // Not a source: the graph never calls `emit()` on it per element, only a user does, from outside.
    const ownEmit = own.emit;
    counting.emit = function (this: Stream<any>, x: unknown) {
      const t = shown.get(this);
      if (t !== undefined) t.emits++;
      return ownEmit.call(this, x);
    };
  }
  cache.set(proto, counting);
  return counting;
}

/**
 * Failures are counted where every node reports them, `Stream.prototype.fail`, while any live graph is
 * shown: a failure is rare, so a look-up per failure costs nothing, and the nodes keep their shape.
 */
type Fail = (this: Stream<any>, cause: unknown, x: unknown) => unknown;
const streamPrototype = Stream.prototype as unknown as { fail: Fail };
let ownFail: Fail | undefined;
let liveGraphs = 0;
function countFailures(on: boolean): void {
  if (on && liveGraphs++ === 0) {
    const fail = (ownFail = streamPrototype.fail);
    streamPrototype.fail = function (this: Stream<any>, cause: unknown, x: unknown) {
      const t = shown.get(this);
      if (t !== undefined) t.errors++;
      return fail.call(this, cause, x);
    };
  } else if (!on && --liveGraphs === 0) {
    streamPrototype.fail = ownFail!;
  }
}

/**
 * Whether `node`'s count in follows from its upstreams': they are all one-for-one, counted since the
 * same moment (a node joined below an upstream counted since before would be credited with what passed
 * before it was there), and `node` is the first each sends to (an element whose failure is thrown from
 * one downstream never reaches the downstreams after it).
 */
function derivable(node: Stream<any>, fresh: ReadonlySet<Stream<any>>): boolean {
  return (
    node.upstreams.length > 0 &&
    node.upstreams.every((u) => fresh.has(u) && ONE_FOR_ONE.has(Object.getPrototypeOf(u) as object) && u.downstreams[0] === node)
  );
}

/** The counts of the nodes of one graph, as one live graph reads them; `close()` stops its counting. */
export class GraphCounts {
  private readonly tallies = new Map<Stream<any>, Tally>();
  private closed = false;

  /** Starts counting every node connected to `start` (nodes another live graph counts keep their tally). */
  constructor(start: Stream<any>) {
    countFailures(true);
    this.follow(connectedNodes(start));
  }

  /**
   * Brings the counting in line with the graph as it is now, `nodes` being every node connected to the
   * graph: a node connected since (a branch added in a later cell) counts from now on, never credited
   * with what passed before it was there; a node no longer connected is let go (its own prototype back,
   * unless another live graph shows it), so a graph that is rebuilt again and again holds nothing old.
   */
  follow(nodes: readonly Stream<any>[]): void {
    if (this.closed) return;
    const now = new Set(nodes);
    for (const [node, tally] of this.tallies) {
      if (!now.has(node)) {
        this.tallies.delete(node);
        release(node, tally);
      }
    }
    const fresh = new Set<Stream<any>>();
    for (const node of nodes) {
      if (this.tallies.has(node)) continue;
      const t = shown.get(node);
      if (t !== undefined) {
        this.tallies.set(node, t);
        t.users++;
      } else fresh.add(node);
    }
    const made: [Stream<any>, Tally][] = [];
    for (const node of fresh) {
      const restore = Object.getPrototypeOf(node) as object;
      const mode: InMode = derivable(node, fresh) ? "derived" : node.upstreams.length > 1 ? "perUpstream" : "total";
      // A derived node of another kind (a filter below a map) is left as it is: its shape stays the one
      // V8 compiled the graph for. A derived one-for-one node counts only a direct `emit()`.
      const swapped = mode !== "derived" || ONE_FOR_ONE.has(restore);
      const tally: Tally = {
        countsIn: mode !== "derived",
        in: 0,
        ups: mode === "perUpstream" ? node.upstreams : undefined,
        from: mode === "perUpstream" ? node.upstreams.map(() => 0) : undefined,
        emits: 0,
        errors: 0,
        users: 1,
        restore,
        swapped,
      };
      made.push([node, tally]);
      this.tallies.set(node, tally);
    }
    // Prototypes are swapped once every tally exists: `derivable` reads the upstreams' own classes.
    for (const [node, tally] of made) {
      if (tally.swapped) Object.setPrototypeOf(node, nodePrototype(tally));
      shown.set(node, tally);
    }
  }

  /** Elements `node` received (0 for a node connected after the graph was shown: it is not counted). */
  inOf(node: Stream<any>): number {
    const t = this.tallies.get(node);
    if (t === undefined) return 0;
    if (t.countsIn) return t.in;
    let sum = 0;
    for (const u of node.upstreams) sum += this.outOf(u) ?? 0;
    return sum;
  }

  /**
   * Elements `node` sent, as its first downstream received them (a failure thrown below it stops an
   * element before the downstreams after the failing one), or `undefined` when nothing tells (a sink).
   */
  outOf(node: Stream<any>): number | undefined {
    const t = this.tallies.get(node);
    if (t === undefined) return undefined;
    if (ONE_FOR_ONE.has(t.restore)) return this.inOf(node) - t.errors + t.emits;
    // A node of another kind: what the first of its downstreams counted since it was counted received.
    const d = node.downstreams.find((n) => this.tallies.get(n)?.countsIn === true);
    const dt = d && this.tallies.get(d)!;
    if (dt === undefined) return undefined;
    if (dt.ups === undefined) return dt.in;
    const i = dt.ups.indexOf(node);
    return i < 0 ? undefined : dt.from![i];
  }

  /** Failures of `node`'s own function (or of its work, for a node that fails later, like `gather`). */
  errorsOf(node: Stream<any>): number {
    return this.tallies.get(node)?.errors ?? 0;
  }

  /** Stops this graph's counting: a node no other live graph shows gets its own prototype back. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [node, tally] of this.tallies) release(node, tally);
    this.tallies.clear();
    countFailures(false);
  }
}

/** One live graph lets go of `node`: the last to do so puts its own prototype back. */
function release(node: Stream<any>, tally: Tally): void {
  if (--tally.users > 0) return;
  shown.delete(node);
  if (tally.swapped) Object.setPrototypeOf(node, tally.restore);
}

/**
 * The prototype a counted node is put on. A node that counts its elements in gets one of its own, below
 * its class's counting prototype, holding its tally: V8 then reads the tally as a constant of the
 * node's own map and the count is a single increment in memory, not two loads through the node and
 * then one (measured on a map -> filter -> accumulate -> sink chain alone in its process: 5e6 elements
 * in 21.5 ms uncounted, 27.7 with the tally on the node, 25.3 with it on its own prototype; the same
 * prototypes without the increments, 22.1: what is left is the increments themselves).
 */
function nodePrototype(tally: Tally): object {
  const shared = countingPrototypeOf(tally.restore, modeOf(tally));
  if (!tally.countsIn) return shared;
  const own = Object.create(shared) as Record<symbol, Tally>;
  own[COUNTS] = tally;
  return own;
}

function modeOf(t: Tally): InMode {
  return !t.countsIn ? "derived" : t.ups !== undefined ? "perUpstream" : "total";
}
