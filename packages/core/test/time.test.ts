import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromPeriodic, Stream, VirtualScheduler } from "../src";

function timed<T>(clock: VirtualScheduler, s: Stream<T>): [number, T][] {
  const out: [number, T][] = [];
  s.sink((x) => out.push([clock.now(), x]));
  return out;
}

describe("time, on a virtual clock", () => {
  it("rateLimit lets elements through at most once per interval (like streamz: 0, 200, 400)", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    const out = timed(clock, s.rateLimit(200));
    const done = [s.emit(1), s.emit(2), s.emit(3)];
    assert.equal(done[0], undefined, "the first element passes at once");
    assert.ok(done[1] instanceof Promise && done[2] instanceof Promise, "early ones make the emitter wait");
    await clock.advance(1000);
    await Promise.all(done.filter((d) => d !== undefined));
    assert.deepEqual(out, [
      [0, 1],
      [200, 2],
      [400, 3],
    ]);
  });
  it("rateLimit: an awaiting emitter is held back to the rate", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    const out = timed(clock, s.rateLimit(100));
    const producer = (async () => {
      for (let i = 0; i < 4; i++) {
        const r = s.emit(i);
        if (r) await r;
      }
    })();
    await clock.advance(1000);
    await producer;
    assert.deepEqual(
      out.map(([t]) => t),
      [0, 100, 200, 300],
    );
  });
  it("timedWindow emits what arrived in each interval, empty windows included", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    const out = timed(clock, s.timedWindow(100));
    s.emit(1);
    s.emit(2);
    await clock.advance(100);
    await clock.advance(100);
    s.emit(3);
    await clock.advance(100);
    assert.deepEqual(out, [
      [100, [1, 2]],
      [200, []],
      [300, [3]],
    ]);
  });
  it("delay emits each element its interval after arrival, in order", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<string>({ scheduler: clock });
    const out = timed(clock, s.delay(50));
    s.emit("a");
    await clock.advance(20);
    s.emit("b");
    await clock.advance(29);
    assert.deepEqual(out, []);
    await clock.advance(1);
    assert.deepEqual(out, [[50, "a"]]);
    await clock.advance(100);
    assert.deepEqual(out, [
      [50, "a"],
      [70, "b"],
    ]);
  });
  it("partition with timeout emits a partial group after the timeout", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    const out = timed(clock, s.partition(5, { timeout: 1000 }));
    s.emit(0);
    s.emit(1);
    await clock.advance(999);
    assert.deepEqual(out, []);
    await clock.advance(1);
    s.emit(2);
    assert.deepEqual(out, [[1000, [0, 1]]]);
    for (let i = 3; i < 7; i++) s.emit(i);
    assert.deepEqual(out[1], [1000, [2, 3, 4, 5, 6]], "a full group goes at once and cancels its timer");
    assert.equal(clock.pendingTimers, 0);
  });
  it("fromPeriodic calls the function every interval once started, and stops", async () => {
    const clock = new VirtualScheduler();
    let n = 0;
    const src = fromPeriodic(() => n++, 100, { scheduler: clock });
    const out = timed(clock, src);
    src.start();
    await clock.advance(350);
    src.stop();
    await src.finished;
    await clock.advance(1000);
    assert.deepEqual(out, [
      [0, 0],
      [100, 1],
      [200, 2],
      [300, 3],
    ]);
    assert.equal(clock.pendingTimers, 0);
  });
  it("operators inherit their upstream's clock", () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    assert.equal(s.map((x) => x).rateLimit(10).scheduler, clock);
  });
  it("bad intervals are refused with a clear error", () => {
    assert.throws(() => new Stream<number>().rateLimit(-1), /rateLimit: interval must be a finite number of milliseconds >= 0/);
    assert.throws(() => new Stream<number>().timedWindow(Number.NaN), /timedWindow: interval/);
  });
});
