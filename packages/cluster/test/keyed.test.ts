import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { collect, linesOf, tempDir } from "./helpers";
import { expectedTotals, expectKeyedFold, sales, type Sale } from "./keyed-scenarios";

describe("scatter({ key }) on worker threads", () => {
  it("keeps one state per key: a running sum per user equals the kernel's own fold, in order", async (t) => {
    const xs = sales(2000, 50);
    const source = new Stream<Sale>();
    t.after(() => source.destroy());
    const out = collect(
      source
        .scatter({ threads: 2, key: (x) => x.user })
        .accumulate(
          (s: { total: number; count: number }, x: Sale) => {
            const next = { total: s.total + x.amount, count: s.count + 1 };
            return [next, { i: x.i, user: x.user, ...next }] as const;
          },
          { start: { total: 0, count: 0 }, returnsState: true },
        )
        .buffer(64)
        .gather(),
    );
    for (const x of xs) await source.emit(x);
    await out.reached(xs.length);
    assert.deepEqual(out.list, expectedTotals(xs));
  });

  it(
    "a thread that dies mid-batch changes no state: the batch runs again from the same states; nothing lost or counted twice",
    { timeout: 60_000 },
    async (t) => {
      const { dir, remove } = tempDir("keyed-crash");
      t.after(remove);
      const runs = await expectKeyedFold({ threads: 2 }, { log: join(dir, "runs"), marker: join(dir, "died") }, "exit", (f) => t.after(f));
      assert.equal(new Set(runs.map(([, pid]) => pid)).size, 1, "threads of this process");
    },
  );

  it("a step past its deadline fails its element alone; its key goes on from its last good state", { timeout: 60_000 }, async (t) => {
    const { dir, remove } = tempDir("keyed-deadline");
    t.after(remove);
    const log = join(dir, "runs");
    const xs = sales(60, 4);
    const source = new Stream<Sale>();
    t.after(() => source.destroy());
    const errors = collect(source.onError());
    const out = collect(
      source
        .scatter({ threads: 2, timeoutMs: 300, key: (x) => x.user })
        .accumulate(
          (s: number, x: Sale, a: { log: string }) => {
            require("node:fs").appendFileSync(a.log, `${x.i}\n`);
            if (x.i === 17) for (;;);
            return s + x.amount;
          },
          { start: 0, args: { log } },
        )
        .buffer(8)
        .gather(),
    );
    for (const x of xs) await source.emit(x);
    await out.reached(xs.length - 1);
    await errors.reached(1);
    assert.deepEqual(
      out.list,
      expectedTotals(xs, new Set([17])).map((r) => r.total),
    );
    assert.equal((errors.list[0]!.element as Sale).i, 17);
    assert.match(errors.list[0]!.error.message, /^accumulate\(by key\) failed on element .*TimeoutError: .*300 ms/);
    assert.equal(linesOf(log).filter((l) => l === "17").length, 1, "a timed-out step is not run again");
  });

  it("keeps keys through map, filter and flatten; a key that is not a string or number fails its element, naming it", async (t) => {
    const source = new Stream<{ k: unknown; v: number }>();
    t.after(() => source.destroy());
    const errors = collect(source.onError());
    const out = collect(
      source
        .scatter({ threads: 2, key: (x) => x.k as string })
        .filter((x: { v: number }) => x.v !== 0)
        .map((x: { v: number }) => [x.v, x.v])
        .flatten()
        .accumulate((s: number, v: number) => s + v, { start: 0 })
        .gather(),
    );
    for (const [k, v] of [
      ["a", 1],
      ["b", 10],
      ["a", 0],
      ["a", 2],
      [{}, 5],
      ["b", 20],
    ] as const)
      await source.emit({ k, v });
    await out.reached(8);
    assert.deepEqual(out.list, [1, 2, 10, 20, 4, 6, 40, 60]);
    assert.equal(errors.list.length, 1);
    assert.match(
      errors.list[0]!.error.message,
      /^scatter.* failed on element .*the key function must return a string or a finite number, got object/,
    );
  });

  it("without start, a key's first element is its state and is emitted as is; a throwing step fails its element alone", async (t) => {
    const source = new Stream<number>();
    t.after(() => source.destroy());
    const errors = collect(source.onError());
    const out = collect(
      source
        .scatter({ threads: 2, key: (x) => (x % 2 === 0 ? "even" : "odd") })
        .accumulate(function add(s: number, x: number) {
          if (x === 5) throw new RangeError("five");
          return s + x;
        })
        .buffer(8)
        .gather(),
    );
    for (const x of [1, 2, 3, 4, 5, 6, 7]) await source.emit(x);
    await out.reached(6);
    await errors.reached(1);
    assert.deepEqual(out.list, [1, 2, 4, 6, 12, 11]);
    assert.match(errors.list[0]!.error.message, /^accumulate\(add, by key\) failed on element 5: RangeError: five/);
  });

  it("joins and windows drop the key: accumulate after them is the unkeyed one", () => {
    const source = new Stream<number>();
    const c = source.scatter({ threads: 1, key: (x) => x % 2 });
    assert.equal(c.map((x: number) => x).keyed, true);
    assert.equal(c.buffer(4).keyed, true);
    assert.equal(c.zip(c.map((x: number) => x)).keyed, false); // zip(c, c) itself is refused: it would never emit
    assert.equal(c.partition(2).keyed, false);
    assert.equal(source.scatter({ threads: 1 }).keyed, false);
    source.destroy();
  });
});
