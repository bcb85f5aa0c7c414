/**
 * Event-time windows against the direct computation of event-oracle.ts over random out-of-order
 * streams (rows up to 10 s late, rows without a time, empty frames): the same windows fire after the
 * same frame, in the same order, with the same rows; the same rows are late; the watermark after every
 * frame is the same. Per-window group-by results equal pandas over each window's rows (values within
 * 1e-9 relative, NaN equal to NaN; groups exact). Early firing runs on a virtual clock.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Stream, VirtualScheduler } from "@streamz-ts/core";
import { StreamingDataFrame, type ColumnFrame, type EventWindowOptions, type FrameInput, type Row } from "../src";
import { near, noPandas, pandasBatch } from "./helpers";
import { eventStream, eventTable, expected, type EventFrame, type Expected, type Fired, type Shape } from "./event-oracle";

const SEEDS = 12;
const AGGS = ["sum", "mean", "count", "max", "std"] as const;
const CASES: { name: string; options: EventWindowOptions; shape: Shape; lateness: number }[] = [
  {
    name: "tumbling 2 s, allowedLateness 1 s",
    options: { size: "2s", allowedLateness: "1s" },
    shape: { size: 2000, slide: 2000 },
    lateness: 1000,
  },
  { name: "tumbling 1 s, no lateness", options: { size: 1000 }, shape: { size: 1000, slide: 1000 }, lateness: 0 },
  {
    name: "hopping 3 s every 1 s, allowedLateness 500 ms",
    options: { size: "3s", slide: "1s", allowedLateness: 500 },
    shape: { size: 3000, slide: 1000 },
    lateness: 500,
  },
  {
    name: "sessions with a 700 ms gap, allowedLateness 1.5 s",
    options: { gap: 700, allowedLateness: "1500ms" },
    shape: { gap: 700 },
    lateness: 1500,
  },
];

const ids = (f: ColumnFrame) => Array.from((f.column("id") as { values: ArrayLike<number> }).values);
const EMPTY: EventFrame = { id: [], time: [], k: [], x: [] };

/** Runs one stream through `eventWindow(options)`, recording after which frame each output came. */
function run(frames: readonly EventFrame[], options: EventWindowOptions) {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: eventTable(EMPTY) });
  const ew = sdf.eventWindow(options);
  let frame = 0;
  const fired: Fired[] = [];
  ew.windows.frames.sink((f) => {
    const start = f.column("window_start") as { values: ArrayLike<number> };
    const end = f.column("window_end") as { values: ArrayLike<number> };
    fired.push({ frame, start: start.values[0]!, end: end.values[0]!, ids: ids(f).sort((a, b) => a - b) });
  });
  const late: number[] = [];
  ew.late.frames.sink((f) => late.push(...ids(f)));
  const watermarks = ew.watermark.sinkToList();
  const results = Object.fromEntries(AGGS.map((agg) => [agg, ew.groupby("k").get("x").agg(agg).toRows().sinkToList()]));
  frames.forEach((f, j) => {
    frame = j;
    source.emit(eventTable(f));
  });
  frame = frames.length;
  ew.flush();
  return { fired, late, watermarks, results };
}

for (const c of CASES) {
  describe(`event time, ${c.name}: random out-of-order streams`, () => {
    const streams = Array.from({ length: SEEDS }, (_, s) => eventStream(100 * s + c.name.length));
    const runs = streams.map((frames) => run(frames, c.options));
    const want: Expected[] = streams.map((frames) => expected(frames, c.shape, c.lateness));

    it("fires the windows the rules say, after the frame that moves the watermark past their end, with their rows", () => {
      let windows = 0;
      runs.forEach((r, s) => {
        const w = want[s]!;
        const sorted = (f: Fired) => ({ ...f, ids: [...f.ids].sort((a, b) => a - b) });
        assert.deepEqual(r.fired, [...w.fired, ...w.flushed].map(sorted), `stream ${s}`);
        windows += r.fired.length;
      });
      assert.ok(windows > 3 * SEEDS, `windows compared: ${windows}`);
    });

    it("sends the rows the rules call late to the late stream, and only those", () => {
      let late = 0;
      runs.forEach((r, s) => {
        assert.deepEqual(
          [...r.late].sort((a, b) => a - b),
          [...want[s]!.late].sort((a, b) => a - b),
          `stream ${s}`,
        );
        late += r.late.length;
      });
      assert.ok(late > SEEDS, `late rows: ${late}`);
    });

    it("moves the watermark to the largest time seen minus allowedLateness after each frame", () => {
      runs.forEach((r, s) => assert.deepEqual(r.watermarks, want[s]!.watermarks, `stream ${s}`));
    });

    describe("per-window group-by", { skip: noPandas }, () => {
      let pandasOut: Record<string, any>[] = [];
      before(() => {
        pandasOut = pandasBatch(
          streams.map((frames, s) => {
            const rows = new Map(frames.flatMap((f) => f.id.map((id, i) => [id, { k: f.k[i]!, x: f.x[i]! }] as const)));
            const fired = [...want[s]!.fired, ...want[s]!.flushed];
            const w = fired.flatMap((f, i) => f.ids.map(() => i));
            const all = fired.flatMap((f) => f.ids.map((id) => rows.get(id)!));
            const final = Object.fromEntries(AGGS.map((agg) => [agg, `df.groupby(['w', 'k']).x.${agg}()`]));
            return {
              frames: [{ w, k: all.map((r) => r.k), x: all.map((r) => r.x) }],
              dtypes: { w: "int64", k: "object", x: "float64" },
              final,
            };
          }),
        );
      });
      it("equals pandas' group-by of each window's rows, window columns in front", () => {
        runs.forEach((r, s) => {
          for (const agg of AGGS) {
            const out: Row[][] = r.results[agg]!;
            const w = pandasOut[s]![agg] as { index: [number, string][]; values: (number | null)[] };
            assert.equal(out.length, r.fired.length, `stream ${s} ${agg}: one result per window`);
            const got = out.flatMap((rows, i) => rows.map((row) => ({ row, i })));
            assert.deepEqual(
              got.map(({ row, i }) => [i, row.k]),
              w.index,
              `stream ${s} ${agg}: groups`,
            );
            got.forEach(({ row, i }, j) => {
              assert.equal(row.window_start, r.fired[i]!.start);
              assert.equal(row.window_end, r.fired[i]!.end);
              assert.equal(row.final, true);
              near(row.x as number, w.values[j]!, `stream ${s} ${agg} window ${i} k=${String(row.k)}`);
            });
          }
        });
      });
    });
  });
}

describe("event time: the boundaries", () => {
  const t0 = 1_700_000_000_000;
  const frame = (ts: number[], from = 0) =>
    eventTable({ id: ts.map((_, i) => from + i), time: ts.map((t) => t0 + t), k: ts.map(() => "a"), x: ts.map(() => 1) });
  const lateIds = (options: EventWindowOptions, first: number[], then: number[]) => {
    const source = new Stream<FrameInput>();
    const ew = new StreamingDataFrame(source, { example: eventTable(EMPTY) }).eventWindow(options);
    const late: number[] = [];
    ew.late.frames.sink((f) => late.push(...ids(f)));
    source.emit(frame(first));
    source.emit(frame(then, 100));
    return late;
  };

  it("a window whose end the watermark has reached is closed; a row at the end belongs to the next window", () => {
    // W = t0 + 1500: [t0, t0 + 1000) has fired, so t0 + 999 is late; t0 + 1000 opens [t0 + 1000, t0 + 2000)
    assert.deepEqual(lateIds({ size: 1000 }, [1500], [999, 1000]), [100]);
    assert.deepEqual(lateIds({ size: 1000, allowedLateness: 500 }, [1500], [999, 1000]), [100]);
    assert.deepEqual(lateIds({ size: 1000, allowedLateness: 501 }, [1500], [999, 1000]), []);
  });

  it("a session row is late when t + gap <= watermark", () => {
    assert.deepEqual(lateIds({ gap: 500 }, [1500], [1000, 1001]), [100]);
  });
});

describe("event time: early firing on the stream's clock", () => {
  it("emits provisional results of the open windows that changed, then the final one; an idle stream holds no timer", async () => {
    const clock = new VirtualScheduler();
    const source = new Stream<FrameInput>({ scheduler: clock });
    const sdf = new StreamingDataFrame(source, { example: eventTable(EMPTY) });
    const ew = sdf.eventWindow({ size: "10s", earlyFiring: "1s" });
    const out = ew.size().toRows().sinkToList();
    const t0 = 1_700_000_000_000; // a multiple of 10 s: windows start there
    const frame = (ts: number[]) =>
      eventTable({ id: ts.map((_, i) => i), time: ts.map((t) => t0 + t), k: ts.map(() => "a"), x: ts.map(() => 1) });
    source.emit(frame([100, 200]));
    await clock.advance(1000);
    assert.deepEqual(
      out.flat().map((r) => [r.window_start, r.size, r.final]),
      [[t0, 2, false]],
      "a provisional result after 1 s",
    );
    await clock.advance(3000);
    assert.equal(out.length, 1, "no new rows: nothing to emit");
    source.emit(frame([5000, 12_000])); // the watermark passes t0 + 10 s: the first window is final
    assert.deepEqual(
      out.flat().map((r) => [r.window_start, r.size, r.final]),
      [
        [t0, 2, false],
        [t0, 3, true],
      ],
    );
    await clock.advance(1000);
    assert.deepEqual(
      out.at(-1)!.map((r) => [r.window_start, r.size, r.final]),
      [[t0 + 10_000, 1, false]],
    );
    ew.flush();
    assert.deepEqual(
      out.at(-1)!.map((r) => [r.window_start, r.size, r.final]),
      [[t0 + 10_000, 1, true]],
    );
    await clock.advance(1000);
    assert.equal(clock.pendingTimers, 0, "no open window, no timer");
  });
});

describe("event time: errors name the operator", () => {
  const sdf = new StreamingDataFrame(new Stream<FrameInput>(), { example: eventTable(EMPTY) });
  it("refuses shapes that make no sense and frames without a time column", () => {
    assert.throws(() => sdf.eventWindow({}), /eventWindow\(\): needs size .* or gap/);
    assert.throws(() => sdf.eventWindow({ size: "1s", gap: "1s" }), /eventWindow\(size: "1s", gap: "1s"\): give either gap/);
    assert.throws(() => sdf.eventWindow({ size: "1s", slide: "2s" }), /slide \(2000 ms\) larger than size/);
    assert.throws(() => sdf.eventWindow({ size: -5 }), /size must be a positive duration/);
    assert.throws(() => sdf.eventWindow({ size: "1s", on: "k" }), /column "k" holds strings, not times/);
    const noTime = new StreamingDataFrame(new Stream<FrameInput>(), { example: eventTable(EMPTY).select(["id", "k", "x"]) });
    assert.throws(() => noTime.eventWindow({ size: "1s" }), /eventWindow\(size: "1s"\) needs a time column/);
  });

  it("bounds the open windows", () => {
    const source = new Stream<FrameInput>();
    const s = new StreamingDataFrame(source, { example: eventTable(EMPTY) });
    s.eventWindow({ size: 10, allowedLateness: "1h", maxOpenWindows: 5 }).windows.frames.sink(() => undefined);
    const ts = Array.from({ length: 6 }, (_, i) => 1_700_000_000_000 + 10 * i);
    assert.throws(
      () => source.emit(eventTable({ id: ts.map((_, i) => i), time: ts, k: ts.map(() => "a"), x: ts.map(() => 1) })),
      /eventWindow\(.*\): 6 windows are open holding 6 rows \(maxOpenWindows 5, maxRows 1000000\)/,
    );
    const other = new Stream<FrameInput>();
    new StreamingDataFrame(other, { example: eventTable(EMPTY) })
      .eventWindow({ size: "1h", maxRows: 4 })
      .windows.frames.sink(() => undefined);
    assert.throws(
      () => other.emit(eventTable({ id: ts.map((_, i) => i), time: ts, k: ts.map(() => "a"), x: ts.map(() => 1) })),
      /1 windows are open holding 6 rows \(maxOpenWindows 10000, maxRows 4\)/,
    );
  });
});
