/**
 * What `.plot` shows for streaming frames, read through a fake frontend that applies each batch as the
 * views do: a group-by is a whole state per frame, so its bar chart and table show exactly the latest
 * result (one row per key, keys that appear late included), and the wire carries only the rows that
 * changed; event frames append.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { tableFromArrays } from "apache-arrow";
import { Stream, VirtualScheduler } from "@streamz-ts/core";
import { liveModels } from "@streamz-ts/widgets";
import { Random, StreamingDataFrame } from "../src";
import { installFakeFrontend, type FakeView } from "./fake-frontend";

let fake: ReturnType<typeof installFakeFrontend>;
let clock: VirtualScheduler;

beforeEach(() => {
  fake = installFakeFrontend();
  clock = new VirtualScheduler(0);
});
afterEach(() => {
  for (const m of [...liveModels().values()]) m.close();
  fake.uninstall();
});

const frame = (name: string[], x: number[]) => tableFromArrays({ name, x: Float64Array.from(x) });

function source() {
  const s = new Stream<ReturnType<typeof frame>>({ scheduler: clock });
  const sdf = new StreamingDataFrame(s, { example: frame(["a"], [0]) });
  return { s, sdf };
}

const only = (): FakeView => {
  assert.equal(fake.views.size, 1);
  return [...fake.views.values()][0]!;
};

describe("group-by plots", () => {
  it("a bar chart of a group-by sum shows one bar per key with its latest total, keys that appear late included", async () => {
    const { s, sdf } = source();
    sdf.groupby("name").get("x").sum().plot.bar("name", "x");
    const view = only();
    s.emit(frame(["a", "b"], [1, 2]));
    await clock.advance(500);
    s.emit(frame(["a", "b", "a"], [1, 1, 1]));
    await clock.advance(500);
    s.emit(frame(["c"], [5])); // a key that appears late
    await clock.advance(500);
    s.emit(frame(["a"], [10]));
    await clock.advance(500);
    const shown = view.held
      .rows()
      .map((r) => [r.name, r.x])
      .sort();
    assert.deepEqual(shown, [
      ["a", 13],
      ["b", 3],
      ["c", 5],
    ]);
  });

  it("sends only the rows that changed", async () => {
    const { s, sdf } = source();
    sdf.groupby("name").get("x").sum().plot.bar("name", "x");
    const view = only();
    s.emit(frame(["a", "b", "c"], [1, 2, 3]));
    await clock.advance(500);
    s.emit(frame(["b"], [1]));
    await clock.advance(500);
    const last = view.updates.at(-1)!;
    assert.deepEqual(last.rows, [{ name: "b", x: 3 }], "only b's total changed");
    s.emit(frame(["b"], [0]));
    await clock.advance(500);
    assert.equal(view.updates.at(-1), last, "an unchanged result sends nothing");
  });

  it("a group-by table lists its keys in key order, numbered from 0", async () => {
    const { s, sdf } = source();
    sdf.groupby("name").get("x").mean().plot.table();
    const view = only();
    s.emit(frame(["b", "c"], [1, 2]));
    await clock.advance(500);
    s.emit(frame(["a"], [1]));
    await clock.advance(500);
    assert.equal(view.state.order, "key");
    assert.deepEqual(view.state.key, ["name"]);
    assert.deepEqual(
      view.held
        .rows()
        .map((r) => r.name)
        .sort(),
      ["a", "b", "c"],
    );
  });
});

describe("event frames", () => {
  it("a line chart appends each frame's rows, keeping the backlog", async () => {
    const { s, sdf } = source();
    sdf.plot.line("x", "x", { backlog: 4 });
    const view = only();
    s.emit(frame(["a", "b", "c"], [1, 2, 3]));
    await clock.advance(500);
    s.emit(frame(["d", "e"], [4, 5]));
    await clock.advance(500);
    assert.equal(view.state.mode, "append");
    assert.deepEqual(
      view.held.rows().map((r) => r.x),
      [2, 3, 4, 5],
    );
    assert.deepEqual(view.updates.at(-1)!.rows, [
      { name: "d", x: 4 },
      { name: "e", x: 5 },
    ]);
  });

  it("a table of raw frames shows the newest rows across frames, newest first", async () => {
    const { s, sdf } = source();
    sdf.plot.table({ rows: 3 });
    const view = only();
    s.emit(frame(["a", "b"], [1, 2]));
    await clock.advance(500);
    s.emit(frame(["c", "d"], [3, 4]));
    await clock.advance(500);
    assert.equal(view.state.order, "newest");
    assert.deepEqual(
      view.held.rows().map((r) => r.name),
      ["b", "c", "d"],
    );
  });
});

describe("types on the wire", () => {
  it("a table of Random frames sends time as a timestamp, y as an int and name as a dictionary string", async () => {
    const live = new Random({ freq: "10ms", interval: "100ms", seed: 1, scheduler: clock });
    live.plot.table({ rows: 5 });
    const view = only();
    live.start();
    await clock.advance(600);
    live.stop();
    assert.deepEqual(view.types, {
      time: "Timestamp<MILLISECOND>",
      name: "Dictionary<Int32, Utf8>",
      x: "Float64",
      y: "Int32",
      z: "Float64",
    });
    const newest = view.held.newest()!;
    assert.equal(typeof newest.time, "number");
    assert.ok(Number.isInteger(newest.y));
  });
});

describe("timestamps from a real clock", () => {
  it("a frame whose times have fractions of a millisecond (performance.now) still shows, rounded to the ms", async () => {
    const live = new Random({ freq: "10ms", interval: "100ms", seed: 2, scheduler: clock, epoch: 1_704_110_411_000.25 });
    live.plot.table({ rows: 3 });
    const view = only();
    live.start();
    await clock.advance(300);
    live.stop();
    await clock.advance(500); // the widget's next update
    assert.equal(view.held.size, 3, "the rows arrived (the conversion did not throw)");
    assert.ok(view.held.rows().every((r) => Number.isInteger(r.time)));
  });
});
