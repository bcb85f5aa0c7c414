#!/usr/bin/env node
/**
 * `npm pack` of @streamz-ts/kernel (its prepack / postpack scripts): puts the prebuilt JupyterLab
 * extension into the package as `dist/share/jupyter/labextensions/@streamz-ts/jupyterlab/` (JupyterLab's
 * layout: package.json, static/, install.json), so `streamz-ts install` can place it for a user's Lab
 * without the extension's npm package and its dependencies. `--clean` removes it again after packing, so
 * a clone never installs a stale copy (`streamz-ts install` there takes labextension/prebuilt/).
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const kernel = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const labextension = join(kernel, "..", "labextension");
const target = join(kernel, "dist", "share");

rmSync(target, { recursive: true, force: true });
if (process.argv.includes("--clean")) process.exit(0);

// Builds the extension when its sources changed, else says it is up to date.
execFileSync(process.execPath, [join(labextension, "scripts", "build-prebuilt.mjs")], { stdio: ["ignore", "ignore", "inherit"] });
const prebuilt = join(labextension, "prebuilt");
if (!existsSync(join(prebuilt, "package.json"))) {
  console.error("streamz-ts: labextension/prebuilt is missing; the kernel package cannot carry the extension");
  process.exit(1);
}
const out = join(target, "jupyter", "labextensions", "@streamz-ts", "jupyterlab");
cpSync(prebuilt, out, { recursive: true });
const { installJson } = await import(pathToFileURL(join(kernel, "dist", "src", "labextension.js")).href);
writeFileSync(join(out, "install.json"), JSON.stringify(installJson(), null, 2) + "\n");
