/**
 * Places the prebuilt JupyterLab extension `@streamz-ts/jupyterlab` where a user's own JupyterLab 4
 * looks for prebuilt extensions (`<data dir>/labextensions/@streamz-ts/jupyterlab/`), as a Python
 * extension package's `share/jupyter/labextensions/` files would land. `streamz-ts install` calls it
 * beside the kernelspec, so one command gives a Lab both the kernel and the views.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The extension's package name, which is also its folder under `labextensions/`. */
export const LABEXTENSION_NAME = "@streamz-ts/jupyterlab";

/** The extension as packed into `@streamz-ts/kernel` (`npm pack` copies it there, see `kernel/scripts/`). */
export const PACKED_LABEXTENSION = resolve(__dirname, "..", "share", "jupyter", "labextensions", ...LABEXTENSION_NAME.split("/"));

/**
 * The prebuilt extension to install: the copy packed into this package, else the `prebuilt/` folder of
 * an `@streamz-ts/jupyterlab` package this one resolves (a clone of the repository, where the extension
 * is a workspace). Undefined when there is neither.
 */
export function labextensionSource(): string | undefined {
  if (existsSync(join(PACKED_LABEXTENSION, "package.json"))) return PACKED_LABEXTENSION;
  try {
    const prebuilt = join(dirname(require.resolve(`${LABEXTENSION_NAME}/package.json`)), "prebuilt");
    return existsSync(join(prebuilt, "package.json")) ? prebuilt : undefined;
  } catch {
    return undefined;
  }
}

/** The extension's folder under the Jupyter data directory `dataDir`. */
export function labextensionDir(dataDir: string): string {
  return join(dataDir, "labextensions", ...LABEXTENSION_NAME.split("/"));
}

/**
 * Copies the prebuilt extension from `source` into `dataDir` and returns its folder there. A copy, not a
 * link, swapped in whole: a running Lab never sees half an extension, and it stays valid when the npm
 * package that brought it is removed or upgraded.
 * @example installLabextension("/home/me/.local/share/jupyter", labextensionSource()!)
 */
export function installLabextension(dataDir: string, source: string): string {
  const target = labextensionDir(dataDir);
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, staging, { recursive: true });
  if (!existsSync(join(staging, "install.json")))
    writeFileSync(join(staging, "install.json"), JSON.stringify(installJson(), null, 2) + "\n");
  rmSync(target, { recursive: true, force: true });
  renameSync(staging, target);
  return target;
}

/**
 * Removes the extension from `dataDir`; returns its folder, or undefined when it was not there. A folder
 * of that name holding another package is left alone.
 */
export function uninstallLabextension(dataDir: string): string | undefined {
  const target = labextensionDir(dataDir);
  const manifest = join(target, "package.json");
  if (!existsSync(manifest)) return undefined;
  const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown };
  if (name !== LABEXTENSION_NAME) return undefined;
  rmSync(target, { recursive: true, force: true });
  return target;
}

/** JupyterLab's `install.json`: how the extension got there, shown by `jupyter labextension list`. */
export function installJson(): Record<string, string> {
  return {
    packageManager: "npm",
    packageName: "@streamz-ts/kernel",
    uninstallInstructions: "Run `streamz-ts uninstall` with the options given to `streamz-ts install`",
  };
}
