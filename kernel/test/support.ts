/**
 * Runs the Python clients (Debian's jupyter_client, nbclient, jupyter_kernel_test) against the
 * streamz-ts kernel, installed into a temporary prefix that only this run's JUPYTER_PATH sees.
 */
import { spawn } from "node:child_process";
import { after, before } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { installKernelspec } from "../src/install";

/** The repository root (kernels start there, so cells resolve the workspace packages). */
export const REPO = resolve(__dirname, "..", "..", "..");
/** The Python scripts next to the test sources. */
export const PY_DIR = resolve(__dirname, "..", "..", "test", "py");
/** Debian's Python: the `python3` on PATH may not see Debian's packages. */
export const PYTHON = "/usr/bin/python3";

/** A kernelspec installed under a fresh temporary prefix; `env` points Jupyter at it. */
export function tempKernelspec(): { env: NodeJS.ProcessEnv; dispose(): void } {
  const prefix = mkdtempSync(join(tmpdir(), "streamz-ts-kernelspec-"));
  installKernelspec({ prefix });
  const env = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_RUNTIME_DIR: join(prefix, "runtime"),
    JUPYTER_PLATFORM_DIRS: "1",
    STREAMZ_REPO: REPO,
    PYTHONPATH: PY_DIR,
    PYTHONUNBUFFERED: "1",
  };
  return { env, dispose: () => rmSync(prefix, { recursive: true, force: true }) };
}

/** What a Python run printed and how it ended. */
export interface PyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `/usr/bin/python3 args...` to completion (the process is ours; killed if the test times out). */
export function runPython(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<PyRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(PYTHON, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** The facts a script printed with `emit()` (throws with the script's output when there are none). */
export function factsOf(run: PyRun): Record<string, any> {
  const line = run.stdout.split("\n").find((l) => l.startsWith("FACTS "));
  if (!line) throw new Error(`the script printed no facts (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  const facts = JSON.parse(line.slice("FACTS ".length)) as Record<string, any>;
  if (facts.exception) throw new Error(`the script failed:\n${facts.exception}\n--- kernel/stderr ---\n${run.stderr.slice(-4000)}`);
  return facts;
}

/**
 * Runs `script` (in test/py) against a fresh kernelspec before the tests of the calling suite, and
 * hands its facts and its run (stdout, and stderr: the kernel's log) to them.
 */
export function scriptFacts(script: string): { facts(): Record<string, any>; run(): PyRun } {
  let spec: ReturnType<typeof tempKernelspec> | undefined;
  let run: PyRun | undefined;
  let facts: Record<string, any> | undefined;
  before(async () => {
    spec = tempKernelspec();
    run = await runPython([`${PY_DIR}/${script}`], spec.env);
    facts = factsOf(run);
  });
  after(() => spec?.dispose());
  return { facts: () => facts!, run: () => run! };
}
