import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromIterable, Stream, StreamError, type StreamErrorEvent } from "../src";

function parse(line: string): { v: number } {
  return JSON.parse(line) as { v: number };
}

describe("errors", () => {
  it("a throwing function raises a StreamError naming the operator, label and element, with cause", () => {
    const s = new Stream<string>();
    s.map(parse).label("parse json").sinkToList();
    let err: unknown;
    try {
      s.emit("{oops");
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof StreamError);
    assert.equal(err.element, "{oops");
    assert.ok(err.cause instanceof SyntaxError);
    assert.match(err.message, /^map\(parse json\) failed on element "\{oops": SyntaxError:/);
  });
  it("the node's function name serves as its label", () => {
    const s = new Stream<string>();
    s.map(parse);
    assert.throws(() => s.emit("x"), /map\(parse\) failed on element "x"/);
  });
  it("the next element flows normally after a failure, and state is kept", () => {
    const s = new Stream<number>();
    const out = s
      .accumulate(
        (acc: number, x: number) => {
          if (x < 0) throw new RangeError("negative");
          return acc + x;
        },
        { start: 0 },
      )
      .sinkToList();
    s.emit(1);
    assert.throws(() => s.emit(-1), /accumulate failed on element -1: RangeError: negative/);
    s.emit(2);
    assert.deepEqual(out, [1, 3]);
  });
  it("an async sink's failure rejects the emit promise with a StreamError", async () => {
    const s = new Stream<number>();
    s.sink(async function store(x) {
      if (x === 2) throw new Error("disk full");
    });
    await s.emit(1);
    await assert.rejects(
      Promise.resolve(s.emit(2)),
      (e: unknown) => e instanceof StreamError && /sink\(store\) failed on element 2: Error: disk full/.test(e.message),
    );
  });
  it("onError routes failures below the node as events; other elements and branches keep flowing", async () => {
    const s = new Stream<string>();
    const errors: StreamErrorEvent[] = [];
    s.onError().sink((e) => errors.push(e));
    const parsed = s.map(parse).pluck("v").sinkToList();
    const lengths = s.map((x) => x.length).sinkToList();
    for (const line of ['{"v":1}', "bad", '{"v":2}']) assert.equal(s.emit(line), undefined);
    assert.deepEqual(parsed, [1, 2]);
    assert.deepEqual(lengths, [7, 3, 7], "the sibling branch saw the bad element too");
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.element, "bad");
    assert.equal(errors[0]!.node.kind, "map");
    assert.ok(errors[0]!.error instanceof StreamError);
  });
  it("onError on the failing node itself catches its own failures", () => {
    const s = new Stream<number>();
    const m = s.map((x) => {
      if (x === 0) throw new Error("zero");
      return 1 / x;
    });
    const errors = m.onError().sinkToList();
    const out = m.sinkToList();
    s.emit(0);
    s.emit(2);
    assert.deepEqual(out, [0.5]);
    assert.equal(errors.length, 1);
  });
  it("onError catches async rejections too, so the emit promise resolves", async () => {
    const s = new Stream<number>();
    const errors = s.onError().sinkToList();
    s.sink(async (x) => {
      if (x === 1) throw new Error("nope");
    });
    await s.emit(1);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.error.message, /sink failed on element 1: Error: nope/);
  });
  it("a source keeps going past a failing element when errors are routed", async () => {
    const src = fromIterable(["1", "x", "3"]);
    const errors = src.onError().sinkToList();
    const out = src
      .map((s) => {
        const n = Number(s);
        if (Number.isNaN(n)) throw new TypeError(`not a number: ${s}`);
        return n;
      })
      .sinkToList();
    src.start();
    await src.finished;
    assert.deepEqual(out, [1, 3]);
    assert.equal(errors.length, 1);
  });
  it("element previews in messages are short and safe", () => {
    const s = new Stream<unknown>();
    s.map(() => {
      throw new Error("boom");
    });
    const big = { data: "x".repeat(1000) };
    assert.throws(
      () => s.emit(big),
      (e: unknown) => e instanceof StreamError && e.message.length < 200 && e.element === big,
    );
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => s.emit(cyclic), /failed on element \[object Object\]/);
  });
});
