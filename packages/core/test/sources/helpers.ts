import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stream } from "../../src/index";

/** Everything a stream emits, with a way to wait for the n-th element. */
export interface Collected<T> {
  items: T[];
  until(n: number): Promise<void>;
}

/** Sinks `s` into a list; `work` (optional) runs per element and may return a promise (back pressure). */
export function collect<T>(s: Stream<T>, work?: (x: T, i: number) => unknown): Collected<T> {
  const items: T[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  s.sink((x: T) => {
    items.push(x);
    waiters = waiters.filter((w) => (items.length >= w.n ? (w.resolve(), false) : true));
    return work?.(x, items.length - 1);
  });
  return {
    items,
    until: (n) => (items.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
  };
}

/**
 * Waits until `cond()` holds, re-checking after the event loop has handled pending IO (setImmediate).
 * It waits for a state, never for an amount of time; the test's own timeout bounds it.
 */
export async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await cond())) await new Promise((r) => setImmediate(r));
}

/** Lets the event loop turn `n` times (IO callbacks run in between). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

/** A promise to block a sink on, and its release. */
export function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/** A fresh temporary directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `streamz-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Whether something can listen on 127.0.0.1:port now (i.e. the port was released). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** A port that was free a moment ago (for programs that cannot report the port they bound). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A real redis-server child on 127.0.0.1 with an append-only file in `dir`, fsynced on every write. */
export class RedisServer {
  child: ChildProcess | undefined;
  constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it and resolves once it accepts connections. */
  async start(): Promise<void> {
    const child = spawn(
      "redis-server",
      [
        "--port",
        String(this.port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--protected-mode",
        "no",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.child = child;
    let out = "";
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
    });
    child.stdout.resume();
  }

  /** Kills it by pid (SIGKILL: no chance to save anything more) and waits until it is gone. */
  async kill(signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child?.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once("exit", r));
    process.kill(child.pid!, signal);
    await gone;
  }
}
