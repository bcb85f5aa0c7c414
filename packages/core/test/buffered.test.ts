import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream, VirtualScheduler } from "../src";

/** `buffered` tells how many elements a node holds now; the live graph shows it. */
describe("buffered", () => {
  it("is undefined for nodes that hold nothing", () => {
    const s = new Stream<number>();
    assert.equal(s.buffered, undefined);
    assert.equal(s.map((x) => x).buffered, undefined);
  });

  it("counts a buffer's backlog while its downstream is busy, and 0 once drained", async () => {
    const s = new Stream<number>();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = s.buffer(10);
    b.sink(() => gate);
    for (let i = 0; i < 4; i++) void s.emit(i);
    assert.equal(b.buffered, 3, "one is in the sink, three wait");
    const last = s.emit(4);
    assert.equal(b.buffered, 4);
    release();
    await last; // settles when the buffer has taken element 4, i.e. the backlog moved on
    await gate;
    for (let i = 0; i < 10 && b.buffered !== 0; i++) await new Promise((r) => setImmediate(r));
    assert.equal(b.buffered, 0);
  });

  it("counts zip's unmatched elements, a timedWindow's open window, delay's and rateLimit's waiting elements", async () => {
    const clock = new VirtualScheduler();
    const a = new Stream<number>({ scheduler: clock });
    const other = new Stream<number>({ scheduler: clock });
    const z = a.zip(other);
    z.sinkToList();
    const w = a.timedWindow(100);
    w.sinkToList();
    const d = a.delay(50);
    d.sinkToList();
    const r = a.rateLimit(10);
    r.sinkToList();
    for (let i = 0; i < 3; i++) void a.emit(i);
    assert.equal(z.buffered, 3, "three from a, none from the other");
    assert.equal(w.buffered, 3);
    assert.equal(d.buffered, 3);
    assert.equal(r.buffered, 2, "the first passes at once");
    void other.emit(0);
    assert.equal(z.buffered, 2, "one pair left");
    await clock.advance(100);
    assert.equal(w.buffered, 0, "the window closed");
    assert.equal(d.buffered, 0);
    assert.equal(r.buffered, 0);
  });

  it("counts a partition's incomplete parts", () => {
    const s = new Stream<number>();
    const p = s.partition(3);
    p.sinkToList();
    for (let i = 0; i < 5; i++) void s.emit(i);
    assert.equal(p.buffered, 2);
  });
});
