/**
 * Installs streamz-ts as a user would, from the packed tarballs alone: packs every package, installs
 * the tarballs (third-party dependencies from the npm registry) into a fresh project in the system's
 * temporary folder, then uses it from CommonJS, from ES modules, from TypeScript 5.0, and through the
 * installed kernelspec from Debian's jupyter_client. Every path that matters is checked to lie inside
 * that project: nothing from this repository is used once the tarballs are installed.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, it } from "node:test";
import { createRequire } from "node:module";
import { USER_FILES, TINY_PACKAGE } from "./tarballs/user-files.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYTHON = "/usr/bin/python3";
const labSupport = createRequire(import.meta.url)("../../labextension/test/support/lab-server.cjs");
const WORKSPACES = [
  "packages/protocol",
  "packages/core",
  "packages/widgets",
  "packages/dataframe",
  "packages/cluster",
  "kernel",
  "labextension",
];
/** What npm needs to stay quiet and local: no audit or funding requests, no update check. */
const NPM_FLAGS = ["--no-audit", "--no-fund", "--no-update-notifier", "--loglevel=error"];
/** Installs take what the npm cache has without asking the registry again (it still fetches what is missing). */
const INSTALL_FLAGS = [...NPM_FLAGS, "--prefer-offline"];

let root, packs, project, prefix;
const tarballs = new Map(); // package name -> tarball path

/** Runs a command to completion and returns its stdout; a failure shows what it printed. */
function run(cmd, args, options = {}) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"], ...options });
  } catch (err) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${err.status}):\n${err.stdout ?? ""}\n${err.stderr ?? ""}`);
  }
}

/** Whether `path` (made real when it exists: tmpdir may be a link) lies inside the temporary project. */
function inProject(path) {
  const real = (p) => (existsSync(p) ? realpathSync(p) : p);
  return real(path).startsWith(real(project) + "/");
}

before(() => {
  root = mkdtempSync(join(tmpdir(), "streamz-ts-tarballs-"));
  packs = join(root, "packs");
  project = join(root, "project");
  prefix = join(root, "jupyter-prefix");
  for (const d of [packs, project, prefix]) mkdirSync(d);
});
after(() => rmSync(root, { recursive: true, force: true }));

it("packs every package into a tarball holding only what it needs", () => {
  // The kernel's prepack builds it and copies the prebuilt extension in, its postpack removes the copy.
  // The others' prepack is only `tsc -b`, which `npm test` has run: skipped, it costs a compiler start each.
  const others = WORKSPACES.filter((w) => w !== "kernel");
  run("npm", ["pack", "--pack-destination", packs, "--ignore-scripts", ...NPM_FLAGS, ...others.flatMap((w) => ["-w", w])], { cwd: REPO });
  run("npm", ["pack", "--pack-destination", packs, ...NPM_FLAGS, "-w", "kernel"], { cwd: REPO });
  for (const w of WORKSPACES) {
    const { name, version } = JSON.parse(readFileSync(join(REPO, w, "package.json"), "utf8"));
    const file = join(packs, `${name.replace("@", "").replace("/", "-")}-${version}.tgz`);
    assert.ok(existsSync(file), `${name}: no tarball ${file}`);
    tarballs.set(name, file);
    const listed = run("tar", ["tzf", file])
      .trim()
      .split("\n")
      .map((p) => p.replace(/^package\//, ""));
    for (const needed of ["package.json", "README.md", "LICENSE"]) assert.ok(listed.includes(needed), `${name}: ${needed} is missing`);
    const stray = listed.filter(
      (p) => /(^|\/)test\//.test(p) || (/\.(ts|mts|cts)$/.test(p) && !/\.d\.m?ts$/.test(p)) || p.endsWith(".tsbuildinfo"),
    );
    assert.deepEqual(stray, [], `${name}: tests or sources packed`);
    if (name !== "@streamz-ts/jupyterlab")
      assert.ok(listed.includes("esm/index.mjs") && listed.includes("esm/index.d.mts"), `${name}: no ESM entry`);
  }
  const kernelFiles = run("tar", ["tzf", tarballs.get("@streamz-ts/kernel")]);
  for (const f of ["package.json", "install.json", "static/"]) {
    assert.match(
      kernelFiles,
      new RegExp(`package/dist/share/jupyter/labextensions/@streamz-ts/jupyterlab/${f}`),
      `the kernel carries the prebuilt extension's ${f}`,
    );
  }
  assert.equal(existsSync(join(REPO, "kernel", "dist", "share")), false, "postpack removes the copy from the clone");
});

it("installs from the tarballs into a fresh project, without danfojs-node or tfjs", () => {
  const tiny = join(root, "tiny-greeter");
  mkdirSync(tiny);
  for (const [file, text] of Object.entries(TINY_PACKAGE)) writeFileSync(join(tiny, file), text);
  run("npm", ["pack", "--pack-destination", packs, ...NPM_FLAGS], { cwd: tiny });
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "a-user-project", version: "1.0.0", private: true }) + "\n");
  // @types/node is the user's, as in any TypeScript project; the version is the repository's own.
  const typesNode = JSON.parse(readFileSync(join(REPO, "node_modules", "@types", "node", "package.json"), "utf8")).version;
  run("npm", ["install", ...INSTALL_FLAGS, ...tarballs.values(), join(packs, "tiny-greeter-1.0.0.tgz"), `@types/node@${typesNode}`], {
    cwd: project,
  });
  const scoped = join(project, "node_modules", "@streamz-ts");
  assert.deepEqual(readdirSync(scoped).sort(), ["cluster", "core", "dataframe", "jupyterlab", "kernel", "protocol", "widgets"]);
  for (const name of readdirSync(scoped)) {
    assert.equal(lstatSync(join(scoped, name)).isSymbolicLink(), false, `@streamz-ts/${name} is a copy, not a link`);
  }
  assert.equal(existsSync(join(project, "node_modules", "danfojs-node")), false, "danfojs-node is an optional peer");
  assert.equal(existsSync(join(project, "node_modules", "@tensorflow")), false, "no tfjs is pulled in");
  for (const f of Object.keys(USER_FILES)) writeFileSync(join(project, f), USER_FILES[f]);
});

it("CommonJS and ES-module users share one Stream class and one set of registered methods", () => {
  for (const script of ["use.cjs", "use.mjs"]) {
    const facts = JSON.parse(run(process.execPath, [script], { cwd: project }));
    assert.deepEqual(facts.same, { cls: true, cjsOfEsm: true, esmOfCjs: true }, `${script}: one Stream class`);
    assert.deepEqual(facts.registered, { scatter: "function", output: "function" }, `${script}: registerApi reaches both`);
    assert.deepEqual(facts.doubled, [2, 4, 6]);
    assert.match(facts.danfoOut, /optional peer danfojs-node/, `${script}: a clear error without danfojs-node`);
    for (const p of facts.resolved) assert.ok(inProject(p), `${script}: ${p} lies outside the project`);
  }
});

it("type-checks against the packed types under TypeScript 5.0 (tslab's), both module kinds", () => {
  // The compiler is the repository's (a tool, as a user's own would be); what it checks is the project.
  const tsc = join(REPO, "node_modules", "typescript-5.0", "bin", "tsc");
  const listed = run(process.execPath, [tsc, "-p", project, "--listFiles"])
    .trim()
    .split("\n")
    .filter((f) => f.includes("@streamz-ts"));
  assert.ok(listed.length > 20 && listed.every(inProject), "the declarations come from the project");
  assert.ok(
    listed.some((f) => f.endsWith("core/esm/index.d.mts")) && listed.some((f) => f.endsWith("core/dist/src/index.d.ts")),
    "both entries' types",
  );
});

it("streamz-ts install puts the kernelspec and the extension where Jupyter and JupyterLab find them", () => {
  const out = run(process.execPath, [join(project, "node_modules", ".bin", "streamz-ts"), "install", "--prefix", prefix], { cwd: project });
  assert.match(out, /Installed kernelspec "streamz-ts"/);
  assert.match(out, /Installed JupyterLab extension @streamz-ts\/jupyterlab/);
  const spec = JSON.parse(readFileSync(join(prefix, "share/jupyter/kernels/streamz-ts/kernel.json"), "utf8"));
  assert.ok(inProject(spec.argv[1]), `the kernelspec starts the installed kernel (${spec.argv[1]})`);
  // JupyterLab's own discovery of prebuilt extensions (jupyterlab_server), on this data path only.
  const found = JSON.parse(
    run(PYTHON, [
      "-c",
      "import json, sys; from jupyterlab_server.config import get_federated_extensions as g; e = g([sys.argv[1]])['@streamz-ts/jupyterlab']; print(json.dumps({'path': e['ext_path'], 'load': e['jupyterlab']['_build']['load'], 'install': e['install']}))",
      join(prefix, "share/jupyter/labextensions"),
    ]),
  );
  assert.ok(existsSync(join(found.path, found.load)), "the extension's remote entry is there");
  assert.equal(found.install.packageName, "@streamz-ts/kernel");
});

it("a JupyterLab 4 server on that data directory offers the installed extension and kernelspec", async () => {
  // The repository's Lab host (JupyterLab 4.6.4's app on Debian's jupyterlab_server) stands in for the
  // user's Lab; what it is given is only the data directory `streamz-ts install` filled.
  labSupport.prepareLab();
  const lab = await labSupport.startLab({ notebooks: [], installed: join(prefix, "share", "jupyter") });
  try {
    const get = (path) => fetch(`${lab.url}${path}`, { headers: { Authorization: `token ${lab.token}` } });
    const page = await (await get("/lab")).text();
    const config = JSON.parse(page.match(/<script id="jupyter-config-data" type="application\/json">([^]*?)<\/script>/)[1]);
    const ours = config.federated_extensions.find((e) => e.name === "@streamz-ts/jupyterlab");
    assert.ok(ours, `the Lab's page lists the extension: ${JSON.stringify(config.federated_extensions)}`);
    const entry = await get(`/lab/extensions/@streamz-ts/jupyterlab/${ours.load}`);
    assert.equal(entry.status, 200, "the Lab serves the extension's remote entry");
    assert.match(await entry.text(), /streamz-ts/);
    const specs = await (await get("/api/kernelspecs")).json();
    assert.ok(inProject(specs.kernelspecs["streamz-ts"].spec.argv[1]), "the Lab starts the installed kernel");
  } finally {
    await lab.stop();
  }
});

it("the installed kernel runs cells from the project's folder: its packages, a type error, a live widget", () => {
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_RUNTIME_DIR: join(root, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    STREAMZ_REPO: project, // the harness starts the kernel there, as Jupyter starts it in the notebook's folder
    PYTHONPATH: join(REPO, "kernel", "test", "py"),
  };
  const printed = run(PYTHON, [join(REPO, "kernel", "test", "py", "installed_checks.py")], { env, cwd: project, timeout: 300_000 });
  const line = printed.split("\n").find((l) => l.startsWith("FACTS "));
  assert.ok(line, `no facts from the Python driver:\n${printed}`);
  const facts = JSON.parse(line.slice(6));
  assert.equal(facts.exception, undefined, facts.exception);
  assert.deepEqual(facts.import, { status: "ok", results: ["'hello notebook'"] }, "a package npm-installed beside the notebook");
  assert.equal(facts.paths.status, "ok");
  for (const p of [...facts.paths.resolved, facts.paths.kernel]) assert.ok(inProject(p), `${p} lies outside the project`);
  const outside = facts.paths.loaded.filter((p) => p.startsWith("/") && !inProject(p));
  assert.deepEqual(outside, [], "every module the kernel loaded comes from the project");
  assert.equal(facts.type_error.status, "error");
  assert.match(facts.type_error.evalue, /Stream<string>' is not assignable to type 'Stream<number>/);
  assert.deepEqual(facts.display.opens, [{ target: "jupyter.widget", model: "StreamOutputModel" }]);
  assert.deepEqual(facts.display.results, [["application/vnd.jupyter.widget-view+json", "text/plain"]]);
  assert.equal(facts.update.count, 3);
  assert.equal(facts.update.text, "30");
});

it("streamz-ts uninstall removes the kernelspec and the extension", () => {
  const out = run(process.execPath, [join(project, "node_modules", ".bin", "streamz-ts"), "uninstall", "--prefix", prefix]);
  assert.match(out, /Removed kernelspec/);
  assert.match(out, /Removed JupyterLab extension/);
  assert.equal(existsSync(join(prefix, "share/jupyter/kernels/streamz-ts")), false);
  assert.equal(existsSync(join(prefix, "share/jupyter/labextensions/@streamz-ts/jupyterlab")), false);
});
