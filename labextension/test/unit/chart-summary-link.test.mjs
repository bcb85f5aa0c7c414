/**
 * A summarised chart shown in two cells, without a browser: one model, two views, each with its own
 * link. The model hands every custom message to both views, and both views' first range request is
 * number 1: a link takes only the replies that carry its own view id, so a view never draws rows
 * answered for the other view's range. A disposed link tells the kernel its view is gone.
 */
import assert from "node:assert/strict";
import { register } from "node:module";
import { describe, it } from "node:test";
import { tableToIPC, tableFromArrays } from "apache-arrow";

// the built modules import their siblings without an extension (the extension's bundler resolves
// them); Node's ESM loader needs one, added here for this test only
register(
  "data:text/javascript," +
    encodeURIComponent(
      'export async function resolve(s, c, next) { try { return await next(s, c); } catch (e) { if (s.startsWith(".") && !s.endsWith(".js")) return next(s + ".js", c); throw e; } }',
    ),
);
const { SummaryLink } = await import("../../dist/src/chart-summary-link.js");

/** A widget model as a link uses it: custom messages out (kept), and in to every listener. */
function fakeModel() {
  const listeners = [];
  return {
    sent: [],
    on(event, fn, ctx) {
      listeners.push({ event, fn, ctx });
    },
    off(event, fn, ctx) {
      const at = listeners.findIndex((l) => l.event === event && l.fn === fn && l.ctx === ctx);
      if (at >= 0) listeners.splice(at, 1);
    },
    send(content) {
      this.sent.push(content);
    },
    /** The kernel's custom message, as each view of the model receives it. */
    receive(content, buffers) {
      for (const l of listeners.filter((l) => l.event === "msg:custom")) l.fn.call(l.ctx, content, buffers);
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

/** A range reply for `view`'s request `id`, with its rows as Arrow bytes. */
function reply(view, id, x0, x1) {
  const bytes = tableToIPC(tableFromArrays({ x: Float64Array.from([x0, x1]), y: Float64Array.from([1, 2]) }), "stream");
  const content = { type: "range_rows", id, x0, x1, raw: true, rows: 2, rows_in_range: 2, view };
  return [content, [new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)]];
}

describe("SummaryLink with two views of one model", () => {
  it("takes only its own view's replies, even when the request ids are equal", async () => {
    const model = fakeModel();
    const drawn = { a: [], b: [] };
    const a = new SummaryLink(
      model,
      (rows, r) => drawn.a.push(r.x0),
      () => false,
    );
    const b = new SummaryLink(
      model,
      (rows, r) => drawn.b.push(r.x0),
      () => false,
    );
    a.setSize(800, 300);
    b.setSize(1200, 400);
    a.explored(0, 10);
    b.explored(500, 600);
    await settle();
    // the kernel answers b first: a sees it (same id 1) and leaves it
    model.receive(...reply(b.view, 1, 500, 600));
    assert.deepEqual(drawn, { a: [], b: [500] });
    model.receive(...reply(a.view, 1, 0, 10));
    assert.deepEqual(drawn, { a: [0], b: [500] });
    // each message names its view, and both views' first request is number 1
    assert.notEqual(a.view, b.view);
    const requests = model.sent.filter((m) => m.type === "range");
    assert.deepEqual(
      requests.map((m) => [m.view, m.id, m.x0]),
      [
        [a.view, 1, 0],
        [b.view, 1, 500],
      ],
    );
    assert.deepEqual(
      model.sent.filter((m) => m.type === "view_width").map((m) => m.view),
      [a.view, b.view],
    );
    // a disposed view stops its range and says it is gone; b carries on
    a.dispose();
    assert.deepEqual(
      model.sent.slice(-2).map((m) => [m.type, m.view]),
      [
        ["range_clear", a.view],
        ["view_gone", a.view],
      ],
    );
    model.receive(...reply(b.view, 1, 500, 600));
    assert.deepEqual(drawn, { a: [0], b: [500, 500] });
    b.dispose();
  });
});
