import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "../src";

/**
 * The same graphs as test/oracle/scenarios.py, built with this package. Python streamz 0.6.4 (Debian's
 * python3-streamz) is the oracle: each scenario's output must equal what streamz gives.
 */
type Out = unknown[];
const emitAll = <T>(s: Stream<T>, xs: Iterable<T>) => {
  for (const x of xs) s.emit(x);
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const scenarios: Record<string, () => Out> = {
  map_accumulate() {
    const s = new Stream<number>();
    const out = s
      .map((x) => x + 1)
      .accumulate((a, x) => a + x)
      .sinkToList();
    emitAll(s, range(6));
    return out;
  },
  accumulate_start() {
    const s = new Stream<number>();
    const out = s.accumulate((a: number, x: number) => a * 10 + x, { start: 7 }).sinkToList();
    emitAll(s, [1, 2, 3]);
    return out;
  },
  accumulate_returns_state() {
    const s = new Stream<number>();
    const out = s
      .accumulate(
        (acc: [number, number], x: number): [[number, number], [number, number]] => [
          [acc[0] + 1, x],
          [acc[0], x],
        ],
        {
          start: [0, 0] as [number, number],
          returnsState: true,
        },
      )
      .sinkToList();
    emitAll(s, [5, 6, 7]);
    return out;
  },
  filter_map() {
    const s = new Stream<number>();
    const out = s
      .filter((x) => x % 3 === 0)
      .map((x) => x * x)
      .sinkToList();
    emitAll(s, range(10));
    return out;
  },
  partition_n() {
    const s = new Stream<number>();
    const out = s.partition(3).sinkToList();
    emitAll(s, range(10));
    return out;
  },
  partition_key() {
    const s = new Stream<number>();
    const out = s.partition(2, { key: (x) => x % 3 }).sinkToList();
    emitAll(s, range(9));
    return out;
  },
  sliding_partial() {
    const s = new Stream<number>();
    const out = s.slidingWindow(3).sinkToList();
    emitAll(s, range(5));
    return out;
  },
  sliding_full() {
    const s = new Stream<number>();
    const out = s.slidingWindow(3, { returnPartial: false }).sinkToList();
    emitAll(s, range(6));
    return out;
  },
  unique_all() {
    const s = new Stream<number>();
    const out = s.unique().sinkToList();
    emitAll(s, [1, 2, 1, 3, 2, 4, 1]);
    return out;
  },
  unique_recent() {
    const s = new Stream<number>();
    const out = s.unique({ maxsize: 1 }).sinkToList();
    emitAll(s, [1, 1, 2, 2, 1, 3, 3, 1]);
    return out;
  },
  pluck_one_and_many() {
    const s = new Stream<{ a: number; b: number }>();
    const out: unknown[] = [];
    s.pluck("a").sink((x) => out.push(x));
    s.pluck(["b", "a"]).sink((x) => out.push(x));
    emitAll(s, [
      { a: 1, b: 2 },
      { a: 3, b: 4 },
    ]);
    return out;
  },
  flatten() {
    const s = new Stream<number[]>();
    const out = s.flatten().sinkToList();
    emitAll(s, [[1, 2], [], [3], [4, 5, 6]]);
    return out;
  },
  zip_three() {
    const [a, b, c] = [new Stream<number>(), new Stream<string>(), new Stream<boolean>()];
    const out = a.zip(b, c).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    c.emit(true);
    b.emit("y");
    a.emit(3);
    c.emit(false);
    return out;
  },
  combine_latest() {
    const [a, b] = [new Stream<number>(), new Stream<string>()];
    const out = a.combineLatest(b).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    a.emit(3);
    b.emit("y");
    return out;
  },
  combine_latest_emit_on() {
    const [a, b] = [new Stream<number>(), new Stream<string>()];
    const out = a.combineLatest(b, { emitOn: a }).sinkToList();
    a.emit(1);
    b.emit("x");
    a.emit(2);
    b.emit("y");
    b.emit("z");
    a.emit(3);
    return out;
  },
  zip_latest() {
    const [a, b] = [new Stream<number>(), new Stream<string>()];
    const out = a.zipLatest(b).sinkToList();
    a.emit(1);
    a.emit(2);
    b.emit("x");
    a.emit(3);
    b.emit("y");
    b.emit("z");
    a.emit(4);
    return out;
  },
  union() {
    const [a, b] = [new Stream<number>(), new Stream<string>()];
    const out = a.union(b).sinkToList();
    a.emit(1);
    b.emit("x");
    a.emit(2);
    return out;
  },
  collect_flush() {
    const s = new Stream<number>();
    const c = s.collect();
    const out = c.sinkToList();
    s.emit(1);
    s.emit(2);
    c.flush();
    s.emit(3);
    c.flush();
    return out;
  },
  depth_first_order() {
    const s = new Stream<number>();
    const out: unknown[] = [];
    const a = s.map((x) => x + 1);
    a.sink((x) => out.push(["a1", x]));
    a.map((x) => x * 10).sink((x) => out.push(["a2", x]));
    s.sink((x) => out.push(["b", x]));
    emitAll(s, [1, 2]);
    return out;
  },
  starmap() {
    const s = new Stream<[number, number]>();
    const out = s.starmap((a: number, b: number) => a * b).sinkToList();
    emitAll(s, [
      [2, 3],
      [4, 5],
    ]);
    return out;
  },
  slice_start_only() {
    const s = new Stream<number>();
    const out = s.slice(2).sinkToList();
    emitAll(s, range(6));
    return out;
  },
};

const python = "/usr/bin/python3";
const script = join(__dirname, "..", "..", "test", "oracle", "scenarios.py");

describe("same results as Python streamz 0.6.4 (the oracle)", () => {
  const available =
    existsSync(python) &&
    (() => {
      try {
        execFileSync(python, ["-c", "import streamz"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    })();
  if (!available) {
    it("needs Debian's python3-streamz (scripts/ensure-debian.sh installs it)", () => {
      assert.fail("python3-streamz is not installed: run `npm test`, which installs it");
    });
    return;
  }
  const expected = JSON.parse(execFileSync(python, [script], { encoding: "utf8" })) as Record<string, unknown>;
  it("covers the same scenarios in both languages", () => {
    assert.deepEqual(Object.keys(scenarios).sort(), Object.keys(expected).sort());
  });
  for (const [name, run] of Object.entries(scenarios)) {
    it(name, () => assert.deepEqual(JSON.parse(JSON.stringify(run())), expected[name]));
  }
});
