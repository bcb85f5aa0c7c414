import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualScheduler } from "@streamz-ts/core";
import { chartSpec, Random, type Row } from "../src";

describe("Random", () => {
  it("emits, every interval, the rows due at freq since the last tick", async () => {
    const clock = new VirtualScheduler(1_000);
    const sdf = new Random({ freq: "100ms", interval: "500ms", seed: 1, scheduler: clock });
    const out: Row[][] = sdf.toRows().sinkToList();
    sdf.start();
    await clock.advance(1_000);
    sdf.stop();
    await sdf.source.finished;
    await clock.advance(1_000);
    assert.equal(out.length, 2, "two ticks, then stopped");
    const rows = out.flat();
    assert.deepEqual(
      rows.map((r) => r.time),
      [1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000],
    );
    for (const r of rows) {
      assert.ok((r.x as number) >= 0 && (r.x as number) < 1);
      assert.ok(Number.isInteger(r.y) && (r.y as number) >= 0);
      assert.ok(typeof r.z === "number" && Number.isFinite(r.z));
      assert.ok(["Alice", "Bob", "Charlie", "Dan", "Edith"].includes(r.name as string));
    }
    assert.deepEqual(
      sdf.fields.map((f) => `${f.name}:${f.dtype}`),
      ["time:timestamp", "name:string", "x:float", "y:int", "z:float"],
    );
  });

  it("repeats its data for a seed, and differs across seeds", () => {
    const clock = new VirtualScheduler(0);
    const [a, b, c] = [7, 7, 8].map((seed) => new Random({ seed, scheduler: clock }).source.frame(1_000));
    assert.equal(a!.length, 10);
    assert.deepEqual(a!.toColumns().x, b!.toColumns().x);
    assert.notDeepEqual(a!.toColumns().x, c!.toColumns().x);
  });

  it("feeds a filtered group-by", async () => {
    const clock = new VirtualScheduler(0);
    const sdf = new Random({ freq: "10ms", interval: "100ms", seed: 3, scheduler: clock });
    const rows = sdf.toRows().sinkToList();
    const means = sdf.filter(sdf.get("x").gt(0.5)).groupby("name").get("z").mean().toRows().sinkToList();
    sdf.start();
    await clock.advance(1_000);
    sdf.stop();
    const kept = rows.flat().filter((r) => (r.x as number) > 0.5);
    const last = means.at(-1)!;
    for (const g of last) {
      const zs = kept.filter((r) => r.name === g.name).map((r) => r.z as number);
      assert.ok(Math.abs((g.z as number) - zs.reduce((s, v) => s + v, 0) / zs.length) < 1e-12, `mean z of ${String(g.name)}`);
    }
    assert.equal(last.length, new Set(kept.map((r) => r.name)).size);
  });
});

describe("plot specs", () => {
  const fields = new Random({ seed: 1 }).fields;

  it("types fields by column type: time temporal, numbers quantitative, strings nominal", () => {
    const spec = chartSpec("line", fields, "time", "x", { title: "x over time" });
    assert.deepEqual(spec.mark, { type: "line" });
    assert.deepEqual(spec.encoding, {
      x: { field: "time", type: "temporal" },
      y: { field: "x", type: "quantitative" },
    });
    assert.equal(spec.title, "x over time");
    assert.equal(spec.data, undefined, "the widget names the streamed data set");
    assert.equal(spec.width, undefined, "the width follows the output area");
    assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v6.json", "the bundled Vega-Lite's schema");
  });

  it("folds several y columns into one coloured series each", () => {
    const spec = chartSpec("area", fields, "time", ["x", "z"]);
    assert.deepEqual(spec.transform, [{ fold: ["x", "z"], as: ["column", "value"] }]);
    assert.deepEqual((spec.encoding as Record<string, unknown>).color, { field: "column", type: "nominal" });
  });

  it("makes bars nominal along x and scatter plots of filled points", () => {
    assert.deepEqual((chartSpec("bar", fields, "y", "x").encoding as { x: unknown }).x, { field: "y", type: "nominal" });
    assert.deepEqual(chartSpec("scatter", fields, "x", "z").mark, { type: "point", filled: true });
  });

  it("names a column that is not there", () => {
    assert.throws(() => chartSpec("line", fields, "time", "w"), /y column "w" is not in the frame \(columns: time, name, x, y, z\)/);
    assert.throws(() => chartSpec("line", fields, "t", "x"), /x column "t" is not in the frame/);
  });

  it("plots through the widgets package, which needs the kernel", () => {
    const sdf = new Random({ seed: 1 });
    assert.deepEqual(sdf.plot.spec("line", "time", "x"), chartSpec("line", fields, "time", "x"));
    assert.throws(() => sdf.plot.line("time", "x", { backlog: 100 }), /stream\.chart\(\) needs the streamz-ts Jupyter kernel/);
    assert.throws(() => sdf.plot.table({ rows: 5 }), /stream\.table\(\) needs the streamz-ts Jupyter kernel/);
  });
});

describe("display", () => {
  it("describes a streaming frame and series in one line outside the kernel", async () => {
    const { DISPLAY } = await import("@streamz-ts/protocol");
    const { inspect } = await import("node:util");
    const sdf = new Random({ seed: 1 });
    const expected = "StreamingDataFrame(time: timestamp, name: string, x: float, y: int, z: float)";
    assert.deepEqual((sdf as unknown as Record<symbol, () => unknown>)[DISPLAY]!(), { "text/plain": expected });
    assert.equal(inspect(sdf), expected);
    assert.equal(inspect(sdf.get("x").gt(0)), "StreamingSeries(x: bool)");
  });
});

describe("Random on the real clock", () => {
  it("stamps rows with wall-clock time", () => {
    const source = new Random({ seed: 2 }).source;
    const before = Date.now();
    const f = source.frame(source.scheduler.now() + 1_000);
    const times = f.toColumns().time as number[];
    assert.equal(times.length, 10);
    assert.ok(Math.abs(times[0]! - (before + 100)) < 1_000, `${times[0]} is about now + 100 ms (${before + 100})`);
  });
});
