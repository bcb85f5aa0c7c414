#!/usr/bin/env node
// `streamz-ts install [--user | --sys-prefix | --prefix DIR] [--no-extension]` writes the kernelspec
// "streamz-ts" (what `tslab install` does for tslab) and places the prebuilt JupyterLab extension beside
// it; `streamz-ts uninstall [same options]` removes both.
"use strict";
let install, lab;
try {
  install = require("../dist/src/install");
  lab = require("../dist/src/labextension");
} catch (err) {
  console.error("streamz-ts kernel is not built (run `npx tsc -b` at the repository root):", err.message);
  process.exit(1);
}
const [command, ...args] = process.argv.slice(2);
try {
  if (command === "install") {
    const options = install.parseInstallArgs(args);
    const dir = install.installKernelspec(options);
    console.log(`Installed kernelspec "${install.KERNEL_NAME}" (${install.DISPLAY_NAME}) in ${dir}`);
    if (options.extension !== false) {
      const source = lab.labextensionSource();
      if (source === undefined) {
        console.log(`No prebuilt ${lab.LABEXTENSION_NAME} found beside this kernel: JupyterLab extension not installed`);
      } else {
        const placed = lab.installLabextension(install.dataDir(options), source);
        console.log(`Installed JupyterLab extension ${lab.LABEXTENSION_NAME} in ${placed} (restart JupyterLab to load it)`);
      }
    }
  } else if (command === "uninstall") {
    const options = install.parseInstallArgs(args);
    const dir = install.uninstallKernelspec(options);
    console.log(dir ? `Removed kernelspec "${install.KERNEL_NAME}" from ${dir}` : `No kernelspec "${install.KERNEL_NAME}" there`);
    if (options.extension !== false) {
      const placed = lab.uninstallLabextension(install.dataDir(options));
      if (placed) console.log(`Removed JupyterLab extension ${lab.LABEXTENSION_NAME} from ${placed}`);
    }
  } else {
    console.error(`usage: ${install.USAGE}`);
    process.exit(2);
  }
} catch (err) {
  console.error(`streamz-ts ${command}: ${err.message}`);
  process.exit(2);
}
