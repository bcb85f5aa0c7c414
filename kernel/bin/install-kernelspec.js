#!/usr/bin/env node
// `npm run kernel:install [-- --prefix DIR]`: installs the kernelspec "streamz-ts".
"use strict";
let install;
try {
  install = require("../dist/src/install");
} catch (err) {
  console.error("streamz-ts kernel is not built (run `npx tsc -b` at the repository root):", err.message);
  process.exit(1);
}
try {
  const dir = install.installKernelspec(install.parseInstallArgs(process.argv.slice(2)));
  console.log(`Installed kernelspec "${install.KERNEL_NAME}" (${install.DISPLAY_NAME}) in ${dir}`);
} catch (err) {
  console.error(`kernel:install: ${err.message}`);
  process.exit(2);
}
