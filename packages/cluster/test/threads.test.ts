import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Table, tableFromArrays } from "apache-arrow";
import { Stream, StreamError } from "@streamz-ts/core";
import { ScatterNode, type ThreadPool, type ClusterStream } from "../src/index";
import { collect } from "./helpers";

/** Busy-waits `ms` on the worker: later elements can finish before earlier ones. */
function spin(x: number, args: { ms: number[] }): number {
  const end = Date.now() + args.ms[x % args.ms.length]!;
  while (Date.now() < end);
  return x * 10;
}

async function emitAll<T>(source: Stream<T>, xs: readonly T[]): Promise<void> {
  for (const x of xs) {
    const r = source.emit(x);
    if (r) await r;
  }
}

/** Runs the same graph locally and on two threads and returns both outputs. */
async function bothWays<T>(xs: readonly T[], build: (s: Stream<T>, onPool: boolean) => Stream<any>): Promise<[unknown[], unknown[]]> {
  const local = new Stream<T>();
  const expected = build(local, false).sinkToList();
  await emitAll(local, xs);
  const source = new Stream<T>();
  const got = collect(build(source, true));
  await emitAll(source, xs);
  await got.reached(expected.length);
  source.destroy();
  return [got.list, expected];
}

// The same graph code builds a local or a cluster graph; `any` lets one builder type-check for both.
const onPool = (s: Stream<any>, pool: boolean): any => (pool ? s.scatter({ threads: 2 }) : s);
const back = (s: any, pool: boolean): Stream<any> => (pool ? (s as ClusterStream<any>).buffer(8).gather() : s);

describe("scatter on worker threads", () => {
  it("gathers in emission order while workers finish out of order", async () => {
    const source = new Stream<number>();
    const out = collect(
      source
        .scatter({ threads: 2 })
        .map(spin, { args: { ms: [6, 0, 3] } })
        .buffer(8)
        .gather(),
    );
    const xs = Array.from({ length: 40 }, (_, i) => i);
    await emitAll(source, xs);
    await out.reached(xs.length);
    assert.deepEqual(
      out.list,
      xs.map((x) => x * 10),
    );
    source.destroy();
  });

  it("runs filter, starmap, accumulate, flatten like the local graph", async () => {
    const xs = Array.from({ length: 30 }, (_, i) => i);
    const [got, want] = await bothWays(xs, (s, p) =>
      back(
        onPool(s, p)
          .filter((x: number) => x % 3 !== 0)
          .map((x: number) => [x, x + 1])
          .starmap((a: number, b: number) => a * b)
          .accumulate((acc: number, x: number) => acc + x, { start: 0 }),
        p,
      ),
    );
    assert.deepEqual(got, want);
    const [got2, want2] = await bothWays(xs, (s, p) =>
      back(
        onPool(s, p)
          .map((x: number) => [x, -x])
          .flatten()
          .filter((x: number) => x % 2 === 0),
        p,
      ),
    );
    assert.deepEqual(got2, want2);
    const [got3, want3] = await bothWays(xs, (s, p) =>
      back(
        onPool(s, p).accumulate((acc: number, x: number) => [acc + x, acc * x], { start: 1, returnsState: true }),
        p,
      ),
    );
    assert.deepEqual(got3, want3);
  });

  it("runs partition, slidingWindow, zip, union and combineLatest like the local graph", async () => {
    const xs = Array.from({ length: 20 }, (_, i) => i);
    const [g1, w1] = await bothWays(xs, (s, p) =>
      back(
        onPool(s, p)
          .map((x: number) => x * 2)
          .partition(3)
          .map((a: number[]) => a.join("-")),
        p,
      ),
    );
    assert.deepEqual(g1, w1);
    const [g2, w2] = await bothWays(xs, (s, p) => back(onPool(s, p).slidingWindow(3, { returnPartial: false }), p));
    assert.deepEqual(g2, w2);
    const [g3, w3] = await bothWays(xs, (s, p) => {
      const c = onPool(s, p);
      return back(c.map((x: number) => x + 1).zip(c.map((x: number) => x * x)), p);
    });
    assert.deepEqual(g3, w3);
    const [g4, w4] = await bothWays(xs, (s, p) => {
      const c = onPool(s, p);
      return back(c.map((x: number) => x + 100).union(c.map((x: number) => -x)), p);
    });
    assert.deepEqual(g4, w4);
    const [g5, w5] = await bothWays(xs, (s, p) => {
      const c = onPool(s, p);
      return back(c.combineLatest(c.map((x: number) => x * 3)), p);
    });
    assert.deepEqual(g5, w5);
  });

  it("sink after scatter runs in the kernel on the gathered values, in order", async () => {
    const source = new Stream<number>();
    const seen: number[] = [];
    source
      .scatter({ threads: 2 })
      .map((x: number) => x + 1)
      .sink((x) => void seen.push(x));
    await emitAll(source, [1, 2, 3]);
    assert.deepEqual(seen, [2, 3, 4]);
    source.destroy();
  });

  it("refuses a function that closes over a kernel variable, naming it, and takes it through args", async () => {
    const factor = 3;
    const source = new Stream<number>();
    const c = source.scatter({ threads: 1 });
    assert.throws(
      () => c.map((x: number) => x * factor),
      (e: Error) => /`factor`/.test(e.message) && /args/.test(e.message),
    );
    const out = c
      .map((x: number, a: { factor: number }) => x * a.factor, { args: { factor } })
      .gather()
      .sinkToList();
    await emitAll(source, [1, 2]);
    assert.deepEqual(out, [3, 6]);
    source.destroy();
  });

  it("reports a throwing function to the emitter as a StreamError naming the operator", async () => {
    const source = new Stream<number>();
    const out = source
      .scatter({ threads: 2 })
      .map(function explode(x: number) {
        if (x === 2) throw new RangeError("two is not allowed");
        return x;
      })
      .gather()
      .sinkToList();
    await source.emit(1);
    await assert.rejects(Promise.resolve(source.emit(2)), (e: unknown) => {
      assert.ok(e instanceof StreamError);
      assert.match(e.message, /map\(explode\)/);
      assert.match(e.message, /two is not allowed/);
      assert.equal(e.element, 2);
      return true;
    });
    await source.emit(3);
    assert.deepEqual(out, [1, 3]);
    source.destroy();
  });

  it("routes failures behind a buffer to onError, naming the operator, and keeps the others", async () => {
    const source = new Stream<number>();
    const errors = collect(source.onError().map((e) => e.error.message));
    const out = collect(
      source
        .scatter({ threads: 2 })
        .map(function odd(x: number) {
          if (x % 2) throw new Error(`odd ${x}`);
          return x;
        })
        .buffer(4)
        .gather(),
    );
    await emitAll(source, [0, 1, 2, 3, 4, 6]);
    await out.reached(4);
    await errors.reached(2);
    assert.deepEqual(out.list, [0, 2, 4, 6]);
    assert.match(errors.list[0]!, /map\(odd\).*odd 1/);
    assert.match(errors.list[1]!, /odd 3/);
    source.destroy();
  });

  it("fails an element that cannot be sent to a worker with a clear error, and only that one", async () => {
    const source = new Stream<unknown>();
    const errors = collect(source.onError().map((e) => e.error.message));
    const out = collect(
      source
        .scatter({ threads: 1 })
        .map((x: unknown) => typeof x)
        .buffer(8)
        .gather(),
    );
    for (const x of [1, { f: () => 1 }, "s"]) await source.emit(x); // one burst: sent as one batch first
    await out.reached(2);
    await errors.reached(1);
    assert.deepEqual(out.list, ["number", "string"]);
    assert.match(errors.list[0]!, /map failed on element .*cannot be sent to a worker/);
    source.destroy();
  });

  it("refuses operators that would read futures as values, with what to do instead", () => {
    const source = new Stream<number>();
    const c = source.scatter({ threads: 1 });
    assert.throws(() => (c as any).pluck(0), /gather\(\) first/);
    for (const view of ["chart", "table", "output"])
      assert.throws(() => (c as any)[view]({}), new RegExp(`${view}\\(\\) is not supported on a cluster stream.*gather\\(\\) first`));
    assert.throws(() => c.filter((x: number) => x > 1).partition(2), /partition.*filter\(\) or flatten\(\)/);
    source.destroy();
  });

  it("moves whole typed arrays to the worker instead of copying them", async () => {
    const source = new Stream<Float64Array>();
    const out = source
      .scatter({ threads: 1 })
      .map((a: Float64Array) => a.reduce((s, v) => s + v, 0))
      .gather()
      .sinkToList();
    const data = new Float64Array([1, 2, 3, 4]);
    await source.emit(data);
    assert.deepEqual(out, [10]);
    assert.equal(data.byteLength, 0, "the buffer was transferred, so the kernel's view is detached");
    source.destroy();
  });

  it("sends Arrow tables as IPC bytes and gets Arrow tables back", async () => {
    const source = new Stream<Table>();
    const out = source
      .scatter({ threads: 1 })
      .map((t: Table) => {
        const { tableFromArrays } = require("apache-arrow");
        const x = t.getChild("x")!.toArray() as Float64Array;
        return tableFromArrays({ doubled: x.map((v) => v * 2) });
      })
      .gather()
      .sinkToList();
    await source.emit(tableFromArrays({ x: Float64Array.from([1, 2, 3]) }));
    assert.ok(out[0] instanceof Table, "rebuilt as an Arrow Table in the kernel");
    assert.deepEqual([...out[0].getChild("doubled")!.toArray()], [2, 4, 6]);
    source.destroy();
  });

  it("starts threads at the first element and stops them on destroy", async () => {
    const source = new Stream<number>();
    const scatter = source.scatter({ threads: 2 });
    assert.ok(scatter instanceof ScatterNode);
    const pool = scatter.pool as ThreadPool;
    scatter
      .map((x: number) => x)
      .gather()
      .sinkToList();
    assert.equal(pool.started, false);
    await source.emit(1);
    assert.equal(pool.started, true);
    source.destroy();
    assert.equal(pool.started, false);
    await assert.rejects(pool.submit("map", { source: "((x) => x)", args: undefined, label: "map" }, 1), /closed/);
  });
});
