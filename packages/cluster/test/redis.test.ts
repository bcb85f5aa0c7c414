import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tableFromArrays } from "apache-arrow";
import { Stream, StreamError } from "@streamz-ts/core";
import "../src/index";
import { redisAndWorkers } from "./redis-workers";

describe("scatter on Redis workers", () => {
  const cluster = redisAndWorkers("basics");

  it("runs map, filter and accumulate on a worker process and gathers in order", async () => {
    const source = new Stream<number>();
    const out = source
      .scatter({ redis: cluster.redis.url, queue: "basics" })
      .map((x: number, a: { k: number }) => x * a.k + process.pid * 0, { args: { k: 3 } })
      .filter((x: number) => x % 2 === 0)
      .accumulate((s: number, x: number) => s + x, { start: 0 })
      .gather()
      .sinkToList();
    for (let i = 0; i < 10; i++) await source.emit(i);
    assert.deepEqual(out, [0, 6, 18, 36, 60]);
    source.destroy();
  });

  it("carries typed arrays and Arrow tables through Redis", async () => {
    const source = new Stream<unknown>();
    const out = source
      .scatter({ redis: cluster.redis.url, queue: "basics" })
      .map((x: any) => (x instanceof Float64Array ? x.map((v) => v + 1) : x.numRows))
      .gather()
      .sinkToList();
    await source.emit(Float64Array.from([1, 2]));
    await source.emit(tableFromArrays({ a: Int32Array.from([1, 2, 3]) }));
    assert.deepEqual(out, [Float64Array.from([2, 3]), 3]);
    source.destroy();
  });

  it("fails an element that cannot be sent with a clear error, and only that one (no retries)", async (t) => {
    const source = new Stream<unknown>();
    t.after(() => source.destroy());
    const out = source
      .scatter({ redis: cluster.redis.url, queue: "basics" })
      .map((x: unknown) => typeof x)
      .gather()
      .sinkToList();
    const settled = await Promise.allSettled([1, { f: () => 1 }, "s"].map((x) => Promise.resolve(source.emit(x)))); // one burst: one job first
    assert.deepEqual(
      settled.map((s) => s.status),
      ["fulfilled", "rejected", "fulfilled"],
    );
    assert.match(
      String((settled[1] as PromiseRejectedResult).reason),
      /map failed on element .*cannot be sent to a worker \(.*could not be cloned/,
    );
    assert.deepEqual(out, ["number", "string"]);
  });

  it("refuses a URL that is not redis://, saying what it expects", () => {
    assert.throws(() => new Stream<number>().scatter({ redis: "http://127.0.0.1:1" }), /expected redis:\/\/host:port/);
  });

  it("reports a throwing function to the emitter, naming the operator", async () => {
    const source = new Stream<string>();
    source
      .scatter({ redis: cluster.redis.url, queue: "basics" })
      .map((s: string) => JSON.parse(s))
      .gather()
      .sinkToList();
    await source.emit("1");
    await assert.rejects(
      Promise.resolve(source.emit("{")),
      (e: unknown) => e instanceof StreamError && /map failed on element "\{"/.test(e.message) && /SyntaxError/.test(e.message),
    );
    source.destroy();
  });
});
