#!/usr/bin/env node
// Started by Jupyter through kernel.json: streamz-ts-kernel --config-path <connection file>.
"use strict";
const args = process.argv.slice(2);
const at = args.indexOf("--config-path");
const configPath = at >= 0 ? args[at + 1] : undefined;
if (!configPath) {
  console.error("usage: streamz-ts-kernel --config-path <connection_file>");
  process.exit(2);
}
let main;
try {
  main = require("../dist/src/main");
} catch (err) {
  console.error("streamz-ts kernel is not built (run `npx tsc -b` at the repository root):", err.message);
  process.exit(1);
}
main.startKernel(configPath).catch((err) => {
  console.error("streamz-ts kernel failed to start:", err);
  process.exit(1);
});
