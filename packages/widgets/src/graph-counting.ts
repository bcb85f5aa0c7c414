/**
 * How a node shown in a live graph counts (./graph-counts decides which nodes count and reads the
 * counts): the tally each counted node keeps, and the counting prototypes a node is put on, between the
 * node and its class's prototype, so the calls between nodes stay direct and the core's own code is
 * untouched.
 *
 * What costs on a cheap pipeline is less the increments than what counting does to the code V8 made of
 * the chain: it inlines a whole chain of `update`s into the loop that emits, within a budget of bytecode,
 * and specialises it on the nodes' maps. Measured on `source -> map -> filter -> accumulate -> sink`, alone
 * in its process (ms per 5e6 elements, medians of 7-9 processes): uncounted 22.4; counting wrappers
 * around the map's and the accumulate's `update`, each node that counts nothing put on a prototype of its
 * own, and the source too, as this module did before: 35.5 (25-26 with V8's inlining budget raised:
 * the wrappers pushed the chain past it); now 22.9. So a filter's counting `update` is its own `update`
 * written again with its counts inside (elements in, and those its predicate refused): one function in
 * the chain, as before, and the nodes above and below it count nothing and keep their own prototypes.
 * A map or starmap that counts its elements in (below a source, with no filter under it) does it the same
 * way; other classes count in a wrapper (on `source -> map -> accumulate -> sink`, a chain whose processes
 * read 22-31 ms uncounted: medians 26.7 uncounted, 29.6 with the map's copy, 30.9 with a wrapper).
 */
import { AccumulateNode, AccumulateReturningStateNode, FilterNode, MapNode, PluckNode, StarmapNode, Stream } from "@streamz-ts/core";

/**
 * Node classes whose `update` sends exactly one element on for each element it receives, unless the
 * node's own function fails (then `fail()` is called and nothing is sent), and that never send from
 * elsewhere (no timer, no later promise). Only these exact classes: a subclass may override `update`.
 */
export const ONE_FOR_ONE: ReadonlySet<object> = new Set([
  MapNode.prototype,
  StarmapNode.prototype,
  AccumulateNode.prototype,
  AccumulateReturningStateNode.prototype,
  PluckNode.prototype,
]);

/** The exact class whose nodes count by {@link SPLIT_UPDATE}. */
export const FILTER: object = FilterNode.prototype;

/**
 * How a node knows what it received:
 * - `derived`: from its upstreams' counts (it is the first downstream of each, and each is one-for-one
 *   or a counting filter);
 * - `up`: from its first downstream's count in (a one-for-one node whose first downstream receives
 *   from it alone, and knows its own count in: a counting filter, or another such node);
 * - `total`: counts every element in; `perUpstream`: also per upstream (a join);
 * - `split`: a filter that counts its elements in and those its predicate refused.
 */
export type InMode = "derived" | "up" | "total" | "perUpstream" | "split";

/** What a node has counted since a live graph first showed it (shared by the live graphs showing it). */
export interface Tally {
  readonly node: Stream<any>;
  /** Changes once at most: an `up` node whose downstream no longer tells becomes `total` (and counts itself). */
  mode: InMode;
  /** Elements received (`total`, `perUpstream`, `split`). */
  in: number;
  /** `split`: elements its predicate refused. */
  dropped: number;
  /** `up`: the tally of the first downstream its count in follows from. */
  down: Tally | undefined;
  /** The `up` tally that follows from this one, if any. */
  upFrom: Tally | undefined;
  /** For a counted join: its upstreams when it was first shown, and the elements received from each. */
  readonly ups: readonly Stream<any>[] | undefined;
  readonly from: number[] | undefined;
  /** `emit()` called on a one-for-one node or a filter directly: elements it sent besides those it received. */
  emits: number;
  errors: number;
  /** Live graphs showing the node: the last to close puts its prototype back. */
  users: number;
  /** The node's prototype before counting (a node that counts per element is put on another). */
  readonly restore: object;
}

/** The tallies of the nodes live graphs show now. */
export const shown = new WeakMap<Stream<any>, Tally>();

/** Where a counting node finds its tally, on its own prototype (a symbol: it never meets a user's property). */
const COUNTS = Symbol("streamz-ts.live-graph.counts");
/** A class's own `update` (or, for a filter, how it sends on), kept on its counting prototype so counting code calls it directly. */
const OWN = Symbol("streamz-ts.live-graph.own");

/** The body of a counting `update`: count the element in, then run the class's own `update`. */
const COUNT_IN = "this[COUNTS].in++; return this[OWN](x, who);";
/** The same for a join, which also counts per upstream (found by identity among a few: no `Map` per element). */
const COUNT_IN_PER_UPSTREAM = `const c = this[COUNTS];
c.in++;
const ups = c.ups;
for (let i = 0; i < ups.length; i++) if (ups[i] === who) { c.from[i]++; break; }
return this[OWN](x, who);`;
/**
 * Copies of core `update`s (packages/core/src/operators/map.ts) with their counts inside: run the node's
 * function as the class does (`call`, failures to `fail()`), then `after` (with `y`, its result), then
 * send `v` on as the class does: `OWN` is `Stream.prototype.emit`, which sends to one, two or more
 * downstreams as the class's own `update` does. The unit tests run counted and uncounted nodes side by
 * side, and core's `map.ts` says where its copies are.
 */
function copyOfUpdate(call: string, after: string, v: string): string {
  return `const c = this[COUNTS];
c.in++;
let y;
try {
  y = ${call};
} catch (e) {
  return this.fail(e, x);
}
${after}
const d = this.single;
if (d !== undefined) return d.update(${v}, this);
return this[OWN](${v});`;
}

/** `FilterNode.update`, counting its elements in and those its predicate refused. */
const SPLIT_UPDATE = copyOfUpdate("this.predicate(x)", "if (!y) { c.dropped++; return undefined; }", "x");

/**
 * `MapNode.update` and `StarmapNode.update` counting their elements in, for the same reason: a map below
 * a source counts what the source sent, and a wrapper around its `update` would add a function to the chain.
 */
const COUNT_IN_COPIES = new Map<object, string>([
  [MapNode.prototype, copyOfUpdate("this.fn(x)", "", "y")],
  [StarmapNode.prototype, copyOfUpdate("this.fn(...x)", "", "y")],
]);

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
  return make(COUNTS, OWN);
}

/** The modes of nodes that count per element themselves, on a prototype of their own. */
type CountingMode = "total" | "perUpstream" | "split";

const countingPrototypes = new Map<CountingMode, WeakMap<object, object>>();

/** The counting prototype of class prototype `proto` for a node that counts per element (`mode`). */
function countingPrototypeOf(proto: object, mode: CountingMode): object {
  let cache = countingPrototypes.get(mode);
  if (cache === undefined) countingPrototypes.set(mode, (cache = new WeakMap()));
  const cached = cache.get(proto);
  if (cached !== undefined) return cached;
  const counting = Object.create(proto) as Record<PropertyKey, unknown>;
  const copy = mode === "split" ? SPLIT_UPDATE : mode === "total" ? COUNT_IN_COPIES.get(proto) : undefined;
  // A copy sends on with Stream's own `emit` (never the counting `emit` of a shown graph); a wrapper calls the class's `update`.
  counting[OWN] = copy !== undefined ? Stream.prototype.emit : (proto as { update: unknown }).update;
  counting.update = compileUpdate(copy ?? (mode === "total" ? COUNT_IN : COUNT_IN_PER_UPSTREAM));
  cache.set(proto, counting);
  return counting;
}

/** Whether a node in `mode` counts per element itself, on a prototype of its own; the others keep their own prototype. */
export function countsItself(mode: InMode): mode is CountingMode {
  return mode === "total" || mode === "perUpstream" || mode === "split";
}

/**
 * The prototype a node that counts per element is put on: one of its own, below its class's counting
 * prototype, holding its tally: V8 then reads the tally as a constant of the node's own map and a count
 * is a single increment in memory, not two loads through the node and then one.
 */
export function nodePrototype(tally: Tally, mode: CountingMode): object {
  const own = Object.create(countingPrototypeOf(tally.restore, mode)) as Record<symbol, Tally>;
  own[COUNTS] = tally;
  return own;
}

type Emit = (this: Stream<any>, x: unknown) => unknown;
/** Each class's `emit` before counting, and whether it was the class's own property (else it is inherited). */
const ownEmits = new Map<object, { emit: Emit; own: boolean }>();

/**
 * While any live graph is shown, `emit()` called directly on a one-for-one node or a filter (a user
 * pushing into the middle of a graph: never the graph itself, which calls `update`) is counted, on
 * the classes' own prototypes: a node whose counts follow from others' then keeps its own prototype,
 * and the chain V8 compiled keeps its shape (measured: a prototype of its own for each of the map and
 * the accumulate of the chain above took it from 23 to 37 ms per 5e6 elements).
 */
export function countDirectEmits(on: boolean): void {
  const protos = [...ONE_FOR_ONE, FILTER] as { emit: Emit }[];
  if (!on) {
    for (const proto of protos) {
      const before = ownEmits.get(proto)!;
      if (before.own) proto.emit = before.emit;
      else delete (proto as { emit?: Emit }).emit;
    }
    return;
  }
  // Every class's own first: one class extends another here (an accumulate returning its state), and
  // would otherwise wrap the other's counting `emit` and count twice.
  for (const proto of protos) ownEmits.set(proto, { emit: proto.emit, own: Object.prototype.hasOwnProperty.call(proto, "emit") });
  for (const proto of protos) {
    const emit = ownEmits.get(proto)!.emit;
    proto.emit = function (this: Stream<any>, x: unknown) {
      const t = shown.get(this);
      if (t !== undefined) t.emits++;
      return emit.call(this, x);
    };
  }
}
