/**
 * Controls as streams in the real JupyterLab: a slider and a toggle (ipywidgets' own controls, drawn by
 * the Lab's widget manager) boxed beside a live table, the slider shown again in a second cell. Moving
 * the slider with the keyboard, as a user can, moves its other view and reaches the kernel as the
 * stream's new value; `set()` in the kernel moves both views. A live graph's counters grow while its
 * stream runs and stop when it stops, and its labels read at a normal text size, inside their nodes.
 * STREAMZ_SCREENSHOTS=1 saves the panel to docs/img/lab-controls.png and the live graph to
 * docs/img/lab-live-graph.png (without it the graph's picture goes to the temporary directory, to look at).
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openNotebook, outputBox, runAllCells, scrollToCell } from "./support/notebook-page.cjs";
import { repoDir, startLabWithBrowser } from "./support/lab-server.cjs";

const CELLS = [
  'import { Stream } from "@streamz-ts/core";\nimport { slider, toggle, hbox, vbox } from "@streamz-ts/widgets";',
  'const threshold = slider({ min: 0, max: 10, step: 1, value: 5, description: "threshold" });\n' +
    'const paused = toggle({ description: "pause" });\n' +
    "const src = new Stream<number>();\n" +
    "const above = src.combineLatest(threshold).filter(([x, t]) => x > t).map(([x, t]) => ({ x, threshold: t }));\n" +
    "const passed = above.sinkToList();\n" +
    "hbox(vbox(threshold, paused), above.table({ rows: 5 }))",
  "threshold",
  "for (let x = 0; x <= 10; x++) src.emit(x);",
  'const ticker = new Stream<number>({ name: "ticker" });\n' +
    'ticker.map((x) => x * x).label("square").sinkToList();\n' +
    'const picky = ticker.filter((x) => x % 3 !== 0).label("not3")\n' +
    '  .map((x) => { if (x % 7 === 0) throw new Error("seven"); return x; }).label("picky");\n' +
    "picky.onError(); // a failure is routed: the ticker goes on\n" +
    "picky.timedWindow(1000).sinkToList();\n" +
    "let tick = 0;\n" +
    "const timer = setInterval(() => ticker.emit(tick++), 20);\n" +
    "ticker.graph()",
];

let lab;
let page;
let session;
let dir;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "streamz-controls-"));
  const notebook = {
    cells: CELLS.map((source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { name: "streamz-ts", display_name: "TypeScript (streamz-ts)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, "controls.ipynb"), JSON.stringify(notebook));
  session = await startLabWithBrowser([join(dir, "controls.ipynb")]);
  ({ lab, page } = session);
  await page.setViewportSize({ width: 1280, height: 1400 });
});

after(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Polls `check` (each poll a round trip to the kernel) until it holds, failing after `ms`. */
async function until(check, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
  }
}

/** What `code` evaluates to in the notebook's kernel (its text/plain result). */
function evaluate(code) {
  return page.evaluate(async (code) => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    let result;
    const future = kernel.requestExecute({ code, store_history: false });
    future.onIOPub = (msg) => {
      if (msg.header.msg_type === "execute_result") result = msg.content.data["text/plain"];
    };
    await future.done;
    return result;
  }, code);
}

test("a slider is drawn twice, beside a live table, and moving it reaches the kernel", { timeout: 180000 }, async () => {
  await openNotebook(page, lab, "controls.ipynb");
  const run = await runAllCells(page);
  assert.equal(run.ok, true, run.error);
  await page.waitForFunction(() => document.querySelectorAll(".widget-slider .noUi-handle").length === 2, null, {
    timeout: 30000,
    polling: 100,
  });
  assert.equal(await page.locator(".widget-toggle-button").count(), 1);
  const readouts = () => page.locator(".widget-readout").allInnerTexts();
  assert.deepEqual(await readouts(), ["5", "5"]);

  await scrollToCell(page, 1);
  await page.locator(".widget-slider .noUi-handle").first().focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => [...document.querySelectorAll(".widget-readout")].every((r) => r.textContent.trim() === "7"), null, {
    timeout: 10000,
    polling: 100,
  });
  // The readouts move at once; the browser's update reaches the kernel a moment later (ipywidgets
  // throttles a drag's messages): wait for the kernel to have it, within a bound.
  await until(async () => (await evaluate("threshold.value")) === "7", "the kernel sees 7");
  // 0..10 against 5 passed 6..10; each step of the slider was an element: the last x (10) against 6, then 7.
  assert.equal(
    await evaluate("JSON.stringify(passed.map((p) => p.x + '>' + p.threshold))"),
    `'["6>5","7>5","8>5","9>5","10>5","10>6","10>7"]'`,
  );

  // And the other way: the kernel sets the value, both views move.
  assert.equal(await evaluate("threshold.set(2); threshold.value"), "2");
  await page.waitForFunction(() => [...document.querySelectorAll(".widget-readout")].every((r) => r.textContent.trim() === "2"), null, {
    timeout: 10000,
    polling: 100,
  });

  if (process.env.STREAMZ_SCREENSHOTS === "1") {
    await scrollToCell(page, 1);
    const box = await page.evaluate(() => {
      const r = window.jupyterapp.shell.currentWidget.content.widgets[1].node.querySelector(".jp-OutputArea").getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    await page.screenshot({ path: join(repoDir, "docs", "img", "lab-controls.png"), clip: box });
  }
});

/** The lines the live graph's drawing shows under `map(square)` now: its counts, then its rate. */
function squareLines() {
  return page.evaluate(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    const svg = cells[cells.length - 1].node.querySelector(".jp-OutputArea svg");
    const texts = svg ? [...svg.querySelectorAll("text")].map((t) => t.textContent) : [];
    const at = texts.indexOf("map(square)");
    return at < 0 ? { counts: "", rate: "" } : { counts: texts[at + 1] ?? "", rate: texts[at + 2] ?? "" };
  });
}
/** Elements into map(square) as the drawing shows them (`1.2k` read as 1200). */
async function squareCount() {
  const m = /^([\d.]+)(k?) in/.exec((await squareLines()).counts);
  return m ? Number(m[1]) * (m[2] === "k" ? 1000 : 1) : 0;
}
/** How the graph writes a count (its `short`). */
const short = (n) => (n < 1000 ? String(n) : n < 1e4 ? `${(n / 1e3).toFixed(1)}k` : `${(n / 1e3).toFixed(0)}k`);

test("a live graph's counters grow while its stream runs and stop when it stops", { timeout: 180000 }, async () => {
  await scrollToCell(page, CELLS.length - 1);
  await until(async () => (await squareCount()) > 0, "the graph shows elements into map(square)", 30000);
  const first = await squareCount();
  await until(async () => (await squareCount()) > first, "the count grows while the stream runs", 30000);
  const sent = Number(await evaluate("clearInterval(timer); tick"));
  // A drawing made after the stop shows a rate of 0/s: from then on the count is what was sent, and stays.
  await until(async () => (await squareLines()).rate === "0/s", "a drawing after the stop", 30000);
  const { counts } = await squareLines();
  assert.match(counts, new RegExp(`^${short(sent).replace(".", "\\.")} in · ${short(sent).replace(".", "\\.")} out$`));
  assert.equal(Number(await evaluate("tick")), sent, "the stream stays stopped");
});

/**
 * Each node's label as the page draws it: its lines' rendered heights (px) and whether every line lies
 * inside the node's outline (Graphviz draws a node as a `g.node` with its shape and one `text` per line).
 */
function graphLabels() {
  return page.evaluate(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    const svg = cells[cells.length - 1].node.querySelector(".jp-OutputArea svg");
    return [...(svg?.querySelectorAll("g.node") ?? [])].map((g) => {
      const shape = g.querySelector("polygon, ellipse, path").getBoundingClientRect();
      const texts = [...g.querySelectorAll("text")];
      return {
        lines: texts.map((t) => t.textContent),
        heights: texts.map((t) => t.getBoundingClientRect().height),
        inside: texts.every((t) => {
          const r = t.getBoundingClientRect();
          return r.left >= shape.left - 1 && r.right <= shape.right + 1 && r.top >= shape.top - 1 && r.bottom <= shape.bottom + 1;
        }),
      };
    });
  });
}

test("the live graph's labels read at a normal text size, each inside its node", { timeout: 180000 }, async () => {
  await evaluate("const again = setInterval(() => ticker.emit(tick++), 20)");
  await scrollToCell(page, CELLS.length - 1);
  // A drawing made while the ticker runs again (its rate is not 0/s), with every kind of line: counts,
  // rate, waiting (the window) and failures (picky).
  const running = (nodes) =>
    nodes.some((n) => n.lines[0] === "stream(ticker)" && n.lines[2] !== "0/s") &&
    nodes.some((n) => n.lines.some((l) => / failed$/.test(l)));
  await until(async () => running(await graphLabels()), "a drawing of the running graph", 30000);
  const nodes = await graphLabels();
  const picky = nodes.find((n) => n.lines[0] === "map(picky)");
  assert.ok(picky, JSON.stringify(nodes.map((n) => n.lines)));
  assert.match(picky.lines.join("|"), /^map\(picky\)\|[\d.k]+ in · [\d.k]+ out\|[\d.k]+\/s\|[\d.k]+ failed$/);
  assert.ok(
    nodes.some((n) => n.lines[0].startsWith("timedWindow") && n.lines.some((l) => / waiting$/.test(l))),
    "the window shows what it holds",
  );
  const caption = await page.evaluate(() => {
    const cells = window.jupyterapp.shell.currentWidget.content.widgets;
    return cells[cells.length - 1].node.querySelector(".jp-StreamzOutput-caption")?.textContent;
  });
  assert.match(caption, /^live graph of /, "the caption names the graph");
  assert.doesNotMatch(caption, /values?$/, "and does not count its drawings");
  for (const n of nodes) {
    assert.ok(n.inside, `${n.lines[0]}: every line inside its node`);
    // The Lab's body text is 13px; a label drawn at 11pt and scaled to fit must not shrink below ~10px.
    for (const h of n.heights) assert.ok(h >= 10, `${n.lines[0]}: a line ${h.toFixed(1)}px high`);
  }
  const file =
    process.env.STREAMZ_SCREENSHOTS === "1" ? join(repoDir, "docs", "img", "lab-live-graph.png") : join(tmpdir(), "streamz-live-graph.png");
  const box = await outputBox(page, [CELLS.length - 1]);
  await page.screenshot({ path: file, clip: box });
  if (process.env.STREAMZ_SCREENSHOTS !== "1") console.log(`# the live graph: ${file}`);
  await evaluate("clearInterval(again)");
});
