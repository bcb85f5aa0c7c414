#!/usr/bin/env node
/**
 * Builds the prebuilt (federated) JupyterLab extension into `prebuilt/` with @jupyter/builder (rspack),
 * against JupyterLab's own app manifest from @jupyterlab/core-meta. Skips the build when `prebuilt/` is
 * newer than everything it is made from, so `npm start` re-runs fast. Run `tsc -b` first (it makes
 * `dist/src`). Pass `--force` to build anyway.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(here, "package.json"));
const stamp = join(here, "prebuilt", "package.json");

/** Newest modification time under `path` (a file or a folder, recursively). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), st.mtimeMs);
}

const protocolDir = dirname(require.resolve("@streamz-ts/protocol/package.json"));
const inputs = [join(here, "dist", "src"), join(here, "style"), join(here, "package.json"), join(protocolDir, "dist", "src")];
const upToDate = existsSync(stamp) && inputs.every((p) => newest(p) < statSync(stamp).mtimeMs);
if (upToDate && !process.argv.includes("--force")) {
  console.log("streamz-ts: labextension prebuilt/ is up to date");
  process.exit(0);
}
if (!existsSync(join(here, "dist", "src", "index.js"))) {
  console.error("streamz-ts: labextension/dist/src is missing: run `npx tsc -b` at the root first");
  process.exit(1);
}
const builder = join(dirname(require.resolve("@jupyter/builder/package.json")), "lib", "build-labextension.js");
const corePackage = join(dirname(require.resolve("@jupyterlab/core-meta/package.json")), "core.package.json");
const started = Date.now();
try {
  // The builder's chatter ("Compilation starting…") is only shown when it fails.
  execFileSync(process.execPath, [builder, "--core-package-file", corePackage, here], { stdio: "pipe", encoding: "utf8" });
} catch (err) {
  console.error(`${err.stdout ?? ""}${err.stderr ?? ""}`);
  console.error("streamz-ts: building the labextension failed");
  process.exit(1);
}
console.log(`streamz-ts: labextension built into prebuilt/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
