/**
 * Drives notebooks inside one open JupyterLab page (through `window.jupyterapp`, which the test Lab
 * exposes): open a notebook, run all its cells, read back what each cell shows, close it and shut its
 * kernel down. Every wait is on a Lab or DOM condition with a timeout, never on the clock alone.
 */
"use strict";
// CommonJS like the other support files.

/**
 * Loads the Lab at `path` (a fresh page, with a reset workspace so that nothing else is restored) and
 * waits until the notebook's kernel is started and idle. A fresh page per notebook rather than closing
 * panels in one page: each notebook starts from a clean page, and its problems are its own.
 */
async function openNotebook(page, lab, path, { timeout = 90000 } = {}) {
  await page.goto(`${lab.url}/lab/tree/${encodeURIComponent(path)}?token=${lab.token}&reset`);
  await page.waitForFunction(
    (path) => {
      const panel = window.jupyterapp?.shell.currentWidget;
      return panel?.context?.path === path && panel.sessionContext?.session?.kernel?.status === "idle";
    },
    path,
    { timeout, polling: 100 },
  );
}

/**
 * Runs every cell of the current notebook with Lab's own Run All command. Resolves to what the command
 * resolved to (false when a cell failed: Lab then stops and leaves the cells after it unrun), once the
 * kernel is idle again and no cell is still queued or running.
 */
async function runAllCells(page, { timeout = 120000 } = {}) {
  await page.evaluate(() => {
    window.__streamzRunAll = { done: false };
    window.jupyterapp.commands.execute("notebook:run-all-cells").then(
      (ok) => (window.__streamzRunAll = { done: true, ok }),
      (err) => (window.__streamzRunAll = { done: true, ok: false, error: String(err) }),
    );
  });
  await page.waitForFunction(
    () => {
      const panel = window.jupyterapp.shell.currentWidget;
      const busy = panel.content.widgets.some((c) => c.model.type === "code" && c.promptNode?.textContent?.includes("*"));
      return window.__streamzRunAll.done && !busy && panel.sessionContext.session?.kernel?.status === "idle";
    },
    null,
    { timeout, polling: 100 },
  );
  return page.evaluate(() => window.__streamzRunAll);
}

/** Scrolls cell `i` of the current notebook into the middle of the view and lets it paint. */
async function scrollToCell(page, i) {
  await page.evaluate(async (i) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    await notebook.scrollToCell(notebook.widgets[i], "center");
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, i);
}

/**
 * What each cell of the current notebook holds, from Lab's model (outputs as the kernel sent them) and
 * from the page (what actually rendered).
 */
function readCells(page) {
  return page.evaluate(() => {
    const WIDGET_MIME = "application/vnd.jupyter.widget-view+json";
    const notebook = window.jupyterapp.shell.currentWidget.content;
    return Promise.all(
      notebook.widgets.map(async (cell, index) => {
        const base = { index, type: cell.model.type, text: cell.model.sharedModel.getSource() };
        if (cell.model.type !== "code") return base;
        const outputs = cell.model.outputs.toJSON();
        const node = cell.node;
        const rect = (el) => el?.getBoundingClientRect();
        // The ipywidgets manager behind the cell's widget renderers: it knows which models the kernel
        // has closed since (a closed widget's view is removed, its output left empty, by design).
        // (each WidgetRenderer holds a promise of it; Lab internals, checked by the assertion that uses it)
        const managerPromise = cell.outputArea.widgets
          .flatMap((out) => out.widgets ?? [out])
          .map((w) => w._manager?.promise)
          .find(Boolean);
        const manager = await managerPromise;
        const widgetIds = outputs.filter((o) => o.data && WIDGET_MIME in o.data).map((o) => o.data[WIDGET_MIME].model_id);
        return {
          ...base,
          executionCount: cell.model.executionCount,
          errors: outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`),
          errorNodes: node.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
          widgetOutputs: widgetIds.filter((id) => !manager || manager.has_model(id)).length,
          closedWidgets: manager ? widgetIds.filter((id) => !manager.has_model(id)).length : 0,
          pictureOutputs: outputs.filter((o) => o.data && ("image/svg+xml" in o.data || "image/png" in o.data)).length,
          views: node.querySelectorAll(".jp-StreamzOutput, .jp-StreamzTable, .jp-StreamzChart").length,
          widgetFailures: [...node.querySelectorAll(".jp-OutputArea-output")]
            .map((el) => el.textContent)
            .filter((t) => /Error displaying widget|Failed to load model|Error rendering/i.test(t)),
          banners: [...node.querySelectorAll(".jp-StreamzError")].filter((b) => !b.hidden).map((b) => b.textContent),
          charts: [...node.querySelectorAll(".jp-StreamzChart")].map((el) => {
            const plot = el.querySelector("canvas, svg");
            const box = rect(plot);
            return {
              rows: Number(el.dataset.rows ?? 0),
              plot: plot?.tagName.toLowerCase(),
              width: box?.width ?? 0,
              height: box?.height ?? 0,
            };
          }),
          pictures: [...node.querySelectorAll(".jp-OutputArea-output svg, .jp-OutputArea-output img")]
            .filter((el) => !el.closest(".jp-StreamzChart"))
            .map((el) => ({ tag: el.tagName.toLowerCase(), width: rect(el).width, height: rect(el).height })),
          tables: [...node.querySelectorAll(".jp-StreamzTable")].map((el) => Number(el.dataset.rows ?? 0)),
        };
      }),
    );
  });
}

/** Shuts the current notebook's kernel down (the page itself is left for the next notebook's load). */
async function shutdownKernel(page) {
  await page.evaluate(() => window.jupyterapp.shell.currentWidget?.sessionContext?.shutdown());
}

/** The page's box around the output areas of `cells` (indices), after scrolling the first into view. */
async function outputBox(page, cells) {
  await page.evaluate(async (first) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    await notebook.scrollToCell(notebook.widgets[first], "start");
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, cells[0]);
  return page.evaluate((cells) => {
    const notebook = window.jupyterapp.shell.currentWidget.content;
    const boxes = cells
      .map((i) => notebook.widgets[i].node.querySelector(".jp-Cell-outputArea")?.getBoundingClientRect())
      .filter((b) => b && b.height > 0);
    if (boxes.length === 0) return null;
    const x = Math.min(...boxes.map((b) => b.x)); // no margin left: the active cell's blue bar is there
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 4); // a small margin above and right
    const right = Math.min(Math.max(...boxes.map((b) => b.right)) + 4, window.innerWidth);
    const bottom = Math.min(Math.max(...boxes.map((b) => b.bottom)), window.innerHeight);
    return { x, y, width: right - x, height: bottom - y };
  }, cells);
}

module.exports = { openNotebook, runAllCells, scrollToCell, readCells, shutdownKernel, outputBox };
