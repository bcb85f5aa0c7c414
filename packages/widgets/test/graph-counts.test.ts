/**
 * The counts behind `stream.graph()`: exact elements in and out and failures at every node, while most
 * nodes count nothing per element (their counts follow from the one-for-one nodes above them), and
 * nothing left behind once the last graph closes. Each count is checked against what the graph really
 * did (lists kept by sinks, or numbers worked out by hand from the inputs).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AccumulateNode, connectedNodes, FilterNode, MapNode, Stream, StreamError } from "@streamz-ts/core";
import "../src"; // adds stream.graph()
import { GraphCounts } from "../src/graph-counts";

const streamFail = (Stream.prototype as unknown as { fail: unknown }).fail;

/** Whether `node` counts its elements in itself: it is on a prototype of its own, holding its tally. */
function countsItself(node: Stream<any>): boolean {
  const proto = Object.getPrototypeOf(node) as object;
  return proto !== node.constructor.prototype && Object.getOwnPropertySymbols(proto).length > 0;
}

/** Runs `body` with the counts of the graph of `start`, and closes them however `body` ends. */
function withCounts<R>(start: Stream<any>, body: (counts: GraphCounts) => R): R {
  const counts = new GraphCounts(start);
  let later = false;
  try {
    const r = body(counts);
    if (r instanceof Promise) {
      later = true;
      return r.finally(() => counts.close()) as R;
    }
    return r;
  } finally {
    if (!later) counts.close();
  }
}

/** Emits `xs`, swallowing the failure each element may throw (no `onError()` above). */
function emitAll(source: Stream<number>, xs: number[]): number {
  let thrown = 0;
  for (const x of xs) {
    try {
      void source.emit(x);
    } catch (e) {
      assert.ok(e instanceof StreamError, String(e));
      thrown++;
    }
  }
  return thrown;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe("live graph counts", () => {
  it("counts a chain exactly, failures included, per element only at the filter", () => {
    const source = new Stream<number>({ name: "numbers" });
    const parsed = source.map((x) => {
      if (x % 10 === 3) throw new Error("bad three");
      return x;
    });
    const even = parsed.filter((x) => x % 2 === 0);
    const total = even.accumulate((a, x) => a + x, { start: 0 });
    const small = total.map((t) => {
      if (t > 1000) throw new Error("too big");
      return t;
    });
    const kept = small.sinkToList();
    const seenByFilter = parsed.sinkToList(); // a second downstream, after the filter
    withCounts(source, (counts) => {
      assert.ok(!countsItself(parsed), "above a filter it alone sends to: follows from the filter's count in");
      assert.ok(countsItself(even), "a filter counts");
      assert.ok(!countsItself(total), "below a filter: follows from the filter's count out");
      assert.ok(!countsItself(small), "below an accumulate: derived");
      const thrown = emitAll(source, range(100));
      const failedParse = range(100).filter((x) => x % 10 === 3).length;
      const evens = range(100).filter((x) => x % 10 !== 3 && x % 2 === 0);
      let sum = 0;
      const tooBig = evens.filter((x) => (sum += x) > 1000).length;
      assert.equal(thrown, failedParse + tooBig);
      assert.equal(counts.outOf(source), 100);
      const parsedOk = 100 - failedParse;
      assert.deepEqual([counts.inOf(parsed), counts.errorsOf(parsed), counts.outOf(parsed)], [100, failedParse, parsedOk]);
      assert.deepEqual([counts.inOf(even), counts.outOf(even)], [parsedOk, evens.length]);
      // A failure thrown below the filter stops its element before the list, parsed's second downstream.
      assert.equal(seenByFilter.length, parsedOk - tooBig);
      assert.equal(counts.inOf(parsed.downstreams[1]!), seenByFilter.length);
      assert.deepEqual([counts.inOf(total), counts.outOf(total)], [evens.length, evens.length]);
      assert.deepEqual([counts.inOf(small), counts.errorsOf(small), counts.outOf(small)], [evens.length, tooBig, kept.length]);
      assert.equal(counts.inOf(small.downstreams[0]!), kept.length);
    });
  });

  it("counts failures routed by onError() and a sink's rejected promise", async () => {
    const source = new Stream<number>();
    const errors = source.onError().sinkToList();
    const doubled = source.map((x) => {
      if (x === 2) throw new Error("two");
      return 2 * x;
    });
    const sunk = doubled.sink((y) => (y === 8 ? Promise.reject(new Error("eight")) : undefined));
    await withCounts(source, async (counts) => {
      for (const x of range(6)) await source.emit(x);
      assert.equal(errors.length, 2);
      assert.deepEqual([counts.inOf(doubled), counts.errorsOf(doubled), counts.outOf(doubled)], [6, 1, 5]);
      assert.deepEqual([counts.inOf(sunk), counts.errorsOf(sunk)], [5, 1]);
    });
  });

  it("counts an emit() into a map in the middle of the graph below it", () => {
    const source = new Stream<number>();
    const inc = source.map((x) => x + 1);
    const twice = inc.map((x) => 2 * x);
    const out = twice.sinkToList();
    withCounts(source, (counts) => {
      emitAll(source, [1, 2, 3]);
      void inc.emit(10); // skips inc's own function: twice receives it, inc did not
      assert.deepEqual(out, [4, 6, 8, 20]);
      assert.deepEqual([counts.inOf(inc), counts.outOf(inc)], [3, 4]);
      assert.deepEqual([counts.inOf(twice), counts.outOf(twice)], [4, 4]);
    });
  });

  it("counts an emit() into an accumulate returning its state once (its class extends another counted one)", () => {
    const source = new Stream<number>();
    const running = source.accumulate((a: number, x: number) => [a + x, a + x] as [number, number], { start: 0, returnsState: true });
    const out = running.sinkToList();
    withCounts(source, (counts) => {
      emitAll(source, [1, 2]);
      void running.emit(100);
      assert.deepEqual(out, [1, 3, 100]);
      assert.deepEqual([counts.inOf(running), counts.outOf(running)], [2, 3]);
    });
  });

  it("counts a join per upstream", () => {
    const a = new Stream<number>({ name: "a" });
    const b = new Stream<number>({ name: "b" });
    const odd = a.filter((x) => x % 2 === 1);
    const scaled = b.map((x) => 10 * x);
    const pairs = odd.zip(scaled);
    const latest = a.map((x) => x).combineLatest(b.map((x) => x));
    const direct = a.zip(b); // below two sources: counts per upstream
    const zipped = pairs.sinkToList();
    latest.sinkToList();
    direct.sinkToList();
    withCounts(a, (counts) => {
      emitAll(a, range(7)); // odd passes 1, 3, 5
      emitAll(b, [1, 2]);
      assert.equal(zipped.length, 2);
      assert.deepEqual([counts.outOf(odd), counts.outOf(scaled), counts.inOf(pairs)], [3, 2, 5]);
      assert.equal(counts.inOf(latest), 7 + 2, "derived from two maps");
      assert.ok(!countsItself(latest), "both upstreams are maps: nothing counted per element");
      assert.ok(!countsItself(pairs), "below a filter and a map: derived");
      assert.deepEqual([counts.inOf(direct), counts.outOf(a), counts.outOf(b)], [9, 7, 2]);
      assert.ok(countsItself(direct));
    });
  });

  it("shares counts between two graphs; a node connected in between counts only what it received", () => {
    const source = new Stream<number>();
    const inc = source.map((x) => x + 1);
    inc.sinkToList();
    const first = new GraphCounts(source);
    emitAll(source, [1, 2, 3]);
    const later = inc.map((x) => -x);
    const laterOut = later.sinkToList();
    const second = new GraphCounts(source);
    try {
      emitAll(source, [4, 5]);
      assert.equal(first.inOf(inc), 5);
      assert.equal(second.inOf(inc), 5, "the same tally");
      assert.equal(second.inOf(later), laterOut.length, "not credited with what passed before it was there");
      assert.equal(laterOut.length, 2);
      first.close();
      emitAll(source, [6]);
      assert.equal(second.inOf(inc), 6, "still counted for the graph left open");
    } finally {
      first.close();
      second.close();
    }
  });

  it("follows the graph as it changes: a branch connected later counts from then on, a removed one is let go", () => {
    const source = new Stream<number>();
    const inc = source.map((x) => x + 1);
    inc.sinkToList();
    withCounts(source, (counts) => {
      emitAll(source, [1, 2, 3]);
      const odd = inc.filter((x) => x % 2 === 1);
      const tripled = odd.map((x) => 3 * x);
      const out = tripled.sinkToList();
      assert.equal(counts.inOf(odd), 0, "not counted before follow()");
      counts.follow([source, inc, ...inc.downstreams, odd, tripled, ...tripled.downstreams]);
      assert.ok(countsItself(odd), "below a node counted since before: counts itself, never derived");
      emitAll(source, [4, 5, 6, 7]);
      assert.equal(counts.inOf(inc), 7);
      assert.deepEqual([counts.inOf(odd), counts.outOf(odd)], [4, 2], "only what it received since");
      assert.deepEqual([counts.inOf(tripled), counts.outOf(tripled)], [2, out.length]);
      inc.disconnect(odd);
      counts.follow([source, inc, ...inc.downstreams]);
      for (const gone of [odd, tripled]) {
        assert.equal(Object.getPrototypeOf(gone), gone.constructor.prototype, `${gone.describe()}: its own prototype again`);
        assert.deepEqual(Object.getOwnPropertySymbols(gone), [], `${gone.describe()}: its tally gone`);
      }
      assert.equal(counts.inOf(odd), 0, "no longer part of the graph");
    });
  });

  it("a counted filter, map and starmap send, fail and pass back pressure on as uncounted ones do", async () => {
    // Each kind whose counting `update` is its own written again with counts inside. The same graph
    // twice, one counted: the node with no, one, two and three downstreams, its function throwing on 5,
    // a downstream returning a promise (back pressure) on 4's result.
    const kinds: { kind: string; make: (s: Stream<any>) => Stream<number>; input?: (x: number) => unknown; out: number }[] = [
      {
        kind: "filter",
        make: (s) =>
          s.filter((x) => {
            if (x === 5) throw new Error("five");
            return x % 2 === 0 || x === 7;
          }),
        out: 6,
      },
      {
        kind: "map",
        make: (s) =>
          s.map((x) => {
            if (x === 5) throw new Error("five");
            return x === 4 ? 40 : x;
          }),
        out: 8,
      },
      {
        kind: "starmap",
        make: (s: Stream<[number, number]>) =>
          s.starmap((x: number, one: number) => {
            if (x === 5) throw new Error("five");
            return x === 4 ? 40 : x * one;
          }),
        input: (x) => [x, 1],
        out: 8,
      },
    ];
    for (const { kind, make, input = (x: number) => x, out } of kinds) {
      for (const downstreams of [0, 1, 2, 3]) {
        const graphs = [0, 1].map(() => {
          const source = new Stream<any>();
          const node = make(source);
          const lists: number[][] = [];
          for (let k = 0; k < downstreams; k++) {
            const list: number[] = [];
            lists.push(list);
            node.sink((x) => {
              list.push(x);
              return (x === 4 || x === 40) && k === 0 ? new Promise<void>((r) => setImmediate(r)) : undefined;
            });
          }
          return { source, node, lists };
        });
        const [plain, counted] = graphs as [(typeof graphs)[0], (typeof graphs)[0]];
        const what = `${kind}, ${downstreams} downstreams`;
        await withCounts(counted.source, async (counts) => {
          assert.ok(countsItself(counted.node), what);
          for (const x of range(9)) {
            const results = [plain, counted].map((g) => {
              try {
                const r = g.source.emit(input(x));
                return r instanceof Promise ? "promise" : String(r);
              } catch (e) {
                return (e as Error).message;
              }
            });
            assert.equal(results[1], results[0], `${what}, element ${x}`);
          }
          await new Promise((r) => setImmediate(r));
          assert.deepEqual(counted.lists, plain.lists, what);
          assert.deepEqual([counts.inOf(counted.node), counts.errorsOf(counted.node), counts.outOf(counted.node)], [9, 1, out], what);
          void counted.node.emit(100); // sent on without the node's function
          assert.deepEqual([counts.inOf(counted.node), counts.outOf(counted.node)], [9, out + 1], what);
        });
      }
    }
  });

  it("counts a chain of maps above a filter at the filter alone, emit() into any of them included", () => {
    const source = new Stream<number>();
    const checked = source.map((x) => {
      if (x === 3) throw new Error("three");
      return x;
    });
    const doubled = checked.map((x) => 2 * x);
    const big = doubled.filter((x) => x > 6);
    const out = big.sinkToList();
    withCounts(source, (counts) => {
      assert.deepEqual(
        [checked, doubled, big].map((n) => countsItself(n)),
        [false, false, true],
      );
      assert.equal(emitAll(source, range(6)), 1);
      void doubled.emit(50); // into the middle: big receives it, doubled did not
      void checked.emit(60);
      assert.deepEqual(out, [8, 10, 50, 120]);
      assert.deepEqual([counts.outOf(source), counts.inOf(checked), counts.errorsOf(checked), counts.outOf(checked)], [6, 6, 1, 6]);
      assert.deepEqual([counts.inOf(doubled), counts.outOf(doubled)], [6, 7]);
      assert.deepEqual([counts.inOf(big), counts.outOf(big)], [7, 4]);
    });
  });

  it("keeps counting exactly when the links a count follows from change while shown", () => {
    const source = new Stream<number>();
    const inc = source.map((x) => x + 1);
    const odd = inc.filter((x) => x % 2 === 1);
    odd.sinkToList();
    withCounts(source, (counts) => {
      assert.ok(!countsItself(inc), "follows from the filter");
      emitAll(source, range(4));
      const other = new Stream<number>();
      other.connect(odd); // the filter now also receives from another node: inc counts for itself
      assert.ok(countsItself(inc));
      emitAll(source, range(3));
      emitAll(other, [1, 2]);
      assert.equal(counts.inOf(inc), 7);
      inc.disconnect(odd);
      emitAll(source, range(2));
      assert.equal(counts.inOf(inc), 9);

      // The same with the filter unlinked first.
      const source2 = new Stream<number>();
      const inc2 = source2.map((x) => x + 1);
      const odd2 = inc2.filter((x) => x % 2 === 1);
      odd2.sinkToList();
      counts.follow([...connectedNodes(source), source2, inc2, odd2, ...odd2.downstreams]);
      emitAll(source2, range(5));
      assert.ok(!countsItself(inc2));
      inc2.disconnect(odd2);
      emitAll(source2, range(5));
      assert.equal(counts.inOf(inc2), 10);
    });
  });

  it("leaves nothing behind once the last graph closes", () => {
    const source = new Stream<number>();
    const nodes = [source, source.map((x) => x), source.filter(Boolean)];
    nodes.push(
      nodes[2]!.accumulate((a: number, x: number) => a + x),
      nodes[1]!.sink(() => undefined),
    );
    const protos = nodes.map((n) => Object.getPrototypeOf(n) as object);
    const emits = [MapNode, FilterNode, AccumulateNode].map((c) => c.prototype.emit);
    const counts = new GraphCounts(source);
    assert.notEqual(MapNode.prototype.emit, emits[0], "a direct emit() counted while shown");
    assert.notEqual((Stream.prototype as unknown as { fail: unknown }).fail, streamFail, "failures counted while shown");
    counts.close();
    counts.close(); // a second close is a no-op
    assert.deepEqual(
      nodes.map((n) => Object.getPrototypeOf(n) as object),
      protos,
    );
    for (const n of nodes) assert.deepEqual(Object.getOwnPropertySymbols(n), [], n.describe());
    assert.equal((Stream.prototype as unknown as { fail: unknown }).fail, streamFail);
    assert.deepEqual(
      [MapNode, FilterNode, AccumulateNode].map((c) => c.prototype.emit),
      emits,
    );
  });

  it("starts no counting when graph() is refused outside a kernel", () => {
    const source = new Stream<number>();
    const doubled = source.map((x) => 2 * x);
    const proto = Object.getPrototypeOf(doubled) as object;
    assert.throws(() => source.graph(), /needs the streamz-ts Jupyter kernel/);
    assert.equal(Object.getPrototypeOf(doubled), proto);
    assert.equal((Stream.prototype as unknown as { fail: unknown }).fail, streamFail);
  });
});
