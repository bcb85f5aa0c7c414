import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BufferNode, fromIterable, Stream, VirtualScheduler } from "../src";

/** An async sink whose calls finish only when the test says so. */
function gate() {
  const releases: (() => void)[] = [];
  const seen: number[] = [];
  const fn = (x: number) => {
    seen.push(x);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  const releaseOne = async () => {
    releases.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    fn,
    seen,
    releaseOne,
    get waiting() {
      return releases.length;
    },
  };
}

describe("back pressure", () => {
  it("emit returns undefined when everything downstream is synchronous", () => {
    const s = new Stream<number>();
    s.map((x) => x + 1)
      .filter((x) => x > 0)
      .sink(() => undefined);
    s.sinkToList();
    assert.equal(s.emit(1), undefined);
  });
  it("an async sink makes emit return a promise that settles when the sink is done", async () => {
    const s = new Stream<number>();
    const g = gate();
    s.map((x) => x * 2).sink(g.fn);
    const r = s.emit(1);
    assert.ok(r instanceof Promise);
    let done = false;
    void r.then(() => (done = true));
    await Promise.resolve();
    assert.equal(done, false);
    await g.releaseOne();
    assert.equal(done, true);
    assert.deepEqual(g.seen, [2]);
  });
  it("fan-out waits for all branches", async () => {
    const s = new Stream<number>();
    const g1 = gate();
    const g2 = gate();
    s.sink(g1.fn);
    s.sink(() => undefined);
    s.sink(g2.fn);
    const r = s.emit(1)!;
    let done = false;
    void r.then(() => (done = true));
    await g1.releaseOne();
    assert.equal(done, false);
    await g2.releaseOne();
    assert.equal(done, true);
  });
  it("a source awaiting its emits runs no further than its slow sink", async () => {
    const g = gate();
    const src = fromIterable([1, 2, 3]);
    src.sink(g.fn);
    src.start();
    await Promise.resolve();
    assert.deepEqual(g.seen, [1]);
    await g.releaseOne();
    assert.deepEqual(g.seen, [1, 2]);
    await g.releaseOne();
    await g.releaseOne();
    await src.finished;
    assert.deepEqual(g.seen, [1, 2, 3]);
  });
  it("buffer(2) in front of a slow sink lets 3 emits return at once, then the emitter waits", async () => {
    const s = new Stream<number>();
    const g = gate();
    const b = s.buffer(2);
    b.sink(g.fn);
    const r = [s.emit(1), s.emit(2), s.emit(3), s.emit(4)];
    assert.deepEqual(r.slice(0, 3), [undefined, undefined, undefined]);
    assert.ok(r[3] instanceof Promise);
    assert.deepEqual(g.seen, [1], "one in flight, two waiting in the buffer");
    assert.equal((b as BufferNode<number>).size, 2);
    let fourthIn = false;
    void r[3].then(() => (fourthIn = true));
    await g.releaseOne();
    assert.equal(fourthIn, true, "finishing one element makes room for the waiting emitter");
    assert.deepEqual(g.seen, [1, 2]);
    await g.releaseOne();
    await g.releaseOne();
    await g.releaseOne();
    assert.deepEqual(g.seen, [1, 2, 3, 4]);
  });
  it("buffer refuses an emitter that ignores back pressure once its waiting list is full", () => {
    const s = new Stream<number>();
    s.buffer(1).sink(gate().fn);
    s.emit(1); // in flight
    s.emit(2); // held
    void s.emit(3); // waits
    assert.throws(() => s.emit(4), /buffer\(1\): backlog full/);
  });
  it("latest keeps only the newest element while downstream is busy", async () => {
    const s = new Stream<number>();
    const g = gate();
    s.latest().sink(g.fn);
    for (let i = 0; i < 10; i++) assert.equal(s.emit(i), undefined, "latest never blocks");
    assert.deepEqual(g.seen, [0]);
    await g.releaseOne();
    assert.deepEqual(g.seen, [0, 9]);
    await g.releaseOne();
    assert.deepEqual(g.seen, [0, 9]);
  });
  it("rateLimit's waiting elements are bounded", () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    s.rateLimit(100, { maxBacklog: 2 }).sinkToList();
    s.emit(0);
    void s.emit(1);
    void s.emit(2);
    assert.throws(() => s.emit(3), /rateLimit\(100ms\): 2 elements already wait/);
  });
  it("for await reads the stream, and leaving the loop detaches it", async () => {
    const s = new Stream<number>();
    const got: number[] = [];
    const loop = (async () => {
      for await (const x of s) {
        got.push(x);
        if (x === 3) break;
      }
    })();
    for (let i = 1; i <= 3; i++) s.emit(i);
    await loop;
    assert.deepEqual(got, [1, 2, 3]);
    assert.equal(s.downstreams.length, 0);
  });
  it("for await: a full queue makes the emitter wait until the loop reads", async () => {
    const s = new Stream<number>();
    const it = s[Symbol.asyncIterator]();
    const results = [];
    for (let i = 0; i < 1001; i++) results.push(s.emit(i));
    assert.equal(results[998], undefined);
    assert.ok(results[999] instanceof Promise, "the 1000th queued element waits");
    assert.deepEqual(await it.next(), { value: 0, done: false });
    await results[999];
    await it.return!();
  });
  it("iterate({ highWaterMark }) sets how many elements wait for the loop", async () => {
    const s = new Stream<number>();
    const it = s.iterate({ highWaterMark: 3 });
    const results = [s.emit(0), s.emit(1), s.emit(2)];
    assert.deepEqual(results.slice(0, 2), [undefined, undefined]);
    assert.ok(results[2] instanceof Promise, "the third queued element waits");
    assert.deepEqual(await it.next(), { value: 0, done: false });
    await results[2];
    await it.return!();
    assert.throws(() => s.iterate({ highWaterMark: 0 }), /iterate: highWaterMark must be an integer >= 1, got 0/);
  });
});
