import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/** The `streamz-ts-worker` script of this package. */
export const WORKER_BIN = join(__dirname, "..", "..", "bin", "streamz-ts-worker.js");

/**
 * A `streamz-ts-worker` child process (for tests, benchmarks and demos). Resolves once it printed
 * that it is ready to take jobs.
 */
export function startWorkerProcess(redisUrl: string, extra: string[] = []): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER_BIN, "--redis", redisUrl, ...extra], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer): void => {
      seen += chunk.toString();
      if (/streamz-ts-worker: ready/.test(seen)) {
        child.stdout.off("data", onData);
        child.stdout.resume();
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, signal) => reject(new Error(`streamz-ts-worker exited (${code ?? signal}) before it was ready: ${seen}`)));
  });
}

/** Stops a worker process by pid and resolves when it has exited. */
export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(child.pid!, signal);
  });
}
