/**
 * Exploring a live chart without losing it, in the real Lab: the toolbar's Pause holds the picture while
 * the stream goes on (the kernel sends nothing to the view), Resume catches up in one update; a wheel on
 * the chart zooms its x axis, new rows keep arriving without resetting the zoom, and Follow returns to
 * the live edge. (The same for a table: table-explore.test.mjs.)
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openNotebook, runAllCells, scrollToCell } from "./support/notebook-page.cjs";
import { startLabWithBrowser } from "./support/lab-server.cjs";

const CELLS = [
  'import { fromPeriodic } from "@streamz-ts/core";\nlet t = 0;\nconst ticks = fromPeriodic(() => ({ t: t++, y: Math.sin(t / 10) }), 20);\n' +
    'ticks.chart({ mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } } }, { backlog: 5000 })',
  "ticks.start();",
];

let session;
let page;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "streamz-explore-"));
  const notebook = {
    cells: CELLS.map((source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { name: "streamz-ts", display_name: "TypeScript (streamz-ts)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, "explore.ipynb"), JSON.stringify(notebook));
  session = await startLabWithBrowser([join(dir, "explore.ipynb")]);
  page = session.page;
  await page.setViewportSize({ width: 1200, height: 900 });
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Rows the chart's Vega view holds (the view writes it on its element). */
const rows = () => page.evaluate(() => Number(document.querySelector(".jp-StreamzChart")?.dataset.rows ?? 0));
/** The chart's x domain at its latest update, read from Vega's own scale (the views' metrics). */
const xDomain = () =>
  page.evaluate(() => {
    const records = globalThis[Symbol.for("streamz-ts.metrics")].filter((r) => r.xAxis && r.kind.startsWith("vegaChart"));
    return records.at(-1)?.xAxis.domain;
  });
/** The chart's batch number. */
const chartSeq = () => page.evaluate(() => Number(document.querySelector(".jp-StreamzChart")?.dataset.seq ?? 0));
/** Waits until `rows()` passes `n`. */
const rowsAbove = (n) =>
  page.waitForFunction((n) => Number(document.querySelector(".jp-StreamzChart")?.dataset.rows ?? 0) > n, n, {
    timeout: 20000,
    polling: 100,
  });

test("pause holds the picture, resume catches up, zoom survives new rows, follow returns", { timeout: 180000 }, async () => {
  await openNotebook(page, session.lab, "explore.ipynb");
  const run = await runAllCells(page);
  assert.equal(run.ok, true, run.error);
  await rowsAbove(50);
  await scrollToCell(page, 0);
  const chart = page.locator(".jp-StreamzChart").first();
  await chart.hover();
  await chart.locator(".jp-StreamzToolbar-button", { hasText: "Pause" }).click();
  // An update the kernel sent before it read the pause may still come; after that, none may. The
  // stream goes on (20 ms a tick): over two update intervals, a live view would have grown.
  await page.waitForTimeout(1500);
  const held = await rows();
  const model = await chart.getAttribute("data-model");
  await page.evaluate((model) => {
    window.__streamzPausedMessages = 0;
    window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.iopubMessage.connect((_, msg) => {
      if (msg.header.msg_type === "comm_msg" && msg.content.comm_id === model) window.__streamzPausedMessages++;
    });
  }, model);
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.__streamzPausedMessages), 0, "paused: the kernel sends the view nothing");
  assert.equal(await rows(), held, "paused: the picture holds still");
  assert.equal(await page.locator(".jp-StreamzToolbar-state").first().innerText(), "paused");
  await chart.locator(".jp-StreamzToolbar-button", { hasText: "Resume" }).click();
  await rowsAbove(held + 50); // one catch-up update brings what came while paused

  // Zoom in with the wheel over the plot: the x domain narrows and stays while rows arrive.
  const box = await page.locator(".jp-StreamzChart canvas").first().boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -400);
  await page.waitForFunction(() => document.querySelector(".jp-StreamzToolbar-state")?.textContent === "exploring", null, {
    timeout: 10000,
  });
  let before = await rows();
  await rowsAbove(before + 10); // an update drawn while zoomed
  const zoomed = await xDomain();
  before = await rows();
  const seq = await chartSeq();
  await page.waitForFunction((seq) => Number(document.querySelector(".jp-StreamzChart")?.dataset.seq) >= seq + 10, seq, {
    timeout: 60000,
    polling: 100,
  });
  const still = await xDomain();
  assert.ok(zoomed[1] - zoomed[0] < 0.8 * before, `zoomed in: ${zoomed} while ${before} rows are held`);
  assert.deepEqual(still, zoomed, "10 updates did not reset the zoom");

  await chart.locator(".jp-StreamzToolbar-button", { hasText: "Follow" }).click();
  await page.waitForFunction(
    (zoomed) => {
      const records = globalThis[Symbol.for("streamz-ts.metrics")].filter((r) => r.xAxis && r.kind.startsWith("vegaChart"));
      const d = records.at(-1)?.xAxis.domain;
      return d && d[1] > zoomed[1] + 10;
    },
    zoomed,
    { timeout: 10000, polling: 100 },
  );
  assert.equal(await page.locator(".jp-StreamzToolbar-state").first().innerText(), "");
  await page.evaluate(
    () => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestExecute({ code: "ticks.stop()" }).done,
  );
});
