/**
 * The counts behind a live graph (`stream.graph()`): elements in and out of each node, and its failures,
 * exact, counted only while a live graph shows the node.
 *
 * Counting costs nothing while no live graph is shown: nothing in the core counts. Showing one puts a
 * node that counts on a counting prototype (./graph-counting), and the last view to close puts the
 * node's own prototype back.
 *
 * Most nodes are not counted per element at all. A node of a class that sends on exactly one element
 * per element it receives unless its own function fails (`map`, `accumulate`, ...: `ONE_FOR_ONE`)
 * sends `in - failed` elements (plus any `emit()` called on it directly), so what the node below it
 * receives follows from the node's own counts, and, read the other way, what it received follows from
 * what its first downstream received from it. A filter counts its elements in and those it refused, so
 * in a `source -> map -> filter -> accumulate -> sink` chain only the filter counts: the map's count
 * follows from the filter's elements in, the accumulate's and the sink's from its elements out.
 * Failures are counted where every node reports them (`Stream.prototype.fail`, while a live graph is
 * shown): they are rare, and each is exact.
 */
import { connectedNodes, Stream } from "@streamz-ts/core";
import { countDirectEmits, countsItself, FILTER, nodePrototype, ONE_FOR_ONE, shown, type InMode, type Tally } from "./graph-counting";

type Fail = (this: Stream<any>, cause: unknown, x: unknown) => unknown;
type Link = (this: Stream<any>, downstream: Stream<any>) => void;
const streamPrototype = Stream.prototype as unknown as { fail: Fail; connect: Link; disconnect: Link };
let own: { fail: Fail; connect: Link; disconnect: Link } | undefined;
let liveGraphs = 0;

/**
 * While any live graph is shown: failures are counted where every node reports them, and a change of
 * the graph's links first settles the counts that follow from the link (see {@link beforeRelink}).
 * Neither is on the way of an element: a failure is rare, a link changes when a user changes the graph.
 */
function watchNodes(on: boolean): void {
  if (on && liveGraphs++ === 0) {
    countDirectEmits(true);
    const o = (own = { fail: streamPrototype.fail, connect: streamPrototype.connect, disconnect: streamPrototype.disconnect });
    streamPrototype.fail = function (this: Stream<any>, cause: unknown, x: unknown) {
      const t = shown.get(this);
      if (t !== undefined) t.errors++;
      return o.fail.call(this, cause, x);
    };
    streamPrototype.connect = function (this: Stream<any>, downstream: Stream<any>) {
      beforeRelink(downstream);
      o.connect.call(this, downstream);
    };
    streamPrototype.disconnect = function (this: Stream<any>, downstream: Stream<any>) {
      beforeRelink(downstream);
      o.disconnect.call(this, downstream);
    };
  } else if (!on && --liveGraphs === 0) {
    Object.assign(streamPrototype, own);
    countDirectEmits(false);
  }
}

/**
 * A node is about to be linked to or unlinked from `down`. A node whose count in follows from its first
 * downstream's (`up` mode) relies on that downstream receiving from it alone and first: when `down` is
 * that downstream (unlinked from it, or given another upstream), the node takes its count as it stands
 * and counts for itself from now on, so not one element is miscounted.
 */
function beforeRelink(down: Stream<any>): void {
  const d = shown.get(down)?.upFrom;
  if (d !== undefined) countForItself(d);
}

/** What `t`'s node received, from its own counts (undefined for a `derived` node: its upstreams tell). */
function countedIn(t: Tally): number | undefined {
  if (t.mode === "derived") return undefined;
  if (t.mode !== "up") return t.in;
  return countedIn(t.down!)! + t.errors - t.emits;
}

/** An `up` node counts for itself from now on, starting from what it received so far. */
function countForItself(t: Tally): void {
  if (t.mode !== "up") return;
  t.in = countedIn(t)!;
  t.mode = "total";
  t.down!.upFrom = undefined;
  t.down = undefined;
  Object.setPrototypeOf(t.node, nodePrototype(t, "total"));
}

/**
 * Whether `node`'s count in follows from its upstreams': they are all one-for-one or counting filters,
 * counted since the same moment (a node joined below an upstream counted since before would be credited
 * with what passed before it was there), and `node` is the first each sends to (an element whose failure
 * is thrown from one downstream never reaches the downstreams after it).
 */
function derivable(node: Stream<any>, fresh: ReadonlySet<Stream<any>>, modes: ReadonlyMap<Stream<any>, InMode>): boolean {
  return node.upstreams.every(
    (u) => fresh.has(u) && (modes.get(u) === "split" || ONE_FOR_ONE.has(Object.getPrototypeOf(u) as object)) && u.downstreams[0] === node,
  );
}

/**
 * How each of `fresh` (nodes not counted yet) knows its count in: filters count (`split`); a one-for-one
 * node whose first downstream receives from it alone and counts (a filter, or another such node) reads
 * it from there (`up`); a node below one-for-one nodes or filters derives it from theirs; the rest count.
 */
function modesOf(fresh: ReadonlySet<Stream<any>>): Map<Stream<any>, InMode> {
  const modes = new Map<Stream<any>, InMode>();
  const protoOf = (n: Stream<any>): object => Object.getPrototypeOf(n) as object;
  for (const n of fresh) if (protoOf(n) === FILTER && n.upstreams.length === 1) modes.set(n, "split");
  const up = (n: Stream<any>): boolean => {
    const known = modes.get(n);
    if (known !== undefined) return known === "up";
    const d = n.downstreams[0];
    const ok =
      ONE_FOR_ONE.has(protoOf(n)) && d !== undefined && fresh.has(d) && d.upstreams.length === 1 && (modes.get(d) === "split" || up(d));
    if (ok) modes.set(n, "up");
    return ok;
  };
  for (const n of fresh) up(n);
  for (const n of fresh) {
    if (modes.has(n)) continue;
    // A source receives nothing (what it sends, its first downstream that counts tells): it counts nothing
    // and keeps its prototype (putting it on one of its own took the chain above from 23 to 39 ms per 5e6).
    const derived = n.upstreams.length === 0 || derivable(n, fresh, modes);
    modes.set(n, derived ? "derived" : n.upstreams.length > 1 ? "perUpstream" : "total");
  }
  return modes;
}

/** The counts of the nodes of one graph, as one live graph reads them; `close()` stops its counting. */
export class GraphCounts {
  private readonly tallies = new Map<Stream<any>, Tally>();
  private closed = false;

  /** Starts counting every node connected to `start` (nodes another live graph counts keep their tally). */
  constructor(start: Stream<any>) {
    watchNodes(true);
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
    const gone: Tally[] = [];
    for (const [node, tally] of this.tallies) {
      if (!now.has(node)) {
        this.tallies.delete(node);
        gone.push(tally);
      }
    }
    letGo(gone);
    const fresh = new Set<Stream<any>>();
    for (const node of nodes) {
      if (this.tallies.has(node)) continue;
      const t = shown.get(node);
      if (t !== undefined) {
        this.tallies.set(node, t);
        t.users++;
      } else fresh.add(node);
    }
    const made: Tally[] = [];
    for (const [node, mode] of modesOf(fresh)) {
      const restore = Object.getPrototypeOf(node) as object;
      const tally: Tally = {
        node,
        mode,
        in: 0,
        dropped: 0,
        down: undefined,
        upFrom: undefined,
        ups: mode === "perUpstream" ? node.upstreams : undefined,
        from: mode === "perUpstream" ? node.upstreams.map(() => 0) : undefined,
        emits: 0,
        errors: 0,
        users: 1,
        restore,
      };
      made.push(tally);
      this.tallies.set(node, tally);
    }
    for (const t of made) {
      if (t.mode !== "up") continue;
      t.down = this.tallies.get(t.node.downstreams[0]!)!;
      t.down.upFrom = t;
    }
    // Prototypes are swapped once every tally exists: the modes read the upstreams' own classes. A node
    // that counts nothing itself keeps its own: its shape stays the one V8 compiled the graph for.
    for (const t of made) {
      if (countsItself(t.mode)) Object.setPrototypeOf(t.node, nodePrototype(t, t.mode));
      shown.set(t.node, t);
    }
  }

  /** Elements `node` received (0 for a node connected after the graph was shown: it is not counted). */
  inOf(node: Stream<any>): number {
    const t = this.tallies.get(node);
    if (t === undefined) return 0;
    const counted = countedIn(t);
    if (counted !== undefined) return counted;
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
    if (t.mode === "split") return t.in - t.dropped - t.errors + t.emits;
    // A node of another kind: what the first of its downstreams that knows its own count in received.
    const d = node.downstreams.find((n) => {
      const m = this.tallies.get(n)?.mode;
      return m !== undefined && m !== "derived";
    });
    const dt = d && this.tallies.get(d)!;
    if (dt === undefined) return undefined;
    if (dt.ups === undefined) return countedIn(dt);
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
    letGo([...this.tallies.values()]);
    this.tallies.clear();
    watchNodes(false);
  }
}

/**
 * One live graph lets go of these nodes: the last to let go of a node puts its own prototype back. All
 * are let go before any is restored, so a node whose count follows from another's being let go with it
 * is not first made to count for itself.
 */
function letGo(tallies: readonly Tally[]): void {
  for (const t of tallies) t.users--;
  for (const t of tallies) {
    if (t.users > 0) continue;
    // A node still shown whose count follows from this one counts for itself from now on.
    if (t.upFrom !== undefined && t.upFrom.users > 0) countForItself(t.upFrom);
    if (t.mode === "up") t.down!.upFrom = undefined;
    shown.delete(t.node);
    if (countsItself(t.mode)) Object.setPrototypeOf(t.node, t.restore);
  }
}
