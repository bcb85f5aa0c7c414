/**
 * Charts of millions of points (issue 17): for backlogs of 1e3, 1e5, 1e6 and 1e7 rows, each update
 * bringing 10,000 new rows, what one update costs
 * - the kernel: taking the 10,000 rows (the stream's hot path) and, at the flush, bringing the summary
 *   up to date and encoding it as Arrow (measured in this process, medians of 10 updates);
 * - the wire: bytes of the update's buffers (rows, and removed keys);
 * - the browser: applying and drawing the update in the VegaChart view (headless Chromium, real
 *   JupyterLab; the view's own records, labextension/src/metrics.ts);
 * for the M4 summary (ours) and for every kept row drawn with vega-embed (`summary: false`, what charts
 * did before), where that finishes; and for a scatter (point mark) of the same rows, its summary of one
 * point per occupied pixel cell against every point, at every backlog (each browser case takes a
 * minute). The browser's column is the median of the last updates; "largest message" is the largest
 * widget message of the chart's whole run in the browser, whole pictures included (they go in pieces of
 * at most 64 KB: protocol `SUMMARY_MESSAGE_BYTES`).
 * `STREAMZ_BENCH_MARKS=point` (or `line`) draws only that mark's charts in the browser,
 * `STREAMZ_BENCH_SUMMARY_ONLY=1` only the summarised ones, and `STREAMZ_BENCH_BACKLOGS=100000,1000000`
 * only those backlogs (everywhere).
 * Every row drawn by vega-embed (a line, or a scatter's one symbol per point) is not run in the browser
 * above `EVERY_ROW_BROWSER_MAX` rows: at 1,000,000 the page stops answering for many minutes (a scatter's
 * run sat idle for 30 minutes, a line's for over 20 in `npm run bench` on 2026-12-02).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CellsStore, encodeRows, makeStore, SummaryStore, toRow, type RowStore } from "@streamz-ts/widgets";
import { openBrowser, prepareLab, startLab } from "./lib/lab";
import { median, printTable } from "./lib/measure";

const BACKLOGS = process.env.STREAMZ_BENCH_BACKLOGS ? process.env.STREAMZ_BENCH_BACKLOGS.split(",").map(Number) : [1e3, 1e5, 1e6, 1e7];
const NEW_ROWS = 10_000;
const UPDATES = 10;
/** Every-row charts above this backlog are not run (the kernel would hold that many row objects). */
const EVERY_ROW_MAX = 1e6;
/** Every-row charts above this backlog are not drawn in the browser (see the header). */
const EVERY_ROW_BROWSER_MAX = 1e5;
const ENCODING = { x: { field: "t", type: "quantitative" }, y: { field: "y", type: "quantitative" } };
type Mark = "line" | "point";
/** One chart measured: its backlog, whether summarised, its mark. */
interface Case {
  n: number;
  summary: boolean;
  mark: Mark;
}
const caseKey = (c: Case) => `${c.n}:${c.summary}:${c.mark}`;
/** The charts drawn in the browser: lines and scatters at every backlog (every row: up to EVERY_ROW_BROWSER_MAX). */
const casesOf = (mark: Mark, backlogs: number[]): Case[] => backlogs.flatMap((n) => [true, false].map((summary) => ({ n, summary, mark })));
const MARKS = (process.env.STREAMZ_BENCH_MARKS ?? "line,point").split(",") as Mark[];
const BROWSER_CASES: Case[] = [...casesOf("line", BACKLOGS), ...casesOf("point", BACKLOGS)].filter(
  (c) => (c.summary || (c.n <= EVERY_ROW_BROWSER_MAX && process.env.STREAMZ_BENCH_SUMMARY_ONLY !== "1")) && MARKS.includes(c.mark),
);

/** A seeded random walk, as rows. */
function walker(): (t: number) => { t: number; y: number } {
  let seed = 1;
  let y = 0;
  return (t) => {
    seed = (seed * 16807) % 2147483647;
    y += seed / 2147483647 - 0.5;
    return { t, y };
  };
}

interface KernelCost {
  ms: number;
  bytes: number;
}

/** The kernel's cost of one update of a store holding `backlog` rows. */
function kernelCost(store: RowStore, backlog: number): KernelCost {
  const row = walker();
  let t = 0;
  for (; t < backlog; t++) store.accept(row(t));
  store.snapshot();
  const times: number[] = [];
  const bytes: number[] = [];
  for (let u = 0; u < UPDATES; u++) {
    const started = performance.now();
    for (let i = 0; i < NEW_ROWS; i++, t++) store.accept(row(t));
    const b = store.changes()!;
    const rows = encodeRows(b.rows, Object.keys(b.rows[0] ?? {}), new Map());
    const removed = b.removed && b.removed.length > 0 ? encodeRows(b.removed, store.key, new Map()) : undefined;
    times.push(performance.now() - started);
    bytes.push(rows.byteLength + (removed?.byteLength ?? 0));
  }
  return { ms: median(times), bytes: median(bytes) };
}

interface UpdateRecord {
  kind: string;
  model: string;
  ms: number;
  seq: number;
  bytes: number;
  /** A summarised chart's largest message of the update (metrics.ts). */
  pieceBytes?: number;
}

/** What the browser measured of one chart: median ms per update, and its largest message. */
interface BrowserCost {
  ms: number | undefined;
  largest: number | undefined;
}

/** One cell per chart: make it, fill its backlog, then 10,000 rows every 600 ms (one per update). */
function notebook(): string {
  const code = (source: string) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source });
  const setup = [
    'import { Stream } from "@streamz-ts/core";',
    'import "@streamz-ts/widgets";',
    "let seed = 1, y = 0;",
    "const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));",
    "async function run(backlog: number, summary: boolean, mark: string) {",
    "  const s = new Stream<{ t: number; y: number }>();",
    `  const chart = s.chart({ mark, encoding: ${JSON.stringify(ENCODING)} }, { backlog, summary });`,
    "  let t = 0;",
    "  const feed = (n: number) => { for (let i = 0; i < n; i++, t++) { seed = (seed * 16807) % 2147483647; y += seed / 2147483647 - 0.5; s.emit({ t, y }); } };",
    "  return { chart, go: async () => { feed(backlog); await pause(3000); for (let k = 0; k < " +
      UPDATES +
      "; k++) { feed(" +
      NEW_ROWS +
      "); await pause(600); } } };",
    "}",
  ].join("\n");
  const cells = [code(setup)];
  for (const { n, summary, mark } of BROWSER_CASES) {
    const name = `c${cells.length}`;
    cells.push(code(`const ${name} = await run(${n}, ${summary}, "${mark}");\n${name}.chart`));
    cells.push(code(`await ${name}.go();\n"done"`));
    cells.push(code(`${name}.chart.close();\n"closed"`));
  }
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "streamz-ts", display_name: "TypeScript (streamz-ts)", language: "typescript" } },
    cells,
  });
}

/** Runs the notebook's cells one by one; the browser's median ms per update for each chart, or undefined. */
async function browserCosts(): Promise<Map<string, BrowserCost>> {
  prepareLab();
  const dir = mkdtempSync(join(tmpdir(), "streamz-ts-bench-"));
  writeFileSync(join(dir, "bench-millions.ipynb"), notebook());
  const lab = await startLab({ notebooks: [join(dir, "bench-millions.ipynb")] });
  const { browser, page } = await openBrowser();
  const out = new Map<string, BrowserCost>();
  try {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(`${lab.url}/lab/tree/bench-millions.ipynb?token=${lab.token}&reset`);
    const idle = () =>
      page.waitForFunction(
        () => (globalThis as any).jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel?.status === "idle",
        null,
        { timeout: 600000, polling: 200 },
      );
    await idle();
    // Runs cell `i` and waits for its output to say `what` (its run is over then, or it timed out).
    const runCell = async (i: number, what: string): Promise<any[]> => {
      await page.evaluate(async (i: number) => {
        const app = (globalThis as any).jupyterapp;
        app.shell.currentWidget.content.activeCellIndex = i;
        await app.commands.execute("notebook:run-cell");
      }, i);
      await page.waitForFunction(
        ({ i, what }: { i: number; what: string }) =>
          JSON.stringify((globalThis as any).jupyterapp.shell.currentWidget.content.widgets[i].model.outputs.toJSON()).includes(what),
        { i, what },
        { timeout: 300000, polling: 200 },
      );
      return page.evaluate((i: number) => (globalThis as any).jupyterapp.shell.currentWidget.content.widgets[i].model.outputs.toJSON(), i);
    };
    /** The view's update records once it has applied no new update for 4 s; undefined after 3 minutes. */
    const settled = async (model: string): Promise<UpdateRecord[] | undefined> => {
      const read = (): Promise<UpdateRecord[]> =>
        page.evaluate(
          (model: string) =>
            (globalThis as any)[Symbol.for("streamz-ts.metrics")].filter((r: UpdateRecord) => r.kind === "vegaChart" && r.model === model),
          model,
        );
      const started = Date.now();
      let seen = -1;
      let since = Date.now();
      while (Date.now() - started < 180_000) {
        const records = await read();
        if (records.length !== seen) [seen, since] = [records.length, Date.now()];
        else if (Date.now() - since > 4000 && seen > 0) return records;
        await new Promise((r) => setTimeout(r, 500));
      }
      return undefined;
    };
    await runCell(0, "");
    let cell = 1;
    for (const c of BROWSER_CASES) {
      console.error(`# browser: ${caseKey(c)}`);
      const shown = await runCell(cell++, "model_id");
      const model = shown.find((o) => o.data?.["application/vnd.jupyter.widget-view+json"])?.data[
        "application/vnd.jupyter.widget-view+json"
      ].model_id as string;
      await runCell(cell++, "done");
      const records = await settled(model);
      await runCell(cell++, "closed");
      const updates = (records ?? []).slice(-(UPDATES - 2)); // the last updates, after the backlog was filled
      out.set(caseKey(c), {
        ms: records && updates.length > 0 ? median(updates.map((r) => r.ms)) : undefined,
        largest: records ? Math.max(...records.map((r) => r.pieceBytes ?? r.bytes)) : undefined,
      });
    }
  } finally {
    await browser.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

async function main(): Promise<void> {
  const kernel = new Map<string, KernelCost>();
  for (const n of BACKLOGS) {
    kernel.set(`${n}:true:line`, kernelCost(new SummaryStore(n, "t", "y", new Map()), n));
    kernel.set(`${n}:true:point`, kernelCost(new CellsStore(n, "t", "y", new Map(), { zeroY: true }), n));
    if (n <= EVERY_ROW_MAX) {
      const every = kernelCost(makeStore("vegaChart", {}, n, { toRow, types: new Map() }), n);
      kernel.set(`${n}:false:line`, every);
      kernel.set(`${n}:false:point`, every);
    }
  }
  const browser = await browserCosts();
  const rows: (string | number)[][] = [];
  const fmt = (v: number | undefined) => (v === undefined ? "did not finish" : v.toFixed(1));
  const names: Record<Mark, [string, string]> = {
    line: ["line, M4 summary (ours)", "line, every row, vega-embed"],
    point: ["scatter, one point per pixel cell (ours)", "scatter, every point, vega-embed"],
  };
  for (const mark of ["line", "point"] as Mark[]) {
    for (const n of BACKLOGS) {
      for (const summary of [true, false]) {
        const c = { n, summary, mark };
        const k = kernel.get(caseKey(c));
        const what = names[mark][summary ? 0 : 1] + (summary && n <= 10_000 ? " (forced: off by default up to 10,000)" : "");
        if (!k) {
          rows.push([n.toLocaleString("en"), what, "not run: the kernel would hold 10 million row objects", "", "", ""]);
          continue;
        }
        const inBrowser = BROWSER_CASES.some((b) => caseKey(b) === caseKey(c));
        const b = browser.get(caseKey(c));
        rows.push([
          n.toLocaleString("en"),
          what,
          k.ms.toFixed(1),
          k.bytes.toLocaleString("en"),
          inBrowser ? fmt(b?.ms) : c.n > EVERY_ROW_BROWSER_MAX && !summary ? "not run: vega-embed's page stops answering" : "not run",
          inBrowser && b?.largest !== undefined ? b.largest.toLocaleString("en") : "",
        ]);
      }
    }
  }
  printTable(
    `Charts of millions of points: one update of ${NEW_ROWS.toLocaleString("en")} new rows (kernel: this process, medians of ${UPDATES}; browser: headless Chromium, JupyterLab 4.6.4)`,
    ["backlog (rows)", "chart", "kernel ms per update", "bytes per update", "browser ms to apply and draw", "largest message (bytes)"],
    rows,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
