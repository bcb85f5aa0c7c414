/**
 * Scatter charts of a million points in the real Lab (issue 17): the kernel keeps 1,000,000 rows and
 * sends one row per occupied pixel cell, which the view draws as one raster layer over Vega's plot; the
 * chart then covers the same pixels as every point drawn (compared with every point drawn on a canvas of
 * the page at the chart's own scales), with the data's extremes; zooming in brings the raw rows. Every widget message of the chart is at most 64 KB (protocol
 * `SUMMARY_MESSAGE_BYTES`): the whole picture, over a megabyte, comes in pieces drawn at once. And a
 * zoomed view shows the rows that exist now in its range: when its rows leave the backlog and new ones
 * land in it, the kernel sends the range again.
 * STREAMZ_SCREENSHOTS=1 saves the scatter whole and zoomed to a temporary folder (printed), never to
 * tracked files.
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openNotebook, runAllCells, scrollToCell } from "./support/notebook-page.cjs";
import { startLabWithCells } from "./support/lab-server.cjs";

const N = 1_000_000;
const SPIKE_T = 654_321;
/** The points, the same in the kernel and in the page: a wave with noise, one point far above, one far below. */
const POINTS = `function points(n, each) {
  let s = 7;
  const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
  for (let t = 0; t < n; t++) {
    const y = 50 + 30 * Math.sin(t / 40000) + 4 * (u() + u() + u());
    each(t, t === ${SPIKE_T} ? y + 150 : t === 222222 ? y - 120 : y);
  }
}`;
const SPEC = { mark: "circle", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } } };
const CELLS = [
  [
    'import { Stream } from "@streamz-ts/core";',
    'import "@streamz-ts/widgets";',
    "const cloud = new Stream<{ t: number; y: number }>();",
    POINTS.replace("function points(n, each)", "function points(n: number, each: (t: number, y: number) => void)"),
    `cloud.chart(${JSON.stringify(SPEC)}, { backlog: ${N} })`,
  ].join("\n"),
  `let lo = Infinity, hi = -Infinity;\npoints(${N}, (t, y) => { lo = Math.min(lo, y); hi = Math.max(hi, y); cloud.emit({ t, y }); });\nJSON.stringify({ lo, hi })`,
  [
    "// x at random: new rows land anywhere, old ones leave from anywhere",
    "const dots = new Stream<{ x: number; y: number }>();",
    "let seed = 3;",
    "const kept: { x: number; y: number }[] = [];",
    "function spray(n: number, gen: number): void {",
    "  for (let i = 0; i < n; i++) { seed = (seed * 16807) % 2147483647; const r = { x: (seed / 2147483647) * 1000, y: gen * 1000 + (i % 100) }; kept.push(r); dots.emit(r); }",
    "  kept.splice(0, Math.max(0, kept.length - 20_000));",
    "}",
    'const view = dots.chart({ mark: "point", encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }, { backlog: 20_000 });',
    "spray(20_000, 0);",
    "view",
  ].join("\n"),
];

let session;
let page;
const shots = process.env.STREAMZ_SCREENSHOTS === "1" ? mkdtempSync(join(tmpdir(), "streamz-scatter-shots-")) : undefined;

before(async () => {
  session = await startLabWithCells("scatter.ipynb", CELLS);
  page = session.page;
  await page.setViewportSize({ width: 1200, height: 900 });
  if (shots) console.log(`# screenshots in ${shots}`);
});

after(async () => {
  await session?.stop();
});

/** The widget model shown by cell `i` (the notebook may take cells out of the page when they scroll away). */
const modelOf = (i) =>
  page.evaluate(
    (i) =>
      window.jupyterapp.shell.currentWidget.content.widgets[i].model.outputs
        .toJSON()
        .find((o) => o.data?.["application/vnd.jupyter.widget-view+json"])?.data["application/vnd.jupyter.widget-view+json"].model_id,
    i,
  );
const chartSel = (model) => `.jp-StreamzChart[data-model="${model}"]`;
/** The latest metrics record of `kind` with a summary probe of the chart of `model`. */
const latest = (model, kind) =>
  page.evaluate(
    ({ model, kind }) =>
      globalThis[Symbol.for("streamz-ts.metrics")].filter((r) => r.kind === kind && r.model === model && r.summary).at(-1),
    { model, kind },
  );
/** Every update and range answer the chart of `model` applied: bytes in all, messages, the largest one's bytes. */
const messages = (model) =>
  page.evaluate(
    (model) =>
      globalThis[Symbol.for("streamz-ts.metrics")]
        .filter((r) => r.model === model && (r.kind === "vegaChart" || r.kind === "vegaChartRange"))
        .map((r) => ({ kind: r.kind, seq: r.seq, bytes: r.bytes, pieces: r.pieces, pieceBytes: r.pieceBytes, ms: Math.round(r.ms) })),
    model,
  );
/** Asserts that no message of the chart was over 64 KB. */
const assertSmallMessages = (list) => {
  for (const m of list) assert.ok(m.pieceBytes <= 65_536, `a message of ${m.pieceBytes} bytes: ${JSON.stringify(m)}`);
};
const screenshot = async (model, name) => {
  if (shots) await page.locator(chartSel(model)).screenshot({ path: join(shots, `${name}.png`) });
};
const kernelRun = (code) =>
  page.evaluate((code) => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestExecute({ code }).done, code);

/**
 * The chart's pixels in the mark's colour (its canvases as the page shows them, one over the other:
 * Vega's, and the cells' raster layer over the plot) against every point drawn as a disc of the mark's
 * size at the chart's own scales, inside the plot: each set's pixels with none of the other's within
 * `near` CSS px.
 */
const rasters = (model, plot, near) =>
  page.evaluate(
    ({ model, plot, near, source, n }) => {
      const points = new Function(`${source}; return points;`)();
      const el = document.querySelector(`.jp-StreamzChart[data-model="${model}"]`);
      const [canvas, ...over] = el.querySelectorAll("canvas");
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const shown = document.createElement("canvas");
      [shown.width, shown.height] = [canvas.width, canvas.height];
      const page = shown.getContext("2d");
      page.drawImage(canvas, 0, 0);
      const base = canvas.getBoundingClientRect();
      for (const c of over) {
        const r = c.getBoundingClientRect();
        page.drawImage(c, (r.left - base.left) * ratio, (r.top - base.top) * ratio, r.width * ratio, r.height * ratio);
      }
      const accent = getComputedStyle(el).getPropertyValue("--jp-brand-color1").trim() || "#1976d2";
      const probe = document.createElement("canvas").getContext("2d");
      probe.fillStyle = accent;
      probe.fillRect(0, 0, 1, 1);
      const [r0, g0, b0] = probe.getImageData(0, 0, 1, 1).data;
      const [left, top] = [Math.ceil(plot.left * ratio), Math.ceil(plot.top * ratio)];
      const [w, h] = [Math.floor(plot.width * ratio), Math.floor(plot.height * ratio)];
      const chart = page.getImageData(left, top, w, h).data;
      // every point as Vega-Lite draws a circle mark: size 30 (square px), so radius sqrt(30 / pi)
      const off = document.createElement("canvas");
      [off.width, off.height] = [w, h];
      const ctx = off.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, -left, -top);
      const radius = Math.sqrt(30 / Math.PI);
      const sx = plot.width / (plot.x1 - plot.x0);
      const sy = plot.height / (plot.y1 - plot.y0);
      let k = 0;
      ctx.beginPath();
      points(n, (t, y) => {
        const px = plot.left + (t - plot.x0) * sx;
        const py = plot.top + plot.height - (y - plot.y0) * sy;
        ctx.moveTo(px + radius, py);
        ctx.arc(px, py, radius, 0, 2 * Math.PI);
        if (++k % 20000 === 0) {
          ctx.fill();
          ctx.beginPath();
        }
      });
      ctx.fill();
      const every = ctx.getImageData(0, 0, w, h).data;
      const grey = (d, i) => (d[i] + d[i + 1] + d[i + 2]) / 3;
      const towards = (d, i) => (d[i] - grey(d, i)) * (r0 - (r0 + g0 + b0) / 3) + (d[i + 2] - grey(d, i)) * (b0 - (r0 + g0 + b0) / 3);
      const a = new Uint8Array(w * h);
      const b = new Uint8Array(w * h);
      for (let p = 0; p < w * h; p++) {
        a[p] = chart[p * 4 + 3] > 40 && towards(chart, p * 4) > 100 ? 1 : 0;
        b[p] = every[p * 4 + 3] > 128 ? 1 : 0;
      }
      const d = Math.round(near * ratio);
      const lonely = (m, other) => {
        let count = 0;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            if (!m[y * w + x]) continue;
            let found = false;
            for (let dy = -d; dy <= d && !found; dy++)
              for (let dx = -d; dx <= d && !found; dx++) {
                const [xx, yy] = [x + dx, y + dy];
                found = xx >= 0 && yy >= 0 && xx < w && yy < h && other[yy * w + xx] === 1;
              }
            if (!found) count++;
          }
        return count;
      };
      const count = (m) => m.reduce((s, v) => s + v, 0);
      return { chart: count(a), every: count(b), chartOnly: lonely(a, b), everyOnly: lonely(b, a) };
    },
    { model, plot, near, source: POINTS, n: N },
  );

test(
  "a million-point scatter covers the pixels every point would, with the extremes; zoom brings the raw rows",
  { timeout: 400000 },
  async (t) => {
    await openNotebook(page, session.lab, "scatter.ipynb");
    const run = await runAllCells(page, { timeout: 300000 });
    const outputs = () =>
      page.evaluate(() => JSON.stringify(window.jupyterapp.shell.currentWidget.content.widgets.map((c) => c.model.outputs?.toJSON())));
    assert.equal(run.ok, true, run.error ?? (await outputs()));
    const said = await page.evaluate(() =>
      String(window.jupyterapp.shell.currentWidget.content.widgets[1].model.outputs.toJSON()[0]?.data?.["text/plain"]),
    );
    const [, lo, hi] = /"lo":([-\d.e+]+),"hi":([-\d.e+]+)/.exec(said).map(Number);
    await scrollToCell(page, 0);
    const model = await modelOf(0);
    await page.waitForFunction(
      ({ lo, hi, model }) =>
        globalThis[Symbol.for("streamz-ts.metrics")].some(
          (r) => r.kind === "vegaChart" && r.model === model && r.summary?.min === lo && r.summary?.max === hi,
        ),
      { lo, hi, model },
      { timeout: 120000, polling: 250 },
    );
    const drawn = await latest(model, "vegaChart");
    assert.ok(drawn.summary.rows < N / 5, `the chart draws one row per occupied pixel cell, not a million: ${drawn.summary.rows}`);
    // the cells are one raster layer over Vega's plot (Vega draws the axes): chart-cells-layer.ts
    assert.equal(await page.locator(chartSel(model)).getAttribute("data-drawn"), "cells-layer");
    const cmp = await rasters(model, drawn.summary.plot, 2);
    const sent = await messages(model);
    const whole = sent.filter((m) => m.kind === "vegaChart" && m.pieces > 1);
    t.diagnostic(
      `pixels painted: ${JSON.stringify(cmp)}; rows drawn: ${drawn.summary.rows}; last update ${drawn.bytes} bytes; ` +
        `whole pictures: ${JSON.stringify(whole)}`,
    );
    assert.ok(whole.length > 0, `the whole picture is over 64 KB and came in pieces: ${JSON.stringify(sent)}`);
    assertSmallMessages(sent);
    assert.ok(cmp.chart > 10_000, `the chart paints the cloud: ${JSON.stringify(cmp)}`);
    assert.equal(cmp.everyOnly, 0, `every pixel that every point paints is painted within 2 px: ${JSON.stringify(cmp)}`);
    assert.equal(cmp.chartOnly, 0, `the chart paints nothing more than 2 px from what every point paints: ${JSON.stringify(cmp)}`);
    await screenshot(model, "scatter-whole");
    // The toolbar, shown while the pointer is over the chart, covers none of it: it has its own row above
    // the canvas (over the plot it hid the points of the top-right corner).
    await page.locator(chartSel(model)).hover();
    const boxes = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      const box = (node) => JSON.parse(JSON.stringify(node.getBoundingClientRect()));
      const bar = el.querySelector(".jp-StreamzToolbar");
      return { bar: box(bar), canvas: box(el.querySelector("canvas")), shown: getComputedStyle(bar).opacity };
    }, chartSel(model));
    assert.ok(boxes.bar.height > 0 && boxes.bar.bottom <= boxes.canvas.top, `the toolbar is above the canvas: ${JSON.stringify(boxes)}`);
    await screenshot(model, "scatter-hovered");

    // Zoom in on the point far above, aiming again halfway (a pixel off at the start is thousands of rows
    // off at the end): the kernel sends that range's raw rows, the point is there.
    const box = await page.locator(chartSel(model)).locator("canvas.marks").boundingBox();
    const zoomAt = async (plot, steps) => {
      const x = box.x + plot.left + ((SPIKE_T - plot.x0) / (plot.x1 - plot.x0)) * plot.width;
      await page.mouse.move(x, box.y + plot.top + plot.height / 2);
      for (let i = 0; i < steps; i++) await page.mouse.wheel(0, -800);
    };
    const detail = (model) => document.querySelector(`.jp-StreamzChart[data-model="${model}"]`).dataset.detail;
    await zoomAt(drawn.summary.plot, 4);
    await page.waitForFunction(`(${detail})(${JSON.stringify(model)}) !== undefined`, null, { timeout: 120000 });
    const halfway = await page.evaluate(`(${detail})(${JSON.stringify(model)})`);
    await zoomAt((await latest(model, "vegaChartRange")).summary.plot, 4);
    await page.waitForFunction(
      `(${detail})(${JSON.stringify(model)}) !== ${JSON.stringify(halfway)} && (${detail})(${JSON.stringify(model)}).startsWith("raw:")`,
      null,
      {
        timeout: 120000,
        polling: 200,
      },
    );
    const zoomed = await latest(model, "vegaChartRange");
    const domain = zoomed.xAxis.domain;
    assert.ok(domain[0] <= SPIKE_T && SPIKE_T <= domain[1] && domain[1] - domain[0] < 20_000, `zoomed on the point: ${domain}`);
    assert.equal(zoomed.summary.max, hi, "the point far above, from the raw rows");
    assertSmallMessages(await messages(model));
    await screenshot(model, "scatter-zoomed");
  },
);

test(
  "a zoomed scatter shows the rows that exist now in its range, as rows leave the backlog and land in it",
  { timeout: 200000 },
  async () => {
    await scrollToCell(page, 2);
    const model = await modelOf(2);
    const chart = page.locator(chartSel(model));
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.dataset.rows ?? 0) > 1000, chartSel(model), {
      timeout: 120000,
    });
    const box = await chart.locator("canvas.marks").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -800);
    // six steps of about 2.2 times: a range about 9 wide (wheel steps far apart under load may be asked for on the way).
    // Under 12: only after the sixth step (five give about 18), so the range read next is the last one asked for.
    await page.waitForFunction(
      (model) => {
        const r = globalThis[Symbol.for("streamz-ts.metrics")].filter((m) => m.kind === "vegaChartRange" && m.model === model).at(-1);
        return r && r.xAxis.domain[1] - r.xAxis.domain[0] < 12;
      },
      model,
      { timeout: 120000, polling: 200 },
    );
    const [x0, x1] = (await latest(model, "vegaChartRange")).xAxis.domain;
    assert.ok(
      (await chart.getAttribute("data-detail")).startsWith("raw:"),
      `zoomed in to the raw rows: ${x0} to ${x1}, ${await chart.getAttribute("data-detail")}`,
    );
    await screenshot(model, "scatter-random-zoomed");
    // Every kept row is replaced by one of a new generation (y >= 1000): none of the rows the view shows
    // in its range exists any more, and new ones landed there.
    await kernelRun("spray(20_000, 1);");
    const want = await page.evaluate(
      async ({ x0, x1 }) => {
        const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        let text = "";
        const future = kernel.requestExecute({ code: `kept.filter((r) => r.x >= ${x0} && r.x <= ${x1}).length` });
        future.onIOPub = (msg) => {
          if (msg.header.msg_type === "execute_result") text = msg.content.data["text/plain"];
        };
        await future.done;
        return Number(text);
      },
      { x0, x1 },
    );
    assert.ok(want > 0, "rows of the new generation landed in the range");
    // What the chart draws in the range: the kernel's rows now (count and generation), read off the rows drawn
    await page.waitForFunction(
      ({ x0, x1, want, model }) => {
        const r = globalThis[Symbol.for("streamz-ts.metrics")].filter((m) => m.kind === "vegaChartRange" && m.model === model).at(-1);
        return r && r.summary.min >= 1000 && r.rows === want && r.xAxis.domain[0] === x0 && r.xAxis.domain[1] === x1;
      },
      { x0, x1, want, model },
      { timeout: 120000, polling: 200 },
    );
    const shown = await latest(model, "vegaChartRange");
    assert.equal(shown.summary.min >= 1000, true, `only rows of the new generation in the range: ${JSON.stringify(shown.summary)}`);
    assert.equal(await chart.locator(".jp-StreamzToolbar-state").innerText(), "exploring", "still zoomed");
    assertSmallMessages(await messages(model));
    await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown());
  },
);
