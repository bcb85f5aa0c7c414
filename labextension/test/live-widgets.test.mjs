/**
 * The demo notebook in a real JupyterLab 4.6.4 (npm-built, served by Debian's jupyterlab_server) in
 * headless Chromium, against the real `streamz-ts` kernel: run its cells as a user would (Shift+Enter),
 * then check what the page shows, through the views' own records of each update they applied.
 * STREAMZ_SCREENSHOTS=1 also saves the README's pictures of the chart and the table (docs/img/lab-*.png).
 */
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { realProblems } from "./support/browser.cjs";
import { openNotebook } from "./support/notebook-page.cjs";
import { repoDir, startLabWithBrowser } from "./support/lab-server.cjs";

const DEMO = join(repoDir, "notebooks", "demo.ipynb");
const BACKLOG = 200; // the demo's chart backlog
const TABLE_ROWS = 10; // the demo's table size
const MIN_INTERVAL_MS = 500; // the widgets' default update interval (protocol DEFAULT_UPDATE_INTERVAL_MS)
const METRICS = 'globalThis[Symbol.for("streamz-ts.metrics")]';

let lab;
let page;
let problems;
let session;

before(async () => {
  session = await startLabWithBrowser([DEMO]);
  ({ lab, page, problems } = session);
});

after(async () => session?.stop());

/** The updates recorded so far, of one kind of view. */
function records(kind) {
  return page.evaluate(({ kind, expr }) => eval(expr).filter((r) => r.kind === kind), { kind, expr: METRICS });
}

/**
 * Saves a picture of the view `selector` in cell `cellIndex` for the README. The cell is scrolled into
 * view through the notebook, and the page clipped to the view's box: Playwright's element screenshot
 * waits for the element to hold still, which a live view under a busy CPU may never do.
 */
async function snapshot(cellIndex, selector, file) {
  const box = await page.evaluate(
    async ({ cellIndex, selector }) => {
      const notebook = window.jupyterapp.shell.currentWidget.content;
      await notebook.scrollToCell(notebook.widgets[cellIndex], "start");
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const rect = notebook.widgets[cellIndex].node.querySelector(selector)?.getBoundingClientRect();
      return rect && { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
    },
    { cellIndex, selector },
  );
  assert.ok(box && box.width > 100 && box.height > 50, `${selector} is on screen (${JSON.stringify(box)})`);
  await page.screenshot({ path: join(repoDir, "docs", "img", file), clip: box });
}

test("the demo notebook streams into a live output, table and chart in JupyterLab", { timeout: 330000 }, async () => {
  const cells = JSON.parse(readFileSync(DEMO, "utf8")).cells;
  const indexOf = (text) => cells.findIndex((c) => [].concat(c.source).join("").includes(text));
  const stopIndex = indexOf("readings.stop()");
  assert.ok(stopIndex > 0, "the demo notebook ends with a cell that stops the stream");

  // the first page of a freshly built Lab on a busy 2-core machine can take over a minute
  await openNotebook(page, lab, "demo.ipynb", { timeout: 150000 });

  // Run every cell up to the one that stops the stream, as a user would.
  await page.locator(".jp-NotebookPanel .jp-Cell").first().locator(".jp-InputPrompt").click();
  for (let i = 0; i < stopIndex; i++) await page.keyboard.press("Shift+Enter");

  // The chart fills up to its backlog, then stays there while the stream runs on.
  await page.waitForFunction(
    ({ expr, backlog }) => eval(expr).filter((r) => r.kind === "vegaChart" && r.shown === backlog).length >= 3,
    { expr: METRICS, backlog: BACKLOG },
    { timeout: 60000, polling: 250 },
  );
  const chart = await records("vegaChart");
  const shown = chart.map((r) => r.shown);
  assert.ok(shown[0] < BACKLOG, `the chart starts below its backlog (first counts: ${shown.slice(0, 5)})`);
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i] >= shown[i - 1], `the point count never drops: ${shown}`);
  const firstFull = shown.indexOf(BACKLOG);
  assert.ok(firstFull > 0, `the count grows over several updates before it reaches ${BACKLOG}: ${shown}`);
  assert.ok(
    shown.slice(firstFull).every((n) => n === BACKLOG),
    `then it stays at the backlog: ${shown}`,
  );
  const vegaCount = await page.locator(".jp-StreamzChart").first().getAttribute("data-rows");
  assert.equal(Number(vegaCount), BACKLOG, "Vega's own data set holds exactly the backlog");

  // The README's pictures, only when asked for: a test run leaves the tree as it was.
  if (process.env.STREAMZ_SCREENSHOTS === "1") {
    mkdirSync(join(repoDir, "docs", "img"), { recursive: true });
    await snapshot(indexOf(".chart("), ".jp-StreamzChart", "lab-chart.png");
    await snapshot(indexOf(".table("), ".jp-StreamzTable", "lab-table.png");
  }

  // Stop the stream; the last cell's result is the last tick produced.
  const stopCell = page.locator(".jp-NotebookPanel .jp-Cell").nth(stopIndex);
  await page.evaluate(async (i) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    await notebook.scrollToCell(notebook.widgets[i], "center");
  }, stopIndex);
  await stopCell.locator(".jp-InputPrompt").click();
  await page.keyboard.press("Shift+Enter");
  // "attached", not "visible": Lab skips painting cells scrolled out of view (content-visibility).
  await stopCell.locator(".jp-OutputArea-output").first().waitFor({ state: "attached", timeout: 30000 });
  const lastTick = Number((await stopCell.locator(".jp-OutputArea-output").first().textContent()).trim());
  assert.ok(Number.isInteger(lastTick) && lastTick > BACKLOG, `the stream ran past the backlog (tick ${lastTick})`);

  // The kernel's last flush brings every view to that tick.
  await page.waitForFunction(
    ({ expr, tick }) => {
      const last = (kind) =>
        eval(expr)
          .filter((r) => r.kind === kind)
          .at(-1)?.newest;
      return last("streamOutput") === String(tick) && last("liveTable")?.t === tick && last("vegaChart")?.t === tick;
    },
    { expr: METRICS, tick: lastTick },
    { timeout: 10000, polling: 100 },
  );
  const output = page.locator(".jp-StreamzOutput .jp-StreamzOutput-value").first();
  assert.equal((await output.textContent()).trim(), String(lastTick), "the output shows the latest value");
  const table = (await records("liveTable")).at(-1);
  assert.equal(table.shown, TABLE_ROWS, "the table holds its configured number of rows");
  assert.equal(table.newest.t, lastTick, "the table's top row is the newest row");
  assert.equal(await page.locator(".jp-StreamzTable").first().getAttribute("data-rows"), String(TABLE_ROWS));

  // No view was updated more often than the rate limit allows: at most one update per interval over
  // the whole run, counted rather than timed gap by gap, with one second of slack for delivery jitter
  // (a busy browser may take in two updates back to back). Without the limit, the stream's 100
  // elements per second would give hundreds of updates here, not a dozen.
  const JITTER_MS = 1000;
  for (const kind of ["streamOutput", "liveTable", "vegaChart"]) {
    const recs = await records(kind);
    const times = recs.map((r) => r.at);
    const trace = recs.map((r) => `${Math.round(r.at)}ms seq ${r.seq} +${r.rows}`).join(", ");
    assert.ok(times.length >= 4, `${kind} was updated several times (${times.length})`);
    // Counted from the second update: the first one's time includes the view's first draw (seconds, in a
    // browser under load), which would shorten the span the others are measured against.
    const span = times.at(-1) - times[1];
    const allowed = Math.floor((span + JITTER_MS) / MIN_INTERVAL_MS) + 2;
    assert.ok(times.length <= allowed, `${kind}: ${times.length} updates in ${Math.round(span)} ms (at most ${allowed}): ${trace}`);
  }

  // The chart follows the output area's width, and the Lab theme (it is built anew in the dark theme).
  const chartIndex = indexOf(".chart(");
  const canvasWidth = () =>
    page.evaluate((i) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
      return cell.node.querySelector(".jp-StreamzChart canvas")?.getBoundingClientRect().width ?? 0;
    }, chartIndex);
  const wide = await canvasWidth();
  await page.setViewportSize({ width: 900, height: 1000 });
  await page.waitForFunction(
    ({ i, wide }) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[i];
      const w = cell.node.querySelector(".jp-StreamzChart canvas")?.getBoundingClientRect().width ?? 0;
      return w > 100 && w < wide - 200;
    },
    { i: chartIndex, wide },
    { timeout: 20000 },
  );
  const embeds = (await records("vegaChartEmbed")).length;
  await page.evaluate(() => window.jupyterapp.commands.execute("apputils:change-theme", { theme: "JupyterLab Dark" }));
  await page.waitForFunction(
    ({ expr, embeds }) => eval(expr).filter((r) => r.kind === "vegaChartEmbed").length > embeds,
    { expr: METRICS, embeds },
    { timeout: 20000 },
  );
  assert.equal((await records("vegaChartEmbed")).at(-1).shown, BACKLOG, "the rebuilt chart keeps its rows");

  assert.deepEqual(realProblems(problems), [], "no page errors besides the known harmless 404s");
});

/** Runs `code` in the notebook's kernel (not in a cell) and returns its status and text/plain result. */
function runInKernel(code) {
  return page.evaluate(async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const future = kernel.requestExecute({ code, store_history: false });
    let result;
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === "execute_result") result = msg.content.data["text/plain"];
    };
    const reply = await future.done;
    return { status: reply.content.status, result };
  }, code);
}

/** Ids of the widget comms the notebook's kernel has open, as it answers comm_info_request. */
function widgetComms() {
  return page.evaluate(async () => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    const reply = await kernel.requestCommInfo({ target_name: "jupyter.widget" });
    return Object.keys(reply.content.comms);
  });
}

/** A ticking stream shown live, and the kernel's pid: timers and comms that must not outlive the kernel. */
async function startTicker() {
  const started = await runInKernel(
    'import { fromPeriodic as every } from "@streamz-ts/core";\n' +
      'import { display as show } from "@streamz-ts/widgets";\n' +
      "const ticker = every(() => Date.now(), 20);\nshow(ticker);\nticker.start();\nprocess.pid",
  );
  assert.equal(started.status, "ok", JSON.stringify(started));
  const pid = Number(started.result);
  assert.ok(Number.isInteger(pid) && pid > 0, `the kernel told its pid (${started.result})`);
  assert.ok((await widgetComms()).length >= 1, "the ticker's view has a comm in the kernel");
  return pid;
}

/** Resolves once process `pid` has exited (it is not our child, so there is no exit event to wait on). */
async function exited(pid, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if (e.code === "ESRCH") return;
      throw e;
    }
    assert.ok(Date.now() < deadline, `${what}: kernel process ${pid} still running after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("restarting the kernel and closing the notebook leave no kernel, timer or comm running", { timeout: 300000 }, async () => {
  await openNotebook(page, lab, "demo.ipynb", { timeout: 150000 }); // a page of its own, whatever the test before left
  const first = await startTicker();
  await page.evaluate(() => window.jupyterapp.shell.currentWidget.sessionContext.restartKernel());
  await exited(first, "after a restart");
  await page.waitForFunction(() => window.jupyterapp.shell.currentWidget.sessionContext.session?.kernel?.status === "idle", null, {
    timeout: 60000,
  });
  assert.deepEqual(await widgetComms(), [], "the restarted kernel has no widget comms");

  // In this Lab, closing a notebook shuts its kernel down (lab-host/settings/overrides.json): a live
  // stream must not go on ticking, unseen, in the background.
  const second = await startTicker();
  // saved first, as a user would: closing a notebook with unsaved outputs asks whether to save
  await page.evaluate(async () => {
    await window.jupyterapp.commands.execute("docmanager:save");
    await window.jupyterapp.shell.currentWidget.close();
  });
  await exited(second, "after closing the notebook");
  const sessions = await (await fetch(`${lab.url}/api/sessions`, { headers: { Authorization: `token ${lab.token}` } })).json();
  assert.deepEqual(sessions, [], "no session is left");
  const kernels = await (await fetch(`${lab.url}/api/kernels`, { headers: { Authorization: `token ${lab.token}` } })).json();
  assert.deepEqual(kernels, [], "no kernel is left");
  assert.deepEqual(realProblems(problems), [], "no page errors besides the known harmless 404s");
});
