/**
 * Every notebook of notebooks/ in a real JupyterLab 4.6.4 (npm-built, served by Debian's
 * jupyterlab_server) in headless Chromium, on the real `streamz-ts` kernel: open it, Run All, wait for
 * the kernel to be idle, then check that no cell failed and that what the notebook is about rendered:
 * every live view mounted (no "Error displaying widget"), every chart drawn with rows in it, every
 * picture (visualize()) shown, and no page errors besides the known harmless 404s. One Lab server and
 * one browser page for all notebooks, one after the other; each notebook's kernel is shut down after it.
 *
 * STREAMZ_SCREENSHOTS=1 also saves each notebook's most telling output to docs/img/nb-*.png (off by
 * default so that `npm test` leaves the tree clean). STREAMZ_NOTEBOOKS_DIR points it at another folder
 * of notebooks (used to prove that a failing cell fails the test).
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { openBrowser, realProblems } from "./support/browser.cjs";
import { prepareLab, repoDir, startLab } from "./support/lab-server.cjs";
import { openNotebook, outputBox, readCells, runAllCells, scrollToCell, shutdownKernel } from "./support/notebook-page.cjs";

const NOTEBOOKS_DIR = resolve(process.env.STREAMZ_NOTEBOOKS_DIR ?? join(repoDir, "notebooks"));
const NOTEBOOKS = readdirSync(NOTEBOOKS_DIR)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const SCREENSHOTS = process.env.STREAMZ_SCREENSHOTS === "1";

/**
 * The picture to take of a notebook, by its number (or name): a name and which code cells to frame. By default,
 * see defaultShot, under the notebook's own name.
 */
const SHOTS = {
  "02": { name: "graph", cells: (cells) => cells.filter((c) => c.pictureOutputs > 0).slice(-1) },
  "05": { name: "plots", cells: (cells) => cells.filter((c) => c.charts.length > 0).slice(0, 2) },
  "07": {
    name: "scale-out",
    cells: (cells) => {
      const chart = cells.findLast((c) => c.charts.length > 0);
      return [chart, cells.find((c) => c.index > chart.index && c.type === "code")];
    },
  },
  // The demo's Run All starts and stops its stream at once: its live pictures come from
  // live-widgets.test.mjs (docs/img/lab-chart.png, lab-table.png) instead.
  demo: { name: "demo", cells: () => [] },
};
/** The last chart; else the last live view with the next code cell's result (e.g. a run's summary). */
const defaultShot = (cells) => {
  const chart = cells.findLast((c) => c.charts.length > 0);
  if (chart) return [chart];
  const view = cells.findLast((c) => c.views > 0);
  return view ? [view, cells.find((c) => c.index > view.index && c.type === "code")] : [];
};

let lab;
let browser;
let page;
let problems;

before(async () => {
  assert.ok(NOTEBOOKS.length > 0, `notebooks in ${NOTEBOOKS_DIR}`);
  prepareLab();
  lab = await startLab({ notebooks: NOTEBOOKS.map((f) => join(NOTEBOOKS_DIR, f)) });
  ({ browser, page, problems } = await openBrowser());
  await page.setViewportSize({ width: 1280, height: 2000 });
});

after(async () => {
  await browser?.close();
  await lab?.stop();
});

for (const file of NOTEBOOKS) {
  test(`${file} runs top to bottom in JupyterLab and shows what it is about`, { timeout: 180000 }, async (t) => {
    for (const list of Object.values(problems)) list.length = 0; // this notebook's problems only
    t.after(() => shutdownKernel(page).catch(() => {})); // also when a check failed before the end
    const t0 = performance.now();
    await openNotebook(page, lab, file);
    const t1 = performance.now();
    const run = await runAllCells(page);
    const t2 = performance.now();

    let cells = (await readCells(page)).filter((c) => c.type === "code");
    const failed = cells.filter((c) => c.errors.length > 0 || c.errorNodes > 0);
    assert.deepEqual(
      failed.map((c) => ({ cell: c.index, errors: c.errors, errorOutputs: c.errorNodes })),
      [],
      `no cell of ${file} shows an error`,
    );
    assert.ok(run.ok === true, `Run All went through (${JSON.stringify(run)})`);
    const unrun = cells.filter((c) => c.executionCount === null).map((c) => c.index);
    assert.deepEqual(unrun, [], "every code cell ran");

    // Views render asynchronously (a chart embeds Vega first), and only once their cell is painted:
    // scroll to each cell that has one and wait until everything the kernel sent for it is on screen.
    for (const cell of cells.filter((c) => c.widgetOutputs > 0 || c.pictureOutputs > 0)) {
      await scrollToCell(page, cell.index);
      await page
        .waitForFunction(
          ({ i, views, pictures }) => {
            const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
            if (node.querySelectorAll(".jp-StreamzOutput, .jp-StreamzTable, .jp-StreamzChart").length < views) return false;
            const charts = [...node.querySelectorAll(".jp-StreamzChart")];
            const drawn = (el) => {
              const plot = el.querySelector("canvas, svg")?.getBoundingClientRect();
              return plot && plot.width > 0 && plot.height > 0 && Number(el.dataset.rows ?? 0) > 0;
            };
            const shown = [...node.querySelectorAll(".jp-OutputArea-output svg, .jp-OutputArea-output img")].filter(
              (el) => !el.closest(".jp-StreamzChart") && el.getBoundingClientRect().width > 0,
            );
            return charts.every(drawn) && shown.length >= pictures;
          },
          { i: cell.index, views: cell.widgetOutputs, pictures: cell.pictureOutputs },
          { timeout: 30000, polling: 100 },
        )
        .catch(() => {}); // the assertions below say what is missing
    }
    cells = (await readCells(page)).filter((c) => c.type === "code");

    for (const c of cells) {
      const where = `${file} cell ${c.index}`;
      // (a view whose widget the notebook closed itself, like 08's `table.close()`, is gone by design)
      assert.equal(
        c.views,
        c.widgetOutputs,
        `${where}: every live view the kernel sent (and did not close) is mounted (${c.closedWidgets} closed)`,
      );
      assert.deepEqual(c.widgetFailures, [], `${where}: no widget failed to load`);
      assert.deepEqual(c.banners, [], `${where}: no stream error shown on a view`);
      for (const chart of c.charts) {
        assert.ok(chart.plot && chart.width > 0 && chart.height > 0, `${where}: the chart is drawn (${JSON.stringify(chart)})`);
        assert.ok(chart.rows > 0, `${where}: the chart has marks (${JSON.stringify(chart)})`);
      }
      assert.ok(c.pictures.length >= c.pictureOutputs, `${where}: the picture is shown (${JSON.stringify(c.pictures)})`);
    }
    if (/visualize\(\)/.test(cells.map((c) => c.text).join("\n"))) {
      const pictures = cells.flatMap((c) => c.pictures).filter((p) => p.width > 50 && p.height > 50);
      assert.ok(pictures.length > 0, `${file} shows the graph picture of visualize() as <svg> or <img>`);
    }
    if (/\.(chart|plot\.(line|bar))\(/.test(cells.map((c) => c.text).join("\n"))) {
      assert.ok(
        cells.some((c) => c.charts.length > 0),
        `${file} makes a chart, and it is on the page`,
      );
    }

    t.diagnostic(`open ${ms(t1 - t0)}, run all ${ms(t2 - t1)}, checks ${ms(performance.now() - t2)}`);
    if (SCREENSHOTS) await screenshot(file, cells);
    await shutdownKernel(page); // inside the check below: closing the views must not raise either
    assert.deepEqual(realProblems(problems), [], `no page errors while ${file} ran, besides the known harmless 404s`);
  });
}

const ms = (x) => `${Math.round(x)} ms`;

/** Saves docs/img/nb-<number>-<name>.png: the notebook's most telling output (see SHOTS). */
async function screenshot(file, cells) {
  const number = file.match(/^(\d+)-/)?.[1];
  const shot = SHOTS[number ?? file.replace(/\.ipynb$/, "")] ?? {
    name: file.replace(/^\d+-/, "").replace(/\.ipynb$/, ""),
    cells: defaultShot,
  };
  const picked = shot.cells(cells).filter(Boolean);
  if (picked.length === 0) return;
  const box = await outputBox(
    page,
    picked.map((c) => c.index),
  );
  assert.ok(box && box.width > 100 && box.height > 50, `the output of ${file} is on screen (${JSON.stringify(box)})`);
  mkdirSync(join(repoDir, "docs", "img"), { recursive: true });
  await page.screenshot({ path: join(repoDir, "docs", "img", `nb-${number ? `${number}-` : ""}${shot.name}.png`), clip: box });
}
