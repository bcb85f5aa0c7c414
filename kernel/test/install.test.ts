/**
 * `npm run kernel:install` (kernel/bin/install-kernelspec.js): the kernelspec lands under a prefix or
 * in the user's Jupyter data directory, and Jupyter itself (jupyter_client's KernelSpecManager) finds it.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, it } from "node:test";
import { PYTHON } from "./support";
import { installLabextension, labextensionDir, uninstallLabextension } from "../src/labextension";

const BIN = resolve(__dirname, "..", "..", "bin", "install-kernelspec.js");
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), "streamz-ts-install-"));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

it("installs under --prefix DIR, where Jupyter finds it", () => {
  const prefix = temp();
  execFileSync(process.execPath, [BIN, "--prefix", prefix]);
  const spec = JSON.parse(readFileSync(join(prefix, "share/jupyter/kernels/streamz-ts/kernel.json"), "utf8"));
  assert.equal(spec.display_name, "TypeScript (streamz-ts)");
  assert.equal(spec.language, "typescript");
  assert.deepEqual(spec.argv.slice(2), ["--config-path", "{connection_file}"]);
  const found = execFileSync(
    PYTHON,
    [
      "-c",
      "from jupyter_client.kernelspec import KernelSpecManager as M; s = M().get_all_specs()['streamz-ts']; print(s['spec']['display_name']); import os; print(sorted(f for f in os.listdir(s['resource_dir']) if f.startswith('logo')))",
    ],
    {
      env: { ...process.env, JUPYTER_PATH: join(prefix, "share/jupyter") },
      encoding: "utf8",
    },
  );
  const [name, resources] = found.trim().split("\n");
  assert.equal(name, "TypeScript (streamz-ts)");
  assert.equal(resources, "['logo-32x32.png', 'logo-64x64.png']", "the Launcher's logos");
});

it("installs for the current user by default (in JUPYTER_DATA_DIR when set)", () => {
  const data = temp();
  execFileSync(process.execPath, [BIN], { env: { ...process.env, JUPYTER_DATA_DIR: data } });
  const spec = JSON.parse(readFileSync(join(data, "kernels/streamz-ts/kernel.json"), "utf8"));
  assert.equal(spec.argv[0], process.execPath);
});

it("refuses unknown arguments and a --prefix without a directory, saying why", () => {
  const bad = spawnSync(process.execPath, [BIN, "--system"], { encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown argument "--system"/);
  const empty = spawnSync(process.execPath, [BIN, "--prefix"], { encoding: "utf8" });
  assert.equal(empty.status, 2);
  assert.match(empty.stderr, /--prefix needs a directory/);
});

it("streamz-ts install --sys-prefix uses the Python environment's prefix, and uninstall removes it", () => {
  const prefix = temp();
  // A stand-in `python3` whose sys.prefix is our temporary folder (the real one would be /usr).
  const fakeBin = temp();
  writeFileSync(join(fakeBin, "python3"), `#!/bin/sh\necho ${prefix}\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${fakeBin}:${process.env.PATH}` };
  const cli = join(BIN, "..", "streamz-ts.js");
  const out = execFileSync(process.execPath, [cli, "install", "--sys-prefix"], { env, encoding: "utf8" });
  const dir = join(prefix, "share/jupyter/kernels/streamz-ts");
  assert.match(out, new RegExp(`in ${dir}$`, "m"));
  assert.ok(existsSync(join(dir, "kernel.json")) && existsSync(join(dir, "logo-64x64.png")));
  const gone = execFileSync(process.execPath, [cli, "uninstall", "--sys-prefix"], { env, encoding: "utf8" });
  assert.match(gone, /Removed kernelspec "streamz-ts"/);
  assert.equal(existsSync(dir), false);
  const usage = spawnSync(process.execPath, [cli, "frobnicate"], { encoding: "utf8" });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: streamz-ts install\|uninstall/);
});

/** A stand-in prebuilt extension: the layout JupyterLab reads (package.json + static/). */
function fakePrebuilt(name = "@streamz-ts/jupyterlab"): string {
  const dir = temp();
  mkdirSync(join(dir, "static"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name, version: "0.1.0", jupyterlab: { _build: { load: "static/remoteEntry.js" } } }),
  );
  writeFileSync(join(dir, "static", "remoteEntry.js"), "// remote entry\n");
  return dir;
}

it("places the extension under labextensions/ with an install.json, replacing an older copy whole", () => {
  const data = temp();
  const placed = installLabextension(data, fakePrebuilt());
  assert.equal(placed, join(data, "labextensions", "@streamz-ts", "jupyterlab"));
  writeFileSync(join(placed, "static", "stale.js"), "from an older version");
  installLabextension(data, fakePrebuilt());
  assert.equal(existsSync(join(placed, "static", "stale.js")), false, "no file of the older copy is left");
  assert.ok(existsSync(join(placed, "static", "remoteEntry.js")));
  assert.equal(JSON.parse(readFileSync(join(placed, "install.json"), "utf8")).packageName, "@streamz-ts/kernel");
  assert.equal(uninstallLabextension(data), placed);
  assert.equal(existsSync(placed), false);
  assert.equal(uninstallLabextension(data), undefined, "nothing to remove the second time");
});

it("uninstall leaves a folder of that name alone when it holds another package", () => {
  const data = temp();
  const target = labextensionDir(data);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "package.json"), JSON.stringify({ name: "someone-else" }));
  assert.equal(uninstallLabextension(data), undefined);
  assert.ok(existsSync(join(target, "package.json")));
});

it("streamz-ts install --no-extension writes the kernelspec only", () => {
  const prefix = temp();
  const out = execFileSync(process.execPath, [join(BIN, "..", "streamz-ts.js"), "install", "--prefix", prefix, "--no-extension"], {
    encoding: "utf8",
  });
  assert.doesNotMatch(out, /JupyterLab extension/);
  assert.ok(existsSync(join(prefix, "share/jupyter/kernels/streamz-ts/kernel.json")));
  assert.equal(existsSync(join(prefix, "share/jupyter/labextensions")), false);
});
