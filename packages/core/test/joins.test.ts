import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "../src";

describe("branching and joining", () => {
  it("emits depth first in the order downstreams were connected", () => {
    const s = new Stream<number>();
    const log: string[] = [];
    const a = s.map((x) => x + 1);
    a.sink((x) => log.push(`a1:${x}`));
    a.sink((x) => log.push(`a2:${x}`));
    s.sink((x) => log.push(`b:${x}`));
    s.emit(1);
    assert.deepEqual(log, ["a1:2", "a2:2", "b:1"]);
  });
  it("zip pairs elements in upstream order and buffers per upstream", () => {
    const a = new Stream<number>();
    const b = new Stream<string>();
    const c = new Stream<boolean>();
    const out = a.zip(b, c).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    assert.deepEqual(out, []);
    c.emit(true);
    b.emit("y");
    c.emit(false);
    assert.deepEqual(out, [
      [1, "x", true],
      [2, "y", false],
    ]);
  });
  it("zip makes an upstream that runs too far ahead wait, and releases it when its partner catches up", async () => {
    const a = new Stream<number>();
    const b = new Stream<number>();
    const z = a.zip(b);
    const out = z.sinkToList();
    const results = [];
    for (let i = 0; i <= 10; i++) results.push(a.emit(i));
    assert.ok(results.slice(0, 10).every((r) => r === undefined));
    const waiting = results[10];
    assert.ok(waiting instanceof Promise, "the 11th element ahead must wait");
    let released = false;
    void waiting.then(() => (released = true));
    await Promise.resolve();
    assert.equal(released, false);
    b.emit(0);
    await waiting;
    assert.equal(released, true);
    assert.deepEqual(out, [[0, 0]]);
  });
  it("combineLatest emits once all have a value, on every update", () => {
    const a = new Stream<number>();
    const b = new Stream<string>();
    const out = a.combineLatest(b).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    a.emit(3);
    b.emit("y");
    assert.deepEqual(out, [
      [2, "x"],
      [3, "x"],
      [3, "y"],
    ]);
  });
  it("combineLatest emitOn limits emission to the named upstreams", () => {
    const a = new Stream<number>();
    const b = new Stream<string>();
    const out = a.combineLatest(b, { emitOn: a }).sinkToList();
    const byIndex = a.combineLatest(b, { emitOn: 1 }).sinkToList();
    a.emit(1);
    b.emit("x");
    a.emit(2);
    b.emit("y");
    assert.deepEqual(out, [[2, "x"]]);
    assert.deepEqual(byIndex, [
      [1, "x"],
      [2, "y"],
    ]);
  });
  it("zipLatest emits every element of the lossless stream with the latest of the others", () => {
    const a = new Stream<number>();
    const b = new Stream<string>();
    const out = a.zipLatest(b).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    a.emit(3);
    b.emit("y");
    b.emit("z");
    a.emit(4);
    assert.deepEqual(out, [
      [1, "x"],
      [2, "x"],
      [3, "x"],
      [4, "z"],
    ]);
  });
  it("union passes every element of every upstream", () => {
    const a = new Stream<number>();
    const b = new Stream<string>();
    const out = a.union(b).sinkToList();
    a.emit(1);
    b.emit("x");
    a.emit(2);
    assert.deepEqual(out, [1, "x", 2]);
  });
  it("joins refuse things that are not streams", () => {
    assert.throws(() => new Stream<number>().zip(3 as never), /zip: argument 1 is not a Stream/);
  });
  it("joins that pair their upstreams refuse the same stream twice (it would emit nothing, and zip would hang)", () => {
    const a = new Stream<number>({ name: "a" });
    const b = new Stream<number>();
    assert.throws(() => a.zip(a), /zip: stream\(a\) is given twice; to pair each element with itself, use \.map/);
    assert.throws(() => a.zip(b, a), /zip: stream\(a\) is given twice/);
    assert.throws(() => a.combineLatest(a), /combineLatest: stream\(a\) is given twice/);
    assert.throws(() => b.zipLatest(a, a), /zipLatest: stream\(a\) is given twice/);
    assert.equal(a.downstreams.length, 0, "nothing connected by a refused join");
    const merged = a.union(a).sinkToList(); // a merge of a stream with itself is well defined: each element twice
    void a.emit(1);
    assert.deepEqual(merged, [1, 1]);
  });
  it("connect and disconnect rewire the graph", () => {
    const a = new Stream<number>();
    const b = new Stream<number>();
    const out = b.sinkToList();
    a.connect(b);
    a.emit(1);
    a.disconnect(b);
    a.emit(2);
    assert.deepEqual(out, [1]);
    assert.deepEqual(b.upstreams, []);
  });
  it("disconnecting a zip input drops its buffer; zip then pairs the rest", () => {
    const a = new Stream<number>();
    const b = new Stream<number>();
    const c = new Stream<number>();
    const z = a.zip(b, c);
    const out = z.sinkToList();
    a.emit(1);
    c.disconnect(z);
    b.emit(2);
    assert.deepEqual(out, [[1, 2]]);
  });
});
