/**
 * Issue 13, in the real JupyterLab 4.6.4 on the real `streamz-ts` kernel: the fixture notebook
 * (test/fixtures/view-modes.ipynb) shows a group-by as a bar chart and a table, event streams and
 * plain values as tables, Random frames as a table and a chart of `Date.now()` times, then feeds them.
 * Read back through the views' own records of what they applied and show (labextension metrics):
 * - a group-by's bar chart holds one bar per key, the latest totals, a key that came late included,
 *   and never more bars than keys (results do not stack); its table lists keys in key order from 0;
 * - tables keep types: timestamps read as dates and times, Random's `y` is labelled int, a long text
 *   shows in full on hover; plain values have no `index` column; event rows are newest first unless
 *   `order: "arrival"` is asked for;
 * - a temporal axis reads as clock time (no bare `.800`) and spans its data (no "nice" gap);
 * - in a narrow window a table's horizontal scrollbar sits below its last row, not over it;
 * - a stream of danfojs frames shows its latest frame as a typed live table, a streaming series its values.
 * STREAMZ_SCREENSHOTS=1 also saves the group-by, the tables and the frames' table to docs/img/.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { realProblems } from "./support/browser.cjs";
import { repoDir, startLabWithBrowser } from "./support/lab-server.cjs";
import { openNotebook, outputBox, runAllCells, scrollToCell } from "./support/notebook-page.cjs";

const FIXTURE = join(repoDir, "labextension", "test", "fixtures", "view-modes.ipynb");
const METRICS = 'globalThis[Symbol.for("streamz-ts.metrics")]';
const SCREENSHOTS = process.env.STREAMZ_SCREENSHOTS === "1";

let lab;
let page;
let problems;
let session;

before(async () => {
  session = await startLabWithBrowser([FIXTURE]);
  ({ lab, page, problems } = session);
});

after(async () => session?.stop());

const cells = JSON.parse(readFileSync(FIXTURE, "utf8")).cells;
const cellOf = (text) => cells.findIndex((c) => [].concat(c.source).join("").includes(text));

/** The model ids of the views (`.jp-StreamzChart` / `.jp-StreamzTable`) in cell `i`, in output order. */
function modelsIn(i, selector) {
  return page.evaluate(
    ({ i, selector }) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
      return [...cell.node.querySelectorAll(selector)].map((el) => el.dataset.model);
    },
    { i, selector },
  );
}

/** Every record of one model, in order. */
function recordsOf(model) {
  return page.evaluate(({ expr, model }) => eval(expr).filter((r) => r.model === model), { expr: METRICS, model });
}

/** The last record of one model (what it shows now). */
async function lastOf(model) {
  return (await recordsOf(model)).at(-1);
}

/** Waits until one table model's latest record shows exactly `rows` (its cells' text, as JSON). */
function tableRowsBecome(model, rows) {
  return page.waitForFunction(
    ({ expr, model, rows }) =>
      JSON.stringify(
        eval(expr)
          .filter((r) => r.model === model)
          .at(-1)?.cells?.rows,
      ) === rows,
    { expr: METRICS, model, rows },
    { timeout: 20000, polling: 100 },
  );
}

const CLOCK_LABEL = /^\d\d:\d\d(:\d\d(\.\d{3})?)?$/;
const FULL_TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/;

test("group-bys replace, event tables keep their types and order, time axes read as clock time", { timeout: 330000 }, async () => {
  await openNotebook(page, lab, "view-modes.ipynb", { timeout: 150000 });
  const run = await runAllCells(page, { timeout: 150000 });
  assert.equal(run.ok, true, `every cell ran: ${JSON.stringify(run)}`);

  // The group-by: the last frame set a to 12; the kernel's last flush brings the views there.
  const groupCell = cellOf("totals.plot.bar");
  const [barModel] = await modelsIn(groupCell, ".jp-StreamzChart");
  const [groupTable] = await modelsIn(groupCell, ".jp-StreamzTable");
  await tableRowsBecome(groupTable, '[["a","12"],["b","3"],["c","5"]]');
  const table = await lastOf(groupTable);
  assert.deepEqual(table.cells.rowNumbers, [0, 1, 2], "rows numbered by position, not by how many results came before");
  assert.deepEqual(table.cells.types, ["string", "float"]);
  const bars = await recordsOf(barModel);
  assert.ok(
    bars.every((r) => r.shown <= 3),
    `never more bars than keys: ${bars.map((r) => r.shown)}`,
  );
  assert.equal(bars.at(-1).shown, 3, "one bar per key, the late key c included");
  assert.deepEqual(bars.at(-1).xAxis.labels, ["a", "b", "c"]);
  const chartRows = await page.evaluate(
    (i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector(".jp-StreamzChart").dataset.rows,
    groupCell,
  );
  assert.equal(chartRows, "3", "Vega's own data set holds one row per key");

  // Event rows with a Date, a number and long text: newest first, typed, full text on hover.
  const eventCell = cellOf("interface Hit");
  const [hitsTable, plainTable, arrivalTable] = await modelsIn(eventCell, ".jp-StreamzTable");
  const hits = await lastOf(hitsTable);
  assert.deepEqual(hits.cells.columns, ["at", "n", "line"]);
  assert.deepEqual(
    hits.cells.types,
    ["timestamp", "number", "string"],
    "a Date column is a timestamp; JavaScript numbers are numbers, neither int nor float",
  );
  assert.match(hits.cells.rows[0][0], FULL_TIMESTAMP);
  assert.deepEqual(hits.cells.rowNumbers, [11, 10, 9, 8, 7], "newest first");
  assert.match(hits.cells.rows[0][2], /^line 11: a long line/);
  const plain = await lastOf(plainTable);
  assert.deepEqual(plain.cells.columns, ["value"], "no index column beside the row numbers");
  assert.deepEqual(plain.cells.types, ["number"]);
  assert.deepEqual(
    plain.cells.rows.map((r) => r[0]),
    ["121", "100", "81", "64", "49"],
  );
  const arrival = await lastOf(arrivalTable);
  assert.deepEqual(arrival.cells.rowNumbers, [7, 8, 9, 10, 11], "order: arrival lists oldest first");

  // Hovering the long text shows it whole (the cell itself is ellipsised by the grid).
  await scrollToCell(page, eventCell);
  const hover = await page.evaluate(async (model) => {
    const grid = document.querySelector(`.jp-StreamzTable[data-model="${model}"] .jp-StreamzTable-grid`);
    const box = grid.getBoundingClientRect();
    const y = box.top + 2 * 22 + 11; // the first body row
    for (let x = box.left + 70; x < box.right; x += 15) {
      grid.dispatchEvent(new MouseEvent("mousemove", { clientX: x, clientY: y, bubbles: true }));
      if (grid.title.startsWith("line")) return { title: grid.title, x: x - box.left };
    }
    return { title: grid.title };
  }, hitsTable);
  assert.equal(hover.title, hits.cells.rows[0][2], "the full text on hover");

  // Random frames: time as a timestamp, y as int, name as a string.
  const randomCell = cellOf("new Random(");
  const [randomTable] = await modelsIn(randomCell, ".jp-StreamzTable");
  const random = await lastOf(randomTable);
  assert.deepEqual(random.cells.columns, ["time", "name", "x", "y", "z"]);
  assert.deepEqual(random.cells.types, ["timestamp", "string", "float", "int", "float"]);
  assert.match(random.cells.rows[0][0], FULL_TIMESTAMP);
  assert.match(random.cells.rows[0][3], /^\d+$/);

  // Upsert by key with a retention of 3: the latest reading per sensor, retired keys removed in the view.
  const upsertCell = cellOf('mode: "upsert", key: "sensor"');
  const [upsertChart] = await modelsIn(upsertCell, ".jp-StreamzChart");
  const [upsertTable] = await modelsIn(upsertCell, ".jp-StreamzTable");
  await tableRowsBecome(upsertTable, '[["s1","10"],["s4","4"],["s5","5"]]');
  const sensors = await recordsOf(upsertChart);
  assert.ok(sensors.some((r) => r.shown === 3) && sensors.at(-1).shown === 3, `three sensors kept: ${sensors.map((r) => r.shown)}`);
  assert.deepEqual([...sensors.at(-1).xAxis.labels].sort(), ["s1", "s4", "s5"], "s2 and s3 were retired from the chart");

  // A chart of Date.now() times: clock labels, and an x axis that ends at the newest point.
  const timeCell = cellOf("Date.now(), with no axis help");
  const [timeChart] = await modelsIn(timeCell, ".jp-StreamzChart");
  const time = await lastOf(timeChart);
  assert.ok(time.xAxis.labels.length >= 2, `the time axis has labels: ${time.xAxis.labels}`);
  for (const label of time.xAxis.labels) assert.match(label, CLOCK_LABEL, `clock-time labels: ${time.xAxis.labels}`);
  assert.equal(time.xAxis.domain[1], time.newest.t, "the axis ends at the newest point: no nice gap");

  // A stream of danfojs frames as a cell's value: its output shows the latest frame as a live table
  // (replace mode, rows by position) in the frame's own column types, not an object dump.
  const danfoCell = cellOf("const danfoFrames");
  const [danfoTable] = await modelsIn(danfoCell, ".jp-StreamzOutput .jp-StreamzTable");
  assert.ok(danfoTable, "the stream of frames shows a table inside its output");
  await page.waitForFunction(
    ({ expr, model }) =>
      eval(expr)
        .filter((r) => r.model === model)
        .at(-1)?.cells?.rows.length === 4,
    { expr: METRICS, model: danfoTable },
    { timeout: 20000, polling: 100 },
  );
  const danfo = await lastOf(danfoTable);
  assert.deepEqual(danfo.cells.columns, ["id", "name", "ok", "at"]);
  assert.deepEqual(danfo.cells.types, ["int", "string", "bool", "timestamp"], "ints as ints, strings, booleans, dates");
  assert.deepEqual(
    danfo.cells.rows.map((r) => r.slice(0, 3)),
    [
      ["1", "ant", "true"],
      ["2", "bee", "true"],
      ["3", "cat", "true"],
      ["4", "dog", "false"],
    ],
    "the latest frame, whole",
  );
  for (const r of danfo.cells.rows) assert.match(r[3], FULL_TIMESTAMP);
  assert.deepEqual(danfo.cells.rowNumbers, [0, 1, 2, 3], "rows numbered by position in the frame");
  assert.equal(danfo.rows, 2, "the second frame travelled as what changed: bee's row and the new dog row (a patch)");
  const danfoText = await page.evaluate(
    (i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector(".jp-StreamzOutput").textContent,
    danfoCell,
  );
  assert.doesNotMatch(danfoText, /\$data|\$columns|getColumnData/, "no object dump");

  // A streaming series as a cell's value: a live table of its values, newest first.
  const seriesCell = cellOf('sdf.get("x")');
  const [seriesTable] = await modelsIn(seriesCell, ".jp-StreamzTable");
  assert.ok(seriesTable, "the series shows as a live table, not a static line");
  const series = await lastOf(seriesTable);
  assert.deepEqual(series.cells.columns, ["x"]);
  assert.deepEqual(
    series.cells.rows.map((r) => r[0]),
    ["10", "5", "1", "1", "2", "1"],
    "every frame's x, newest first",
  );

  if (SCREENSHOTS) {
    mkdirSync(join(repoDir, "docs", "img"), { recursive: true });
    for (const [i, file] of [
      [groupCell, "views-groupby.png"],
      [eventCell, "views-tables.png"],
      [danfoCell, "views-frames.png"],
    ]) {
      const box = await outputBox(page, [i]);
      await page.screenshot({ path: join(repoDir, "docs", "img", file), clip: box });
    }
  }

  // A narrow window: the hits table is wider than its output area; its scrollbar goes below the rows.
  await page.setViewportSize({ width: 700, height: 1000 });
  await page.waitForFunction(
    (model) => document.querySelector(`.jp-StreamzTable[data-model="${model}"]`)?.dataset.scrollbar === "true",
    hitsTable,
    { timeout: 20000 },
  );
  await scrollToCell(page, eventCell);
  const fit = await page.evaluate((model) => {
    const view = document.querySelector(`.jp-StreamzTable[data-model="${model}"]`);
    const grid = view.querySelector(".jp-StreamzTable-grid").getBoundingClientRect();
    const bar = view.querySelector('.lm-ScrollBar[data-orientation="horizontal"]');
    const barBox = bar.getBoundingClientRect();
    return {
      gridTop: grid.top,
      barTop: barBox.top,
      barHeight: barBox.height,
      barHidden: bar.classList.contains("lm-mod-hidden") || barBox.height === 0,
      rows: Number(view.dataset.rows),
    };
  }, hitsTable);
  assert.equal(fit.barHidden, false, "the horizontal scrollbar shows");
  const lastRowBottom = fit.gridTop + 1 + 2 * 22 + fit.rows * 22;
  assert.ok(fit.barTop >= lastRowBottom - 1, `the scrollbar (top ${fit.barTop}) is below the last row (bottom ${lastRowBottom})`);

  assert.deepEqual(realProblems(problems), [], "no page errors besides the known harmless 404s");
});
