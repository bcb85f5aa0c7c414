import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "../src";

describe("map / starmap / filter", () => {
  it("map applies the function to every element", () => {
    const s = new Stream<number>();
    const out = s.map((x) => x * 10).sinkToList();
    for (const x of [1, 2, 3]) s.emit(x);
    assert.deepEqual(out, [10, 20, 30]);
  });
  it("starmap spreads array elements into arguments", () => {
    const s = new Stream<[number, number]>();
    const out = s.starmap((a: number, b: number) => a * b).sinkToList();
    s.emit([2, 3]);
    s.emit([4, 5]);
    assert.deepEqual(out, [6, 20]);
  });
  it("filter keeps elements passing the predicate; without one, the truthy ones", () => {
    const s = new Stream<number>();
    const even = s.filter((x) => x % 2 === 0).sinkToList();
    const truthy = s.filter().sinkToList();
    for (const x of [0, 1, 2, 3, 4]) s.emit(x);
    assert.deepEqual(even, [0, 2, 4]);
    assert.deepEqual(truthy, [1, 2, 3, 4]);
  });
  it("rejects a non-function with a clear error", () => {
    assert.throws(() => new Stream<number>().map(42 as never), /map: expected a function, got number/);
  });
});

describe("accumulate", () => {
  it("without start, the first element is the state and is emitted as is", () => {
    const s = new Stream<number>();
    const out = s.accumulate((acc, x) => acc + x).sinkToList();
    for (const x of [0, 1, 2, 3, 4]) s.emit(x);
    assert.deepEqual(out, [0, 1, 3, 6, 10]);
  });
  it("with start, counts from it", () => {
    const s = new Stream<string>();
    const out = s.accumulate((n: number) => n + 1, { start: 0 }).sinkToList();
    for (const x of "abc") s.emit(x);
    assert.deepEqual(out, [1, 2, 3]);
  });
  it("returnsState emits the output and keeps the state", () => {
    const s = new Stream<string>();
    const out = s.accumulate((i: number, x: string) => [i + 1, `${i}:${x}`] as const, { start: 0, returnsState: true }).sinkToList();
    for (const x of "abc") s.emit(x);
    assert.deepEqual(out, ["0:a", "1:b", "2:c"]);
  });
  it("returnsState with a non-pair result fails clearly", () => {
    const s = new Stream<number>();
    s.accumulate(((acc: number) => acc) as never, { start: 0, returnsState: true });
    assert.throws(() => s.emit(1), /accumulate failed on element 1: TypeError: with returnsState/);
  });
  it("resetStream puts the state back to start", () => {
    const s = new Stream<number>();
    const reset = new Stream<unknown>();
    const out = s.accumulate((acc: number, x: number) => acc + x, { start: 100, resetStream: reset }).sinkToList();
    s.emit(1);
    s.emit(2);
    reset.emit(null);
    s.emit(3);
    assert.deepEqual(out, [101, 103, 103]);
  });
});

describe("pluck / flatten / slice / unique", () => {
  it("pluck picks one key or a tuple of keys", () => {
    const s = new Stream<{ a: number; b: string }>();
    const one = s.pluck("b").sinkToList();
    const many = s.pluck(["b", "a"]).sinkToList();
    s.emit({ a: 1, b: "x" });
    assert.deepEqual(one, ["x"]);
    assert.deepEqual(many, [["x", 1]]);
  });
  it("pluck on null fails naming the key", () => {
    const s = new Stream<{ a: number }>();
    s.pluck("a");
    assert.throws(() => s.emit(null as never), /pluck\(a\) failed on element null/);
  });
  it("flatten emits each item in order", () => {
    const s = new Stream<number[]>();
    const out = s.flatten().sinkToList();
    s.emit([1, 2]);
    s.emit([]);
    s.emit([3]);
    assert.deepEqual(out, [1, 2, 3]);
  });
  it("slice follows list slicing: start, step, exclusive end, then detaches", () => {
    const s = new Stream<number>();
    const out = s.slice(1, 7, 2).sinkToList();
    for (let i = 0; i < 10; i++) s.emit(i);
    assert.deepEqual(out, [1, 3, 5]);
    assert.equal(s.downstreams.length, 0, "slice detaches once past its end");
    const open = new Stream<number>();
    const tail = open.slice(2).sinkToList();
    for (let i = 0; i < 5; i++) open.emit(i);
    assert.deepEqual(tail, [2, 3, 4]);
  });
  it("slice rejects negative indices", () => {
    assert.throws(() => new Stream<number>().slice(-1), /slice: start must be an integer >= 0/);
  });
  it("unique drops repeats; maxsize makes it an LRU of recent keys", () => {
    const s = new Stream<number>();
    const all = s.unique().sinkToList();
    const recent = s.unique({ maxsize: 1 }).sinkToList();
    for (const x of [1, 2, 1, 1, 3, 2]) s.emit(x);
    assert.deepEqual(all, [1, 2, 3]);
    assert.deepEqual(recent, [1, 2, 1, 3, 2]);
  });
  it("unique with maxsize refreshes a key when it is seen again", () => {
    const s = new Stream<number>();
    const out = s.unique({ maxsize: 2 }).sinkToList();
    for (const x of [1, 2, 1, 3, 1, 2]) s.emit(x);
    // after 1,2,1 the cache is [2,1]; 3 evicts 2 -> [1,3]; 1 is a repeat; 2 is new again
    assert.deepEqual(out, [1, 2, 3, 2]);
  });
  it("unique by key", () => {
    const s = new Stream<{ id: number; v: string }>();
    const out = s
      .unique({ key: (r) => r.id })
      .pluck("v")
      .sinkToList();
    s.emit({ id: 1, v: "a" });
    s.emit({ id: 1, v: "b" });
    s.emit({ id: 2, v: "c" });
    assert.deepEqual(out, ["a", "c"]);
  });
});

describe("partition / slidingWindow / collect", () => {
  it("partition emits full groups of n", () => {
    const s = new Stream<number>();
    const out = s.partition(3).sinkToList();
    for (let i = 0; i < 10; i++) s.emit(i);
    assert.deepEqual(out, [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
  });
  it("partition by key keeps separate groups", () => {
    const s = new Stream<number>();
    const out = s.partition(2, { key: (x) => x % 2 }).sinkToList();
    for (let i = 0; i < 4; i++) s.emit(i);
    assert.deepEqual(out, [
      [0, 2],
      [1, 3],
    ]);
  });
  it("partition by field name", () => {
    const s = new Stream<{ k: string; v: number }>();
    const out = s
      .partition(2, { key: "k" })
      .map((g) => g.map((r) => r.v))
      .sinkToList();
    for (const [k, v] of [
      ["a", 1],
      ["b", 2],
      ["a", 3],
    ] as const)
      s.emit({ k, v });
    assert.deepEqual(out, [[1, 3]]);
  });
  it("slidingWindow with and without partial windows", () => {
    const s = new Stream<number>();
    const partial = s.slidingWindow(3).sinkToList();
    const full = s.slidingWindow(3, { returnPartial: false }).sinkToList();
    for (let i = 0; i < 5; i++) s.emit(i);
    assert.deepEqual(partial, [[0], [0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4]]);
    assert.deepEqual(full, [
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
    ]);
  });
  it("collect holds elements until flush", () => {
    const s = new Stream<number>();
    const c = s.collect();
    const out = c.sinkToList();
    s.emit(1);
    s.emit(2);
    assert.deepEqual(out, []);
    c.flush();
    s.emit(3);
    c.flush();
    c.flush();
    assert.deepEqual(out, [[1, 2], [3], []]);
  });
});
