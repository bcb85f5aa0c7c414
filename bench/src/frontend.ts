/**
 * What a live chart costs the browser, measured in a real JupyterLab (npm-built 4.6.4 in headless
 * Chromium) against the real `streamz-ts` kernel: the time for the VegaChart view to apply one update of
 * 100 rows into a full 1,000-row backlog (decode the Arrow buffer, apply a Vega changeset, render), and
 * the bytes of that update. Peers measured in the same run: building the same 1,000-row chart anew (what
 * a re-render per update would cost), and the same 100 rows as JSON text (what a JSON-state widget sends).
 * Times come from the view's own opt-in records (labextension/src/metrics.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openBrowser, prepareLab, startLab } from "./lib/lab";
import { median, printTable } from "./lib/measure";

const UPDATES = 24;
const EMBEDS = 9;
const BACKLOG = 1000;
const ROWS = 100;

interface UpdateRecord {
  kind: string;
  ms: number;
  rows: number;
  shown: number;
  bytes: number;
}

function notebook(): string {
  const code = (source: string) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "streamz-ts", display_name: "TypeScript (streamz-ts)", language: "typescript" } },
    cells: [
      code(
        [
          'import { Stream } from "@streamz-ts/core";',
          'import "@streamz-ts/widgets";',
          "const src = new Stream<{ t: number; value: number }>();",
          "let t = 0;",
          "function rows(n: number): void {",
          "  for (let i = 0; i < n; i++) { t++; src.emit({ t, value: Math.sin(t / 20) }); }",
          "}",
          `src.chart({ mark: "line", encoding: { x: { field: "t", type: "quantitative" }, y: { field: "value", type: "quantitative" } } }, { backlog: ${BACKLOG} })`,
        ].join("\n"),
      ),
      // 600 ms apart, so each 500 ms update carries exactly one batch of 100 rows.
      code(
        `rows(${BACKLOG});\nfor (let k = 0; k < ${UPDATES}; k++) { await new Promise((r) => setTimeout(r, 600)); rows(${ROWS}); }\n"fed"`,
      ),
    ],
  });
}

/** The same rows as a JSON-state widget would carry them. */
function jsonBytes(): number {
  const rows = Array.from({ length: ROWS }, (_, i) => ({ t: BACKLOG + i + 1, value: Math.sin((BACKLOG + i + 1) / 20) }));
  return Buffer.byteLength(JSON.stringify(rows));
}

async function main(): Promise<void> {
  prepareLab();
  const dir = mkdtempSync(join(tmpdir(), "streamz-ts-bench-"));
  const nbPath = join(dir, "bench-chart.ipynb");
  writeFileSync(nbPath, notebook());
  const lab = await startLab({ notebooks: [nbPath] });
  const { browser, page } = await openBrowser();
  const records = (): Promise<UpdateRecord[]> => page.evaluate(() => (globalThis as any)[Symbol.for("streamz-ts.metrics")]);
  try {
    await page.goto(`${lab.url}/lab/tree/bench-chart.ipynb?token=${lab.token}&reset`);
    await page.waitForFunction(
      () => (globalThis as any).jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === "idle",
      null,
      { timeout: 60000 },
    );
    await page.locator(".jp-NotebookPanel .jp-Cell").first().locator(".jp-InputPrompt").click();
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.press("Shift+Enter");
    await page.waitForFunction(
      ({ n, rows, backlog }: { n: number; rows: number; backlog: number }) =>
        (globalThis as any)[Symbol.for("streamz-ts.metrics")].filter(
          (r: UpdateRecord) => r.kind === "vegaChart" && r.rows === rows && r.shown === backlog,
        ).length >= n,
      { n: UPDATES, rows: ROWS, backlog: BACKLOG },
      { timeout: 120000, polling: 200 },
    );
    // Peer: the same chart built anew with all its rows (the view does this only on a theme change).
    for (let i = 0; i < EMBEDS; i++) {
      const before = (await records()).filter((r) => r.kind === "vegaChartEmbed").length;
      await page.evaluate((i: number) => (globalThis as any).document.body.setAttribute("data-jp-theme-name", `bench-${i}`), i);
      await page.waitForFunction(
        (n: number) =>
          (globalThis as any)[Symbol.for("streamz-ts.metrics")].filter((r: UpdateRecord) => r.kind === "vegaChartEmbed").length > n,
        before,
        { timeout: 30000 },
      );
    }
    const all = await records();
    const updates = all.filter((r) => r.kind === "vegaChart" && r.rows === ROWS && r.shown === BACKLOG);
    const embeds = all.filter((r) => r.kind === "vegaChartEmbed" && r.shown === BACKLOG);
    const first = all.find((r) => r.kind === "vegaChart" && r.rows === BACKLOG);
    const apply = median(updates.map((r) => r.ms));
    const rebuild = median(embeds.map((r) => r.ms));
    printTable(
      `Frontend: one ${ROWS}-row update into a full ${BACKLOG.toLocaleString("en")}-row chart (headless Chromium, JupyterLab 4.6.4; medians of ${updates.length} updates, ${embeds.length} rebuilds)`,
      ["what the browser does", "ms per update", "vs ours"],
      [
        ["VegaChart view: decode Arrow, apply Vega changeset, render (ours)", apply.toFixed(2), "1.00x"],
        [
          `rebuild the chart with all ${BACKLOG.toLocaleString("en")} rows (a re-render per update)`,
          rebuild.toFixed(2),
          `${(rebuild / apply).toFixed(1)}x`,
        ],
      ],
    );
    const arrow = median(updates.map((r) => r.bytes));
    const json = jsonBytes();
    printTable(
      "Frontend: bytes per chart update (binary buffer of the comm message)",
      ["update", "bytes", "vs ours"],
      [
        [`${ROWS} new rows as Arrow IPC (ours; the same at any backlog size)`, arrow, "1.00x"],
        [`the same ${ROWS} rows as JSON text`, json, `${(json / arrow).toFixed(2)}x`],
        [
          `the first batch: ${BACKLOG.toLocaleString("en")} rows as Arrow IPC`,
          first?.bytes ?? "n/a",
          first ? `${(first.bytes / arrow).toFixed(1)}x` : "n/a",
        ],
      ],
    );
  } finally {
    await browser.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
