/**
 * Issue 13, "Saved notebooks keep their pictures", in the real JupyterLab 4.6.4 on the real `streamz-ts`
 * kernel: the fixture notebook (test/fixtures/saved-state.ipynb, copied into a throwaway folder) shows a
 * line chart, a table and a live output of one stream, and a bar chart upserted by key, and feeds them in
 * four updates, the last of 3 rows. Then, as a user would: save, close the notebook (which shuts its
 * kernel down in this Lab), reopen it. The new kernel knows none of the models: each view must come
 * back from the widget state saved in the notebook as it was shown (the line chart with all 240 rows it
 * drew, not its last update's 3; the bar chart with its 3 bars, not the 1 its last update carried; the
 * table with its rows; the output with its last value), never "Error displaying widget: model not
 * found". Saving the reopened notebook again keeps that state; re-running the cells brings live views
 * back, and the next save keeps theirs, also after a kernel restart. A second fixture
 * (test/fixtures/saved-frames.ipynb) does the same with live tables of frames: danfojs frames (one with
 * row labels, shown first as its index) and a streaming dataframe come back with their last rows in
 * their column types.
 * Screenshots of the views live, reopened and run again go to /tmp (saved-state-*.png); with
 * STREAMZ_SCREENSHOTS=1 the reopened ones go to docs/img/ instead.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { realProblems } from "./support/browser.cjs";
import { repoDir, startLabWithBrowser } from "./support/lab-server.cjs";
import { openNotebook, outputBox, readCells, runAllCells } from "./support/notebook-page.cjs";

const FIXTURE = join(repoDir, "labextension", "test", "fixtures", "saved-state.ipynb");
const NOTEBOOK = "saved-state.ipynb";
const FRAMES_FIXTURE = join(repoDir, "labextension", "test", "fixtures", "saved-frames.ipynb");
const FRAMES_NOTEBOOK = "saved-frames.ipynb";
const WIDGET_STATE = "application/vnd.jupyter.widget-state+json";
const METRICS = 'globalThis[Symbol.for("streamz-ts.metrics")]';
const SHOWN = 240; // the fixture feeds 80 + 80 + 77 + 3 points, under the chart's backlog of 300
const TABLE_ROWS = 5;
const DOCS = process.env.STREAMZ_SCREENSHOTS === "1" ? join(repoDir, "docs", "img") : tmpdir();

let lab;
let page;
let problems;
let session;

before(async () => {
  session = await startLabWithBrowser([FIXTURE, FRAMES_FIXTURE]);
  ({ lab, page, problems } = session);
});

after(async () => session?.stop());

const cells = JSON.parse(readFileSync(FIXTURE, "utf8")).cells;
const cellOf = (text) => cells.findIndex((c) => [].concat(c.source).join("").includes(text));
const viewsCell = cellOf("points.chart(");
const barsCell = cellOf("segments.chart(");
const BARS = 3; // segments 1, 2 and 3 (80 points each)

/** What the views show now, read from the page (and the views' own records of their updates). */
function readViews() {
  return page.evaluate(
    ({ i, bi, expr }) => {
      const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
      const chart = node.querySelector(".jp-StreamzChart");
      const table = node.querySelector(".jp-StreamzTable");
      const output = node.querySelector(".jp-StreamzOutput-value");
      const cellModel = window.jupyterapp.shell.currentWidget.content.widgets[i].model;
      const shownModels = cellModel.outputs.toJSON().flatMap((o) => o.data?.["application/vnd.jupyter.widget-view+json"]?.model_id ?? []);
      const tableModel = table?.dataset.model;
      const tableRecord = eval(expr)
        .filter((r) => r.model === tableModel && r.cells)
        .at(-1);
      const bars = window.jupyterapp.shell.currentWidget.content.widgets[bi].node.querySelector(".jp-StreamzChart");
      return {
        chartModel: chart?.dataset.model,
        chartRows: chart?.dataset.rows === undefined ? null : Number(chart.dataset.rows),
        chartPlot: Boolean(chart?.querySelector("canvas")),
        tableModel,
        barsModel: bars?.dataset.model,
        bars: bars?.dataset.rows === undefined ? null : Number(bars.dataset.rows),
        barsNewest:
          eval(expr)
            .filter((r) => r.model === bars?.dataset.model && r.kind.startsWith("vegaChart"))
            .at(-1)?.newest ?? null,
        shownModels,
        tableRows: table?.dataset.rows === undefined ? null : Number(table.dataset.rows),
        tableCells: tableRecord?.cells.rows ?? null,
        output: output?.textContent.trim() ?? null,
        disconnected: [node, bars?.closest(".jp-Cell")].reduce(
          (n, el) => n + (el?.querySelectorAll(".jupyter-widgets-disconnected").length ?? 0),
          0,
        ),
        texts: [...node.querySelectorAll(".jp-OutputArea-output")].map((el) => el.textContent.trim().slice(0, 80)),
      };
    },
    { i: viewsCell, bi: barsCell, expr: METRICS },
  );
}

/** Waits until the views cell shows the fed content: every point charted, the table full, the last value. */
async function waitForPicture(what, timeout) {
  try {
    await page.waitForFunction(
      ({ i, bi, shown, rows, bars }) => {
        const node = window.jupyterapp.shell.currentWidget.content.widgets[i].node;
        const barsNode = window.jupyterapp.shell.currentWidget.content.widgets[bi].node;
        return (
          barsNode.querySelector(".jp-StreamzChart")?.dataset.rows === String(bars) &&
          node.querySelector(".jp-StreamzChart")?.dataset.rows === String(shown) &&
          node.querySelector(".jp-StreamzTable")?.dataset.rows === String(rows) &&
          node.querySelector(".jp-StreamzOutput-value")?.textContent.trim() === `point ${shown - 1}`
        );
      },
      { i: viewsCell, bi: barsCell, shown: SHOWN, rows: TABLE_ROWS, bars: BARS },
      { timeout, polling: 100 },
    );
  } catch (err) {
    // Say what the page shows instead of a bare timeout.
    assert.fail(`${what}: the views did not come to the fed content: ${JSON.stringify(await readViews())}\n${err.message}`);
  }
}

/** Pictures of the two cells' views, `<name>.png` and `<name>-bars.png`. */
async function screenshot(name, dir = tmpdir()) {
  for (const [cell, file] of [
    [viewsCell, `${name}.png`],
    [barsCell, `${name}-bars.png`],
  ]) {
    const box = await outputBox(page, [cell]);
    assert.ok(box && box.width > 100 && box.height > 100, `the views are on screen (${JSON.stringify(box)})`);
    await page.screenshot({ path: join(dir, file), clip: box });
  }
}

/** The widget state saved in the served copy of a notebook, by model id. */
function savedState(notebook = NOTEBOOK) {
  return JSON.parse(readFileSync(join(lab.rootDir, notebook), "utf8")).metadata.widgets?.[WIDGET_STATE]?.state ?? {};
}

async function api(path) {
  return (await fetch(`${lab.url}${path}`, { headers: { Authorization: `token ${lab.token}` } })).json();
}

/** Opens `notebook` and runs all its cells. */
async function openAndRun(notebook) {
  await openNotebook(page, lab, notebook, { timeout: 150000 });
  const run = await runAllCells(page, { timeout: 150000 });
  assert.equal(run.ok, true, `every cell ran: ${JSON.stringify(run)}`);
}

/** Saves the notebook shown, then closes it (in this Lab closing a notebook shuts its kernel down) and waits for its session to end. */
async function saveAndClose(notebook) {
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute("docmanager:save");
    await window.jupyterapp.shell.currentWidget.close();
  });
  const deadline = Date.now() + 30000;
  while ((await api("/api/sessions")).some((s) => s.path.endsWith(notebook))) {
    assert.ok(Date.now() < deadline, "the notebook's kernel is shut down within 30 s of closing it");
    await new Promise((r) => setTimeout(r, 200));
  }
}

test(
  "a notebook saved with live views reopens, with no kernel that knows them, showing what they showed",
  { timeout: 330000 },
  async () => {
    await openAndRun(NOTEBOOK);
    await waitForPicture("live", 30000);
    const live = await readViews();
    assert.equal(live.tableCells?.length, TABLE_ROWS, `the table's record lists its rows: ${JSON.stringify(live)}`);
    const chartBatches = await page.evaluate(
      ({ expr, model }) =>
        eval(expr)
          .filter((r) => r.model === model && r.kind === "vegaChart")
          .map((r) => r.rows),
      { expr: METRICS, model: live.chartModel },
    );
    assert.ok(
      chartBatches.length >= 2 && chartBatches.at(-1) < TABLE_ROWS,
      `the views got their rows in several updates, the last one smaller than the table: ${chartBatches}`,
    );
    const barBatches = await page.evaluate(
      ({ expr, model }) =>
        eval(expr)
          .filter((r) => r.model === model && r.kind === "vegaChart")
          .map((r) => r.rows),
      { expr: METRICS, model: live.barsModel },
    );
    assert.ok(barBatches.at(-1) < BARS, `the bar chart's last update carries fewer bars than it shows: ${barBatches}`);
    await screenshot("saved-state-live");

    await saveAndClose(NOTEBOOK);
    const saved = savedState();

    // Reopen, in a fresh page: a new kernel starts, which has none of the saved models.
    await openNotebook(page, lab, NOTEBOOK, { timeout: 150000 });
    assert.deepEqual(await api("/api/kernels").then((ks) => ks.length), 1, "one (new) kernel");
    await waitForPicture("reopened", 30000);
    assert.deepEqual(
      Object.values(saved)
        .map((m) => m.model_name)
        .sort(),
      ["LiveTableModel", "StreamOutputModel", "VegaChartModel", "VegaChartModel"],
      "the notebook keeps the four models' state",
    );
    const reopened = await readViews();
    const failures = (await readCells(page)).flatMap((c) => c.widgetFailures ?? []);
    assert.deepEqual(failures, [], "no 'Error displaying widget: model not found'");
    assert.equal(reopened.chartModel, live.chartModel, "the chart is drawn from the saved model");
    assert.equal(reopened.chartRows, SHOWN, "the chart draws every row it showed, not only its last update");
    assert.ok(reopened.chartPlot, "the chart is drawn");
    assert.equal(reopened.bars, BARS, "the upserted bar chart draws every bar, not only the last one updated");
    assert.deepEqual(reopened.barsNewest, live.barsNewest, "its newest bar is the one it showed last");
    assert.deepEqual(reopened.tableCells, live.tableCells, "the table lists the rows it listed");
    assert.equal(reopened.output, live.output, "the output shows its last value");
    mkdirSync(DOCS, { recursive: true });
    await screenshot("saved-state-reopened", DOCS);

    // Saving the reopened notebook again (as autosave would) keeps the pictures as they were.
    await page.evaluate(() => window.jupyterapp.commands.execute("docmanager:save"));
    assert.deepEqual(savedState(), saved, "saved again unchanged");
    assert.equal(reopened.disconnected, 0, "a saved picture wears no 'disconnected' mark");

    // Running the cells again brings live views back (new models, with comms in the new kernel).
    const rerun = await runAllCells(page, { timeout: 150000 });
    assert.equal(rerun.ok, true, `every cell ran again: ${JSON.stringify(rerun)}`);
    await waitForPicture("re-run", 30000);
    const again = await readViews();
    await screenshot("saved-state-rerun");
    assert.notEqual(again.chartModel, live.chartModel, "a new, live chart model");
    assert.equal(again.disconnected, 0, "no view is marked disconnected");
    const comms = await page.evaluate(async () => {
      const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
      return Object.keys((await kernel.requestCommInfo({ target_name: "jupyter.widget" })).content.comms);
    });
    assert.ok(comms.includes(again.chartModel) && comms.includes(again.tableModel), `the new views have comms in the kernel: ${comms}`);
    // Saved now, the notebook keeps the new models only: the restored ones are shown nowhere any more.
    await page.evaluate(() => window.jupyterapp.commands.execute("docmanager:save"));
    const resaved = Object.keys(savedState()).sort();
    assert.equal(again.shownModels.length, 3);
    assert.deepEqual(resaved, [...again.shownModels, again.barsModel].sort(), "the new models' state replaces the old");

    // A kernel restart leaves the views showing their last state (their comms gone); saved then, the
    // notebook keeps it too, for the outputs that still show them.
    await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.restartKernel());
    await page.waitForFunction(() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === "idle", null, {
      timeout: 60000,
    });
    await page.evaluate(() => window.jupyterapp.commands.execute("docmanager:save"));
    assert.deepEqual(Object.keys(savedState()).sort(), resaved, "saved after a kernel restart, the pictures stay");
    assert.deepEqual((await readViews()).shownModels, again.shownModels, "the views still show the same models");

    assert.deepEqual(realProblems(problems), [], "no page errors besides the known harmless 404s");
  },
);

// Frame tables: a stream of danfojs frames (one with row labels) and a streaming dataframe, each a live
// table (the danfojs ones inside their stream's output), come back from a saved notebook with their last
// rows and their column types, the index first where a frame has one.
const frameCells = JSON.parse(readFileSync(FRAMES_FIXTURE, "utf8")).cells;
const frameCellOf = (text) => frameCells.findIndex((c) => [].concat(c.source).join("").includes(text));
const FRAME_TABLES = [
  {
    cell: frameCellOf("const danfoFrames"),
    columns: ["id", "name", "ok", "at"],
    types: ["int", "string", "bool", "timestamp"],
    rows: [
      ["1", "ant", "true"],
      ["2", "bee", "false"],
      ["3", "cat", "true"],
    ],
  },
  {
    cell: frameCellOf("const labelled"),
    columns: ["(index)", "n", "x"],
    types: ["string", "int", "float"],
    rows: [
      ["cat", "3", "2.5"],
      ["ant", "1", "0.5"],
      ["bee", "2", "1.5"],
    ],
  },
  {
    cell: frameCellOf("new StreamingDataFrame"),
    columns: ["name", "n"],
    types: ["string", "int"],
    rows: [
      ["c", "3"],
      ["b", "2"],
      ["a", "1"],
    ],
  },
];

/** Each frame table's model and what it lists now (its view's latest record), in FRAME_TABLES order. */
function readFrameTables() {
  return page.evaluate(
    ({ cells, expr }) =>
      cells.map((i) => {
        const model = window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector(".jp-StreamzTable")?.dataset.model;
        const cells = eval(expr)
          .filter((r) => r.model === model && r.cells)
          .at(-1)?.cells;
        return { model, columns: cells?.columns, types: cells?.types, rows: cells?.rows };
      }),
    { cells: FRAME_TABLES.map((t) => t.cell), expr: METRICS },
  );
}

/** The tables' rows cut to the columns FRAME_TABLES lists (the timestamps read in local time). */
const shownPart = (tables) => tables.map((t, i) => t.rows?.map((r) => r.slice(0, FRAME_TABLES[i].rows[0].length)) ?? null);

async function waitForFrameTables(what) {
  const want = JSON.stringify(FRAME_TABLES.map((t) => t.rows));
  try {
    await page.waitForFunction(
      ({ cells, expr, want }) => {
        const widths = JSON.parse(want).map((rows) => rows[0].length);
        const now = cells.map((i, k) => {
          const model = window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector(".jp-StreamzTable")?.dataset.model;
          const rows = eval(expr)
            .filter((r) => r.model === model && r.cells)
            .at(-1)?.cells.rows;
          return rows?.map((r) => r.slice(0, widths[k])) ?? null;
        });
        return JSON.stringify(now) === want;
      },
      { cells: FRAME_TABLES.map((t) => t.cell), expr: METRICS, want },
      { timeout: 30000, polling: 100 },
    );
  } catch (err) {
    assert.fail(`${what}: the frame tables did not come to their last frames: ${JSON.stringify(await readFrameTables())}\n${err.message}`);
  }
}

test(
  "a notebook saved with live frame tables reopens, with no kernel, showing their last rows in their column types",
  { timeout: 330000 },
  async () => {
    await openAndRun(FRAMES_NOTEBOOK);
    await waitForFrameTables("live");
    const live = await readFrameTables();
    assert.deepEqual(
      live.map((t) => [t.columns, t.types]),
      FRAME_TABLES.map((t) => [t.columns, t.types]),
      "each table's columns in their types; the labelled frames' index first",
    );
    assert.deepEqual(
      shownPart(live),
      FRAME_TABLES.map((t) => t.rows),
    );
    await page.screenshot({
      path: join(tmpdir(), "saved-frames-live.png"),
      clip: await outputBox(
        page,
        FRAME_TABLES.map((t) => t.cell),
      ),
    });

    await saveAndClose(FRAMES_NOTEBOOK);
    const saved = savedState(FRAMES_NOTEBOOK);
    for (const t of live) assert.equal(saved[t.model]?.model_name, "LiveTableModel", `the saved notebook carries table ${t.model}`);

    await openNotebook(page, lab, FRAMES_NOTEBOOK, { timeout: 150000 });
    await waitForFrameTables("reopened");
    const reopened = await readFrameTables();
    assert.deepEqual(reopened, live, "each table drawn from the saved state: the same model, columns, types and rows");
    const failures = (await readCells(page)).flatMap((c) => c.widgetFailures ?? []);
    assert.deepEqual(failures, [], "no 'Error displaying widget: model not found'");
    await page.screenshot({
      path: join(tmpdir(), "saved-frames-reopened.png"),
      clip: await outputBox(
        page,
        FRAME_TABLES.map((t) => t.cell),
      ),
    });
    assert.deepEqual(realProblems(problems), [], "no page errors besides the known harmless 404s");
  },
);
