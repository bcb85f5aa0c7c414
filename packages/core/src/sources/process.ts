import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import type { StreamOptions } from "../stream";
import { PushSource } from "./push-source";
import { DEFAULT_MAX_BYTES, Splitter } from "./split";

/** Options of {@link fromProcess}. */
export interface ProcessSourceOptions extends StreamOptions {
  /** Working directory, environment: passed to `child_process.spawn` (stdio is always piped). */
  spawn?: Omit<SpawnOptions, "stdio">;
  /** Line separator. Default `"\n"`. */
  delimiter?: string;
  /** Longest line in bytes; longer ones are skipped and counted in `drops.oversized`. Default 1 MiB. */
  maxBytes?: number;
  /** Lines held before stdout is paused (the child then blocks on a full pipe). Default 1024. */
  highWater?: number;
}

/**
 * Runs a program and emits the lines of its standard output (UTF-8, delimiter removed; a last line
 * without a newline is emitted too). While downstream is busy, stdout is paused, so the child blocks
 * writing to a full pipe instead of the kernel buffering its output. streamz: `Stream.from_process`.
 *
 * The source finishes when the program exits and its lines were delivered. A program that cannot be
 * started, or exits with a non-zero code or a signal it was not sent by `stop()`, is reported as an
 * error (to `onError()`, else stderr) that quotes the end of its stderr. `stop()` sends SIGTERM.
 *
 * @example
 * ```ts
 * const ping = fromProcess("ping", ["-c", "3", "127.0.0.1"]);
 * ping.sink(console.log);
 * ping.start();
 * await ping.finished;       // after the third reply
 * ```
 */
export function fromProcess(cmd: string, args: readonly string[] = [], options?: ProcessSourceOptions): ProcessSource {
  return new ProcessSource(cmd, args, options);
}

/** Node behind {@link fromProcess}. */
export class ProcessSource extends PushSource<string> {
  /** The running child's pid, `undefined` when none runs. */
  pid: number | undefined;
  /** How the last run's child ended: its exit code, or the signal that ended it. */
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly opts: ProcessSourceOptions;

  constructor(
    private readonly cmd: string,
    private readonly args: readonly string[],
    options: ProcessSourceOptions = {},
  ) {
    super(options.highWater ?? 1024, options);
    if (typeof cmd !== "string" || cmd === "") throw new TypeError("fromProcess: cmd must be a program name or path");
    this.opts = options;
    new Splitter(options.delimiter ?? "\n", options.maxBytes ?? DEFAULT_MAX_BYTES, this.drops); // validates now
  }
  override get kind(): string {
    return "fromProcess";
  }
  protected override detail(): string {
    return [this.cmd, ...this.args].join(" ");
  }

  protected async open(): Promise<void> {
    this.exit = undefined;
    this.stopping = false;
    const splitter = new Splitter(this.opts.delimiter ?? "\n", this.opts.maxBytes ?? DEFAULT_MAX_BYTES, this.drops);
    const child = spawn(this.cmd, [...this.args], { ...this.opts.spawn, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.pid = child.pid;
    let stderrTail = "";
    child.stderr.on("data", (c: Buffer) => {
      stderrTail = (stderrTail + c.toString("utf8")).slice(-2000); // only the end is kept, for the error
    });
    const stdout = child.stdout;
    this.inbox.add(stdout);
    stdout.on("data", (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) this.inbox.push(line);
    });
    this.exited = new Promise<void>((resolve) => {
      // 'close' comes after stdout ended, so every line is in the inbox by then
      child.on("close", (code, signal) => {
        const last = splitter.end();
        if (last !== undefined) this.inbox.push(last);
        this.exit = { code, signal };
        this.child = undefined;
        this.pid = undefined;
        this.inbox.remove(stdout);
        if (!this.stopping && (code !== 0 || signal !== null)) {
          const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
          const tail = stderrTail.trim() ? `; its stderr ends with:\n${stderrTail.trim()}` : "";
          this.reportDetached(new Error(`fromProcess: "${this.detail()}" ${how}${tail}`), undefined);
        }
        this.inputEnded = true;
        this.inbox.interrupt();
        resolve();
      });
    });
    const started = await new Promise<boolean>((resolve) => {
      child.once("spawn", () => resolve(true));
      child.on("error", (e) => {
        if (this.pid !== undefined) return;
        this.stopping = true; // its 'close' (code -2) is not a second failure to report
        // reported like an exit failure (to onError() or stderr), and the run ends quietly
        this.reportDetached(new Error(`fromProcess: cannot run "${this.cmd}": ${e.message}`, { cause: e }), undefined);
        resolve(false);
      });
    });
    if (!started) this.inputEnded = true;
  }

  protected async close(): Promise<void> {
    const child = this.child;
    if (child?.exitCode === null && child.signalCode === null) {
      this.stopping = true;
      child.kill("SIGTERM");
      child.stdout?.resume(); // a paused pipe must not keep the child alive
    }
    await this.exited;
  }
}
