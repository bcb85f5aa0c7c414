/**
 * issue 17, "explore a live chart without losing it": a summarised chart shown in two cells is one
 * model with two views. Each view's zoomed range is its own (answered and refreshed with its view id,
 * cleared alone), the summary is cut for the largest plot among the views, and a view that is gone or
 * forgotten no longer counts. A page that sends no view id is one anonymous view, as before.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import type { RangeReply } from "@streamz-ts/protocol";
import { MAX_VIEWS, type CellsStore, type SummaryStore } from "../src/decimate";
import type { VegaChart } from "../src/chart";
import { fakeKernelPerTest, type Sent } from "./fake-kernel";

const enc = { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } };

/** The range replies the chart sent from message `from` on. */
const repliesOf = (sent: Sent[], id: string, from: number): RangeReply[] =>
  sent
    .slice(from)
    .filter((m) => m.content.comm_id === id && m.content.data?.content?.type === "range_rows")
    .map((m) => m.content.data.content as RangeReply);

/** Each reply as `view:x0:rows_in_range` (the count takes in the row just before the range too). */
const brief = (replies: RangeReply[]): string[] => replies.map((r) => `${r.view ?? "-"}:${r.x0}:${r.rows_in_range}`);

describe("several views of one summarised chart", () => {
  const fake = fakeKernelPerTest();

  /** A line chart of 10,000 rows (t = 0 .. 9999), and a feed of more rows at `t`. */
  async function lineChart() {
    const [kernel, sent, clock] = [fake.kernel(), fake.sent(), fake.clock()];
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "line", encoding: enc }, { backlog: 100_000 }) as VegaChart<unknown>;
    const store = (chart as unknown as { store: SummaryStore }).store;
    const feed = async (t0: number, n: number) => {
      for (let t = t0; t < t0 + n; t++) s.emit({ t, y: t % 7 });
      await clock.advance(500);
    };
    await feed(0, 10_000);
    const say = (content: Record<string, unknown>) => kernel.deliver(chart.id, { method: "custom", content });
    return { sent, chart, store, feed, say };
  }

  it("each view's range is answered, refreshed and cleared on its own, even with the same request id", async () => {
    const { sent, chart, feed, say } = await lineChart();
    let from = sent.length;
    // both views' first request is number 1, for ranges just past the live edge
    say({ type: "range", id: 1, x0: 10_000, x1: 10_049, width: 800, view: "a" });
    say({ type: "range", id: 1, x0: 10_100, x1: 10_149, width: 800, view: "b" });
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), ["a:10000:1", "b:10100:1"]);
    // rows arrive in a's range: a is answered again, b is not
    from = sent.length;
    await feed(10_000, 20);
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), ["a:10000:21"]);
    // rows arrive in b's range: b is answered (b's request did not replace a's watch, nor a's b's)
    from = sent.length;
    await feed(10_100, 20);
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), ["b:10100:21"]);
    // a follows the live edge again: b's range is still watched
    say({ type: "range_clear", view: "a" });
    from = sent.length;
    await feed(10_120, 10);
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), ["b:10100:31"]);
    // b is gone: nothing is answered any more
    say({ type: "view_gone", view: "b" });
    from = sent.length;
    await feed(10_130, 10);
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), []);
  });

  it("a message without a view id is one anonymous view (an older page), answered without one", async () => {
    const { sent, chart, feed, say } = await lineChart();
    let from = sent.length;
    say({ type: "range", id: 4, x0: 10_000, x1: 10_049, width: 800 });
    say({ type: "range", id: 1, x0: 10_000, x1: 10_049, width: 800, view: "a" });
    const first = repliesOf(sent, chart.id, from);
    assert.deepEqual(
      first.map((r) => [r.id, "view" in r]),
      [
        [4, false],
        [1, true],
      ],
    );
    say({ type: "range_clear" });
    from = sent.length;
    await feed(10_000, 5);
    assert.deepEqual(brief(repliesOf(sent, chart.id, from)), ["a:10000:6"]);
  });

  it("refuses a view id that is not a short string, naming what came, and keeps serving the other views", async () => {
    const { sent, chart, feed, say } = await lineChart();
    say({ type: "range", id: 1, x0: 10_000, x1: 10_049, width: 800, view: "a" });
    const from = sent.length;
    say({ type: "range", id: 2, x0: 10_000, x1: 10_049, width: 800, view: 7 });
    say({ type: "view_width", width: 900, view: "x".repeat(10_000) });
    const errors = sent
      .slice(from)
      .filter((m) => m.content.comm_id === chart.id && m.content.data?.content?.type === "error")
      .map((m) => m.content.data.content.message as string);
    assert.deepEqual(errors, [
      "chart: a view id must be a string of at most 128 characters, got 7",
      "chart: a view id must be a string of at most 128 characters, got a string of 10000 characters",
    ]);
    const after = sent.length;
    await feed(10_000, 5);
    assert.deepEqual(brief(repliesOf(sent, chart.id, after)), ["a:10000:6"], "view a still answered");
  });

  it("cuts the summary for the widest view, and again when that view is gone", async () => {
    const { store, say } = await lineChart();
    say({ type: "view_width", width: 1600, height: 300, view: "wide" });
    say({ type: "view_width", width: 800, height: 300, view: "narrow" });
    assert.equal(store.buckets.width, 1600, "the narrow view spoke last; the cut is still the wide one's");
    say({ type: "view_gone", view: "wide" });
    assert.equal(store.buckets.width, 800, "the wide view is gone: cut for the one left");
    // an older page's view, without an id, counts as one more view
    say({ type: "view_width", width: 1000 });
    assert.equal(store.buckets.width, 1000);
  });

  it("a scatter's grid is cut for the largest width and the largest height among the views", async () => {
    const [kernel, clock] = [fake.kernel(), fake.clock()];
    const s = new Stream<{ t: number; y: number }>({ scheduler: clock });
    const chart = s.chart({ mark: "point", encoding: enc }, { backlog: 100_000 }) as VegaChart<unknown>;
    const store = (chart as unknown as { store: CellsStore }).store;
    const say = (content: Record<string, unknown>) => kernel.deliver(chart.id, { method: "custom", content });
    say({ type: "view_width", width: 1200, height: 300, view: "a" });
    say({ type: "view_width", width: 600, height: 500, view: "b" });
    assert.deepEqual(store.grid.size, { width: 1200, height: 500 });
    say({ type: "view_gone", view: "a" });
    assert.deepEqual(store.grid.size, { width: 600, height: 500 });
  });

  it(`keeps at most ${MAX_VIEWS} views, forgetting the one heard from least recently`, async () => {
    const { store, say } = await lineChart();
    say({ type: "view_width", width: 2000, view: "first" });
    for (let v = 0; v < MAX_VIEWS - 1; v++) say({ type: "view_width", width: 500, view: `v${v}` });
    assert.equal(store.buckets.width, 2000);
    say({ type: "view_width", width: 500, view: "one more" });
    assert.equal(store.buckets.width, 500, "the first view was forgotten: its width no longer counts");
  });
});
