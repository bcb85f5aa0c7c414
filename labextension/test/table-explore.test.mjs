/**
 * Exploring a live table in the real Lab (issue 17): scrolled away from its newest rows, a table of
 * events keeps the row the user looks at at the top of the view while rows keep arriving above it and
 * leave its full backlog below; Follow returns to the newest row. The mouse wheel scrolls the table
 * (and leaving the newest rows that way explores too). What is checked is where the grid itself paints
 * (its hit test at the top of the body, recorded by the view at every update), never pixels.
 *
 * The updates checked are counted from the user's action, never from when the test gets to look: on a
 * loaded machine the test's own page calls can lag the page by many updates, and a held row leaves a
 * full backlog after BACKLOG / 25 updates (the view then rests at the end where rows leave, by design).
 * Input is dispatched in the page as the DOM events the browser makes: Playwright's mouse waits for the
 * page to draw a frame, and a loaded headless Chromium was seen drawing none for minutes.
 * STREAMZ_SCREENSHOTS=1 also saves the held table to a temporary folder (its path is printed).
 */
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openNotebook, runAllCells } from "./support/notebook-page.cjs";
import { startLabWithCells } from "./support/lab-server.cjs";

/** Rows the table keeps: once full, every update drops as many old rows as it brings (about 25). */
const BACKLOG = 500;
/** Updates the held row is watched over (at ~25 rows each it stays well inside the backlog). */
const UPDATES = 12;

// Five rows every 100 ms (50 a second): fewer timer ticks than one row each, so a loaded kernel keeps up.
const CELLS = [
  'import { fromPeriodic } from "@streamz-ts/core";\nlet k = 0;\n' +
    "const ticks = fromPeriodic(() => Array.from({ length: 5 }, () => ({ n: k, label: `event ${k++}` })), 100);\n" +
    `const events = ticks.flatten();\nevents.table({ rows: ${BACKLOG} })`,
  "ticks.start();",
];

let session;
let page;

before(async () => {
  const started = Date.now();
  session = await startLabWithCells("table-explore.ipynb", CELLS);
  console.log(`Lab and browser started after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  page = session.page;
  await page.setViewportSize({ width: 1200, height: 900 });
});

after(() => session?.stop());

/** The table's update records so far (labextension/src/metrics.ts), oldest first. */
const records = () =>
  page.evaluate(() => {
    const model = document.querySelector(".jp-StreamzTable")?.dataset.model;
    return globalThis[Symbol.for("streamz-ts.metrics")]
      .filter((r) => r.kind === "liveTable" && r.model === model)
      .map((r) => ({ seq: r.seq, shown: r.shown, rows: r.rows, top: r.top, newestRow: r.cells?.rowNumbers[0] }));
  });
/** Waits until the table has applied `n` updates in all. */
const updates = (n) =>
  page.waitForFunction(
    (n) => {
      const model = document.querySelector(".jp-StreamzTable")?.dataset.model;
      return globalThis[Symbol.for("streamz-ts.metrics")].filter((r) => r.kind === "liveTable" && r.model === model).length >= n;
    },
    n,
    { timeout: 120000, polling: 100 },
  );
/** Waits until the table's toolbar says `state` ("exploring", or "" while following). */
const toolbarSays = (state) =>
  page.waitForFunction((state) => document.querySelector(".jp-StreamzTable .jp-StreamzToolbar-state")?.textContent === state, state, {
    timeout: 120000,
    polling: 50,
  });

/**
 * The `n` updates from the first one after record `before` that shows a row other than the newest at
 * the top (where the user's scroll took effect), waiting for them as they come.
 */
async function heldSince(before, n, what) {
  for (;;) {
    const since = (await records()).slice(before);
    const start = since.findIndex((r) => r.top && r.top.row !== r.newestRow);
    assert.ok(start >= 0 || since.length < n, `${what}: ${since.length} updates came and none left the newest row at the top`);
    if (start >= 0 && since.length - start >= n) return since.slice(start, start + n);
    await updates(before + Math.max(start, 0) + n);
  }
}

/** Asserts that every record of `held` shows the same row at the top, and that rows came and left. */
function assertHeld(held, what) {
  const first = held[0].top;
  assert.ok(first && first.row < held[0].newestRow, `${what}: the view left the newest row (${JSON.stringify(held[0])})`);
  for (const r of held) {
    assert.deepEqual(r.top, first, `${what}: update ${r.seq} shows ${JSON.stringify(r.top)} at the top, not ${JSON.stringify(first)}`);
    assert.equal(r.top.cells[0], String(first.row), `${what}: the row at the top reads its own number`);
  }
  assert.ok(
    held.every((r) => r.rows > 0),
    `${what}: rows arrived at every update`,
  );
  assert.ok(
    held.every((r) => r.shown === BACKLOG),
    `${what}: the backlog was full (old rows left at every update)`,
  );
  assert.ok(held.at(-1).newestRow - held[0].newestRow >= held.length - 1, `${what}: the newest row moved on`);
}

/**
 * A wheel turn of `dy` pixels over the middle of the table's element `selector`, dispatched in the page
 * to the element the browser would send it to there. Returns whether that element is in the table and
 * whether the wheel was taken (its default, scrolling the notebook, prevented).
 */
const wheel = (selector, dy) =>
  page.evaluate(
    ({ selector, dy }) => {
      const el = document.querySelector(".jp-StreamzTable").querySelector(selector);
      const box = el.getBoundingClientRect();
      const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
      const target = document.elementFromPoint(at.clientX, at.clientY);
      const e = new WheelEvent("wheel", { ...at, bubbles: true, cancelable: true, deltaY: dy, deltaMode: WheelEvent.DOM_DELTA_PIXEL });
      const taken = target ? !target.dispatchEvent(e) : false;
      return { inside: el.contains(target), taken };
    },
    { selector, dy },
  );

/**
 * A left-button press and release on the table's element `selector`, dispatched in the page as the DOM
 * events a click makes. Not Playwright's mouse: its input waits for the page to draw a frame, and a
 * loaded headless Chromium was seen drawing none for minutes (the views themselves never wait for one).
 */
const press = (selector) =>
  page.evaluate((selector) => {
    const el = document.querySelector(".jp-StreamzTable").querySelector(selector);
    const box = el.getBoundingClientRect();
    const at = { bubbles: true, cancelable: true, button: 0, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
    el.dispatchEvent(new MouseEvent("mousedown", { ...at, buttons: 1 }));
    el.dispatchEvent(new MouseEvent("mouseup", at));
    el.dispatchEvent(new MouseEvent("click", at));
  }, selector);

/** What the page shows when a step fails (a view gone, a kernel restarted): for the failure's message. */
const pageState = async () =>
  JSON.stringify(
    await page.evaluate(async () => ({
      kernel: window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel?.status,
      tables: [...document.querySelectorAll(".jp-StreamzTable")].map((el) => ({
        ...el.dataset,
        gridBox: JSON.stringify(el.querySelector(".jp-StreamzTable-grid")?.getBoundingClientRect()),
        bars: [...el.querySelectorAll(".lm-ScrollBar")].map((b) => `${b.className} ${JSON.stringify(b.getBoundingClientRect())}`),
      })),
      outputs: [...document.querySelectorAll(".jp-Cell-outputArea")].map((o) => o.textContent.slice(0, 200)),
      now: performance.now(),
      // animation frames in one second: a loaded headless Chromium may give none
      frames: await new Promise((done) => {
        let n = 0;
        const count = () => (n++, requestAnimationFrame(count));
        requestAnimationFrame(count);
        setTimeout(() => done(n), 1000);
      }),
      records: globalThis[Symbol.for("streamz-ts.metrics")]
        .filter((r) => r.kind === "liveTable")
        .slice(-6)
        .map((r) => [Math.round(r.at), r.seq, r.rows, r.top?.row, r.cells?.rowNumbers[0]]),
    })),
  ) + JSON.stringify(session.problems);

/** Runs `steps`; when one fails, adds the page's state (and a screenshot's path) to the failure. */
async function explained(t, steps) {
  try {
    await steps();
  } catch (err) {
    t.diagnostic(await pageState().catch((e) => `page state unavailable: ${e}`));
    const shot = join(mkdtempSync(join(tmpdir(), "streamz-fail-")), "page.png");
    await page.screenshot({ path: shot }).then(
      () => t.diagnostic(`screenshot: ${shot}`),
      () => undefined,
    );
    throw err;
  }
}

/** A function that prints, as a diagnostic, the seconds since it was made and what was reached then. */
function stopwatch(t) {
  const started = Date.now();
  return (what) => t.diagnostic(`${what} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Asserts that the updates after record `from` show the newest row at the top (two of them at least). */
async function following(from, what) {
  await updates(from + 2);
  for (const r of (await records()).slice(from)) assert.equal(r.top?.row, r.newestRow, `${what}: update ${r.seq} shows the newest row`);
}

test(
  "a table scrolled away from its newest rows holds the row at the top while rows come and go; follow returns",
  { timeout: 600000 },
  (t) =>
    explained(t, async () => {
      const reached = stopwatch(t);
      await openNotebook(page, session.lab, "table-explore.ipynb");
      reached("notebook open");
      const run = await runAllCells(page);
      assert.equal(run.ok, true, run.error);
      reached("cells run");
      await page.waitForFunction((n) => Number(document.querySelector(".jp-StreamzTable")?.dataset.rows ?? 0) >= n, BACKLOG, {
        timeout: 180000,
        polling: 100,
      });
      reached("backlog full");
      // One row down with the grid's scroll bar arrow: a press and release on it, as DOM events (see press()).
      const before = (await records()).length;
      await press('.lm-ScrollBar[data-orientation="vertical"] .lm-ScrollBar-button[data-action="increment"]');
      await toolbarSays("exploring");
      reached("exploring");
      assertHeld(await heldSince(before, UPDATES, "scroll bar"), "scroll bar");
      reached("held");
      if (process.env.STREAMZ_SCREENSHOTS === "1") {
        const shot = join(mkdtempSync(join(tmpdir(), "streamz-shots-")), "table-held.png");
        await page.locator(".jp-StreamzTable").first().screenshot({ path: shot });
        t.diagnostic(`screenshot: ${shot}`);
      }

      // Follow (the toolbar's button) scrolls back to the newest row.
      await press('.jp-StreamzToolbar-button[title="Back to the live edge"]');
      await toolbarSays("");
      await following((await records()).length, "after Follow");
      reached("following");
    }),
);

test("the mouse wheel scrolls a live table: away from the newest rows it holds, back at them it follows", { timeout: 600000 }, (t) =>
  explained(t, async () => {
    const before = (await records()).length;
    const down = await wheel(".jp-StreamzTable-grid", 3 * 22); // three rows down
    assert.ok(down.inside, "the middle of the table is on the page, not covered");
    assert.ok(down.taken, "the table took the wheel (the notebook does not scroll)");
    await toolbarSays("exploring");
    assertHeld(await heldSince(before, 4, "wheel"), "wheel");
    // Back up past the newest row, however many rows have arrived since: the grid stops at its top.
    const up = await wheel(".jp-StreamzTable-grid", -(BACKLOG + 20) * 22);
    assert.ok(up.taken, "the wheel up went to the table, not the notebook");
    await toolbarSays("");
    await following((await records()).length, "wheeled back to the top");
    await page.evaluate(
      () => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.requestExecute({ code: "ticks.stop()" }).done,
    );
  }),
);
