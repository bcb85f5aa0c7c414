/**
 * A real JupyterLab for tests: the repo's npm-built Lab on Debian's jupyterlab_server, with the
 * prebuilt extension and the `streamz-ts` kernelspec installed into a throwaway Jupyter data dir, on a
 * free 127.0.0.1 port. Notebooks are served from a throwaway folder inside the repo, so that the kernel
 * (which runs in the notebook's folder) resolves `@streamz-ts/*` through the root node_modules.
 */
"use strict";
// CommonJS, so that both the browser tests (ESM) and the compiled benchmarks (CommonJS) can load it.
const { spawn, spawnSync } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const { copyFileSync, mkdirSync, mkdtempSync, rmSync } = require("node:fs");
const { createServer } = require("node:net");
const { tmpdir } = require("node:os");
const { dirname, join, resolve } = require("node:path");

const labextensionDir = resolve(__dirname, "..", "..");
const repoDir = dirname(labextensionDir);

/** Installs (when missing) and builds (when changed) the Lab host and the prebuilt extension. */
function prepareLab() {
  const r = spawnSync("bash", [join(labextensionDir, "scripts", "prepare-lab.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error(`prepare-lab.sh failed with status ${r.status}`);
}

/** A port the OS says is free on 127.0.0.1 now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts the Lab with `notebooks` (paths) copied into its root. Resolves once the server says it is
 * running. Returns its URL, token, root folder and a `stop()` that shuts it down through its API.
 * `installed`: a Jupyter data directory that already holds the kernelspec and the extension (as
 * `streamz-ts install` leaves them); without it, this clone's build is installed into a fresh one.
 */
async function startLab({ notebooks, installed }) {
  const jupyterDir = mkdtempSync(join(tmpdir(), "streamz-ts-lab-"));
  const dataDir = installed ?? join(jupyterDir, "data");
  const rootDir = join(labextensionDir, `.e2e-${process.pid}`);
  mkdirSync(rootDir, { recursive: true });
  for (const nb of notebooks) copyFileSync(nb, join(rootDir, nb.split("/").pop()));
  if (!installed) {
    const inst = spawnSync("bash", [join(labextensionDir, "scripts", "install-into.sh"), dataDir], { encoding: "utf8" });
    if (inst.status !== 0) throw new Error(`install-into.sh failed: ${inst.stderr}`);
  }

  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const env = {
    ...process.env,
    JUPYTER_DATA_DIR: dataDir,
    JUPYTER_CONFIG_DIR: join(jupyterDir, "config"),
    JUPYTER_RUNTIME_DIR: join(jupyterDir, "runtime"),
  };
  const args = [
    join(labextensionDir, "lab-host", "server", "streamz_lab.py"),
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--ServerApp.port_retries=0",
    "--no-browser",
    `--ServerApp.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    `--StreamzLab.user_dir=${jupyterDir}`,
    `--StreamzLab.labextension_dirs=${join(dataDir, "labextensions")}`,
    "--StreamzLab.expose_app_in_browser=True",
  ];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const proc = spawn("/usr/bin/python3", args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  await new Promise((ready, fail) => {
    const onData = (chunk) => {
      log += chunk;
      if (log.includes("is running at")) ready();
    };
    proc.stdout.on("data", onData);
    proc.stderr.on("data", onData);
    proc.on("exit", (code) => fail(new Error(`jupyter server exited (${code}) before it was ready:\n${log}`)));
  });
  const url = `http://127.0.0.1:${port}`;

  async function stop() {
    const exited = new Promise((done) => (proc.exitCode !== null ? done() : proc.once("exit", done)));
    // Through the API, so that the server shuts its kernels down before it exits.
    await fetch(`${url}/api/shutdown`, { method: "POST", headers: { Authorization: `token ${token}` } }).catch(() => proc.kill("SIGTERM"));
    const timer = setTimeout(() => proc.kill("SIGKILL"), 15000);
    await exited;
    clearTimeout(timer);
    rmSync(rootDir, { recursive: true, force: true });
    rmSync(jupyterDir, { recursive: true, force: true });
  }
  return { url, token, rootDir, log: () => log, stop };
}

/**
 * What most browser tests start with: the Lab (prepared, with `notebooks` in its root) and a browser page
 * on it. `stop()` closes both, in that order, whatever was started.
 */
async function startLabWithBrowser(notebooks) {
  const { openBrowser } = require("./browser.cjs");
  prepareLab();
  const lab = await startLab({ notebooks });
  const { browser, page, problems } = await openBrowser();
  return {
    lab,
    browser,
    page,
    problems,
    stop: async () => {
      await browser?.close();
      await lab?.stop();
    },
  };
}

/**
 * {@link startLabWithBrowser} on one notebook of code cells (`sources`) for the streamz-ts kernel, written
 * as `name` in a new temporary folder; `stop()` also removes the folder.
 */
async function startLabWithCells(name, sources) {
  const { writeFileSync } = require("node:fs");
  const dir = mkdtempSync(join(tmpdir(), "streamz-cells-"));
  const notebook = {
    cells: sources.map((source) => ({ cell_type: "code", metadata: {}, execution_count: null, outputs: [], source })),
    metadata: { kernelspec: { name: "streamz-ts", display_name: "TypeScript (streamz-ts)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, name), JSON.stringify(notebook));
  try {
    const session = await startLabWithBrowser([join(dir, name)]);
    const stop = session.stop;
    return { ...session, stop: () => stop().finally(() => rmSync(dir, { recursive: true, force: true })) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

module.exports = { labextensionDir, repoDir, prepareLab, startLab, startLabWithBrowser, startLabWithCells };
