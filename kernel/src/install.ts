/**
 * Installs the kernelspec `streamz-ts`: a `kernel.json` that starts this kernel with the node that runs
 * the installer. Written directly (no `jupyter kernelspec` needed): Jupyter finds kernelspecs by path.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** The kernelspec's name (the directory under `kernels/`) and its display name. */
export const KERNEL_NAME = "streamz-ts";
export const DISPLAY_NAME = "TypeScript (streamz-ts)";

/** The kernelspec's logos (Jupyter's names), from `kernel/assets/`. */
export const LOGOS = ["logo-32x32.png", "logo-64x64.png"];

/** The command line the installer takes. */
export const USAGE = "streamz-ts install|uninstall [--user | --sys-prefix | --prefix DIR] [--no-extension]";

/** Where to install. */
export interface InstallOptions {
  /** Install under `<prefix>/share/jupyter/`; when absent, install for the current user. */
  prefix?: string;
  /** Also place the prebuilt JupyterLab extension (default true; `--no-extension` turns it off). */
  extension?: boolean;
}

/**
 * The prefix of the Python environment whose Jupyter runs the kernels (`--sys-prefix`, as `jupyter
 * kernelspec install --sys-prefix` means it): `sys.prefix` of the first `python3` on PATH, or of
 * `$PYTHON` when set.
 */
export function sysPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const python = env.PYTHON || "python3";
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8", env }).trim();
  } catch (err) {
    throw new Error(`--sys-prefix: could not ask ${python} for its sys.prefix (${(err as Error).message.split("\n")[0]})`);
  }
}

/** The Jupyter data directory that `options` install into: `<prefix>/share/jupyter`, or the user's. */
export function dataDir(options: InstallOptions = {}): string {
  return options.prefix !== undefined ? join(resolve(options.prefix), "share", "jupyter") : userDataDir();
}

/** The kernelspec's directory for `options`. */
export function kernelspecDir(options: InstallOptions = {}): string {
  return join(dataDir(options), "kernels", KERNEL_NAME);
}

/** Removes the kernelspec installed with `options`; returns its directory, or undefined when there was none. */
export function uninstallKernelspec(options: InstallOptions = {}): string | undefined {
  const dir = kernelspecDir(options);
  if (!existsSync(join(dir, "kernel.json"))) return undefined;
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

/** The per-user Jupyter data directory, as jupyter_core computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return resolve(env.JUPYTER_DATA_DIR);
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return join(env.APPDATA ?? homedir(), "jupyter");
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "jupyter");
}

/** The kernel.json content. */
export function kernelJson(): Record<string, unknown> {
  return {
    argv: [process.execPath, resolve(__dirname, "..", "..", "bin", "streamz-ts-kernel.js"), "--config-path", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { streamz_ts: true },
  };
}

/**
 * Writes the kernelspec and returns its directory.
 * @example installKernelspec({ prefix: "/tmp/env" }) // "/tmp/env/share/jupyter/kernels/streamz-ts"
 */
export function installKernelspec(options: InstallOptions = {}): string {
  const dir = kernelspecDir(options);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelJson(), null, 2) + "\n");
  // The Launcher and the kernel picker show these instead of a plain letter.
  for (const logo of LOGOS) copyFileSync(resolve(__dirname, "..", "..", "assets", logo), join(dir, logo));
  return dir;
}

/**
 * Parses the installer's options: `[--user | --sys-prefix | --prefix DIR | --prefix=DIR] [--no-extension]`.
 * Throws on anything else.
 */
export function parseInstallArgs(args: string[], env: NodeJS.ProcessEnv = process.env): InstallOptions {
  const out: InstallOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--user") continue;
    if (a === "--no-extension") {
      out.extension = false;
      continue;
    }
    if (a === "--sys-prefix") {
      out.prefix = sysPrefix(env);
      continue;
    }
    if (a === "--prefix" || a.startsWith("--prefix=")) {
      const v = a === "--prefix" ? args[++i] : a.slice("--prefix=".length);
      if (!v) throw new Error("--prefix needs a directory");
      out.prefix = v;
      continue;
    }
    throw new Error(`unknown argument "${a}" (usage: ${USAGE})`);
  }
  return out;
}
