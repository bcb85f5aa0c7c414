/**
 * A chart of a million points in the real Lab (issue 17): the kernel keeps 1,000,000 rows and sends
 * their per-pixel M4 summary; the chart draws the same extremes as the data (read from Vega's data and
 * from the canvas's pixels), an update of 10,000 new rows stays small, and zooming in on a spike brings
 * that range at full resolution from the kernel with the spike still there.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openNotebook, runAllCells, scrollToCell } from "./support/notebook-page.cjs";
import { startLabWithCells } from "./support/lab-server.cjs";

const SPIKE_T = 654_321;
const CELLS = [
  [
    'import { Stream } from "@streamz-ts/core";',
    'import "@streamz-ts/widgets";',
    "const walk = new Stream<{ t: number; y: number }>();",
    "let t = 0, y = 0, seed = 1, lo = Infinity, hi = -Infinity;",
    "const step = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;",
    "function feed(n: number): void {",
    `  for (let i = 0; i < n; i++, t++) { y += step(); const v = t === ${SPIKE_T} ? y + 5000 : t === 222222 ? y - 5000 : y; lo = Math.min(lo, v); hi = Math.max(hi, v); walk.emit({ t, y: v }); }`,
    "}",
    'walk.chart({ mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }, { backlog: 1_000_000 })',
  ].join("\n"),
  "feed(1_000_000);\nJSON.stringify({ lo, hi })",
];

let session;
let page;

before(async () => {
  session = await startLabWithCells("millions.ipynb", CELLS);
  page = session.page;
  await page.setViewportSize({ width: 1200, height: 900 });
});

after(async () => {
  await session?.stop();
});

/** The chart's latest metrics record of `kind` that has a summary probe. */
const latest = (kind) =>
  page.evaluate((kind) => globalThis[Symbol.for("streamz-ts.metrics")].filter((r) => r.kind === kind && r.summary).at(-1), kind);

/** Waits for a chart record of `kind` whose drawn data reach `lo` and `hi`. */
const drawnExtremes = (kind, lo, hi) =>
  page.waitForFunction(
    ({ kind, lo, hi }) =>
      globalThis[Symbol.for("streamz-ts.metrics")].some((r) => r.kind === kind && r.summary?.min === lo && r.summary?.max === hi),
    { kind, lo, hi },
    { timeout: 60000, polling: 200 },
  );

/** The topmost and bottommost canvas rows (CSS px) inside the plot holding a pixel of the line's colour. */
const linePixels = (plot) =>
  page.evaluate((plot) => {
    const el = document.querySelector(".jp-StreamzChart");
    const canvas = el.querySelector("canvas");
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const accent = getComputedStyle(el).getPropertyValue("--jp-brand-color1").trim() || "#1976d2";
    const probe = document.createElement("canvas").getContext("2d");
    probe.fillStyle = accent;
    probe.fillRect(0, 0, 1, 1);
    const [r0, g0, b0] = probe.getImageData(0, 0, 1, 1).data;
    const x = Math.round(plot.left * ratio);
    const w = Math.round(plot.width * ratio);
    const img = canvas.getContext("2d").getImageData(x, 0, w, canvas.height).data;
    let top = Infinity;
    let bottom = -Infinity;
    for (let row = 0; row < canvas.height; row++) {
      for (let col = 0; col < w; col++) {
        const i = (row * w + col) * 4;
        // the line's colour, also where anti-aliasing made it faint (a spike's tip is one pixel wide):
        // closer to the accent than to grey, which the grid and axes are drawn in
        const a = img[i + 3] / 255;
        const grey = (img[i] + img[i + 1] + img[i + 2]) / 3;
        const towards = (img[i] - grey) * (r0 - (r0 + g0 + b0) / 3) + (img[i + 2] - grey) * (b0 - (r0 + g0 + b0) / 3);
        if (a > 0.1 && towards > 100) {
          top = Math.min(top, row / ratio);
          bottom = Math.max(bottom, row / ratio);
          break;
        }
      }
    }
    return { top, bottom };
  }, plot);

test("a million-point line chart draws the data's extremes; zooming in brings the raw rows", { timeout: 300000 }, async (t) => {
  await openNotebook(page, session.lab, "millions.ipynb");
  const run = await runAllCells(page, { timeout: 240000 });
  assert.equal(run.ok, true, run.error);
  const said = await page.evaluate(() =>
    String(window.jupyterapp.shell.currentWidget.content.widgets[1].model.outputs.toJSON()[0]?.data?.["text/plain"]),
  );
  const [, lo, hi] = /"lo":([-\d.e+]+),"hi":([-\d.e+]+)/.exec(said).map(Number);
  assert.ok(hi > 4000 && lo < -4000, `the spikes are the extremes: ${lo}, ${hi}`);
  await scrollToCell(page, 0);
  await drawnExtremes("vegaChart", lo, hi);
  const drawn = await latest("vegaChart");
  assert.ok(drawn.summary.rows < 20_000, `Vega holds a summary, not a million rows: ${drawn.summary.rows}`);
  // The raster: the line's highest and lowest pixels are where the y scale puts the data's extremes.
  const pixels = await linePixels(drawn.summary.plot);
  assert.ok(
    Math.abs(pixels.top - drawn.summary.top) <= 2,
    `top pixel ${pixels.top} vs max at ${drawn.summary.top}: ${JSON.stringify({ pixels, probe: drawn.summary })}`,
  );
  assert.ok(Math.abs(pixels.bottom - drawn.summary.bottom) <= 2, `bottom pixel ${pixels.bottom} vs min at ${drawn.summary.bottom}`);

  // 10,000 more rows: one small update (the buckets that changed and left), extremes still drawn.
  const seq = Number(await page.evaluate(() => document.querySelector(".jp-StreamzChart").dataset.seq));
  await page.evaluate(
    () => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestExecute({ code: "feed(10_000)" }).done,
  );
  await page.waitForFunction((seq) => Number(document.querySelector(".jp-StreamzChart").dataset.seq) > seq, seq, { timeout: 30000 });
  const update = await latest("vegaChart");
  assert.ok(update.bytes <= 64 * 1024, `an update of 10,000 rows into a million is ${update.bytes} bytes`);

  // Zoom in on the spike with the wheel: the kernel sends that range, the spike is still drawn.
  const { plot } = update.summary;
  const box = await page.locator(".jp-StreamzChart canvas").first().boundingBox();
  const at = { x: box.x + plot.left + ((SPIKE_T - plot.x0) / (plot.x1 - plot.x0)) * plot.width, y: box.y + plot.top + plot.height / 2 };
  await page.mouse.move(at.x, at.y);
  // each -800 wheel step zooms about 2.2x (Vega-Lite's 1.001^delta): 8 steps show about 1,700 of the million,
  // fewer than 4 a pixel: the raw rows
  for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -800);
  await page.waitForFunction(() => document.querySelector(".jp-StreamzChart").dataset.detail?.startsWith("raw:"), null, {
    timeout: 60000,
    polling: 200,
  });
  const zoomed = await latest("vegaChartRange");
  const domain = zoomed.xAxis.domain;
  assert.ok(domain[0] <= SPIKE_T && SPIKE_T <= domain[1] && domain[1] - domain[0] < 20_000, `zoomed on the spike: ${domain}`);
  assert.equal(zoomed.summary.max, hi, "the spike, from the raw rows");
  // Every message at most 64 KB: the whole pictures (the first, and after the view said its width) in pieces.
  const sent = await page.evaluate(() =>
    globalThis[Symbol.for("streamz-ts.metrics")]
      .filter((r) => r.kind === "vegaChart" || r.kind === "vegaChartRange")
      .map((r) => ({ kind: r.kind, seq: r.seq, bytes: r.bytes, pieces: r.pieces, pieceBytes: r.pieceBytes, ms: Math.round(r.ms) })),
  );
  for (const m of sent) assert.ok(m.pieceBytes <= 65_536, `a message of ${m.pieceBytes} bytes: ${JSON.stringify(m)}`);
  t.diagnostic(`updates in pieces: ${JSON.stringify(sent.filter((m) => m.pieces > 1))}`);
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown());
});
