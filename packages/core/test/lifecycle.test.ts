import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromPeriodic, registerApi, Stream, VirtualScheduler } from "../src";

declare module "../src/stream" {
  interface Stream<T> {
    /** Test operator added through the extension point. */
    double(this: Stream<number>): Stream<number>;
  }
}

describe("lifecycle", () => {
  it("destroy disconnects from upstreams and destroys what is left without an upstream", () => {
    const s = new Stream<number>();
    const m = s.map((x) => x + 1);
    const f = m.filter((x) => x > 0);
    const out = f.sinkToList();
    m.destroy();
    s.emit(1);
    assert.deepEqual(out, []);
    assert.equal(s.downstreams.length, 0);
    assert.ok(m.isDestroyed && f.isDestroyed, "the orphaned branch is destroyed too");
  });
  it("destroy keeps downstream nodes that still have another upstream", () => {
    const a = new Stream<number>();
    const b = new Stream<number>();
    const u = a.union(b);
    const out = u.sinkToList();
    a.destroy();
    b.emit(1);
    assert.deepEqual(out, [1]);
    assert.equal(u.isDestroyed, false);
  });
  it("destroy leaves no timers behind", async () => {
    const clock = new VirtualScheduler();
    const s = new Stream<number>({ scheduler: clock });
    s.timedWindow(100).sinkToList();
    s.partition(10, { timeout: 50 }).sinkToList();
    s.delay(30).sinkToList();
    s.rateLimit(1000).sinkToList();
    const src = fromPeriodic(() => 1, 10, { scheduler: clock });
    src.connect(s);
    src.start();
    s.emit(1);
    void s.emit(2);
    await clock.advance(5);
    assert.ok(clock.pendingTimers >= 4);
    src.destroy();
    await src.finished;
    assert.equal(clock.pendingTimers, 0);
  });
  it("destroyed nodes release references to their elements", () => {
    const s = new Stream<object>();
    const w = s.slidingWindow(3);
    const ref = new WeakRef({});
    s.emit(ref.deref()!);
    w.destroy();
    assert.equal((w as unknown as { ring: unknown[] }).ring.length, 0);
  });
  it("registerApi adds a typed operator to every stream", () => {
    registerApi("double", function (this: Stream<number>) {
      return this.map((x) => x * 2).label("double");
    });
    const s = new Stream<number>();
    const out = s.double().sinkToList();
    s.emit(21);
    assert.deepEqual(out, [42]);
  });
  it("registerApi refuses to replace a built-in operator", () => {
    assert.throws(() => registerApi("map", () => undefined), /Stream already has a built-in member of that name/);
  });
  it("start/stop on any node reach the sources upstream", async () => {
    const clock = new VirtualScheduler();
    const src = fromPeriodic(() => "tick", 10, { scheduler: clock });
    const out = src.map((x) => x.toUpperCase()).sinkToList();
    const sinkNode = src.downstreams[0]!;
    sinkNode.start();
    assert.equal(src.running, true);
    await clock.advance(25);
    sinkNode.stop();
    await src.finished;
    assert.deepEqual(out, ["TICK", "TICK", "TICK"]);
  });
  it("visualize draws the whole graph with labels", async () => {
    const s = new Stream<number>({ name: "source" });
    const a = s.map(function inc(x) {
      return x + 1;
    });
    a.zip(s.filter((x) => x > 0)).sinkToList();
    const dot = a.toDot();
    assert.match(dot, /label="stream\(source\)", shape=doubleoctagon/);
    assert.match(dot, /label="map\(inc\)"/);
    assert.match(dot, /shape=triangle/);
    assert.equal((dot.match(/->/g) ?? []).length, 5);
    const pic = await s.visualize();
    assert.match(pic.svg, /<svg[\s\S]*map\(inc\)[\s\S]*<\/svg>/);
  });
});
