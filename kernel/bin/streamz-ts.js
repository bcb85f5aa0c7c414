#!/usr/bin/env node
// `streamz-ts install [--user | --sys-prefix | --prefix DIR]` writes the kernelspec "streamz-ts" (what
// `tslab install` does for tslab); `streamz-ts uninstall [same options]` removes it.
"use strict";
let install;
try {
  install = require("../dist/src/install");
} catch (err) {
  console.error("streamz-ts kernel is not built (run `npx tsc -b` at the repository root):", err.message);
  process.exit(1);
}
const [command, ...args] = process.argv.slice(2);
try {
  if (command === "install") {
    const dir = install.installKernelspec(install.parseInstallArgs(args));
    console.log(`Installed kernelspec "${install.KERNEL_NAME}" (${install.DISPLAY_NAME}) in ${dir}`);
  } else if (command === "uninstall") {
    const dir = install.uninstallKernelspec(install.parseInstallArgs(args));
    console.log(dir ? `Removed kernelspec "${install.KERNEL_NAME}" from ${dir}` : `No kernelspec "${install.KERNEL_NAME}" there`);
  } else {
    console.error("usage: streamz-ts install|uninstall [--user | --sys-prefix | --prefix DIR]");
    process.exit(2);
  }
} catch (err) {
  console.error(`streamz-ts ${command}: ${err.message}`);
  process.exit(2);
}
