/**
 * Headless Debian Chromium through playwright-core, with the flags that work on this kind of machine,
 * and a record of what went wrong in the page: uncaught errors, console errors, failed requests.
 */
"use strict";
// CommonJS for the same reason as lab-server.cjs.
const { chromium } = require("playwright-core");

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Requests that fail on every Lab served by jupyter_server 1.x; known and harmless. */
const HARMLESS_404 = [/\/api\/me\b/, /\/api\/events\/subscribe\b/, /\/lsp\/status\b/];

/** Launches Chromium and opens a page that collects problems and our update metrics. */
async function openBrowser() {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  // Opt in to the views' per-update records (labextension/src/metrics.ts).
  await page.addInitScript(() => {
    globalThis[Symbol.for("streamz-ts.metrics")] = [];
  });
  const problems = { pageErrors: [], consoleErrors: [], failedRequests: [] };
  page.on("pageerror", (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.consoleErrors.push(msg.text());
  });
  page.on("response", (res) => {
    if (res.status() >= 400) problems.failedRequests.push(`${res.status()} ${res.url()}`);
  });
  return { browser, page, problems };
}

/**
 * The problems that are not the known harmless 404s. A browser logs "Failed to load resource: ... 404"
 * and a failed WebSocket handshake for each of those requests too; those lines are matched to them.
 */
function realProblems(problems) {
  const known = problems.failedRequests.filter((r) => r.startsWith("404 ") && HARMLESS_404.some((re) => re.test(r)));
  const requests = problems.failedRequests.filter((r) => !known.includes(r));
  let harmlessLogs = known.length;
  const consoleErrors = problems.consoleErrors.filter((text) => {
    // The events WebSocket is refused the same way (a 404 handshake), logged without a response event.
    if (/WebSocket connection to '[^']*\/api\/events\/subscribe' failed/.test(text)) return false;
    if (/Failed to load resource: the server responded with a status of 404/.test(text) && harmlessLogs > 0) {
      harmlessLogs -= 1;
      return false;
    }
    return true;
  });
  return [...problems.pageErrors, ...consoleErrors, ...requests];
}

module.exports = { HARMLESS_404, openBrowser, realProblems };
