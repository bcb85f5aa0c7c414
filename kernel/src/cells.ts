/**
 * Runs cells through tslab's executor, one at a time in arrival order, and records what each produced.
 * tslab's own execute handler is not used: after a failing cell it aborts every request for the next
 * 200 ms, a clock-based guess. Here a failure (with `stop_on_error`) aborts exactly the requests that
 * had already arrived behind the failing cell, as Jupyter clients expect, and nothing later.
 */
import * as tslabJupyter from "tslab/dist/jupyter";
import type { ConsoleInterface, Executor } from "tslab/dist/executor";
import { CellOutcome } from "./result";
import type { CellGuard } from "./cell-guard";
import { logKernel, type KernelMessage } from "./wire";

/** Where a running cell's output goes. */
export interface CellIo {
  writeStream(name: string, text: string): void;
  writeDisplayData(data: object, update: boolean): void;
}

/** What tslab reports when a SIGINT broke a cell's synchronous start, or when it stopped waiting for the cell. */
const INTERRUPTED = /interrupted by `?SIGINT|Interrupted asynchronously/;

/** How a cell ended. */
export type CellStatus = { status: "ok" | "error"; count: number; outcome: CellOutcome } | { status: "aborted" };

/** The writable view of tslab's module-level display hook, read by `tslab.display`. */
const tslabHooks = tslabJupyter as unknown as { lastWriteDisplayData: CellIo["writeDisplayData"] | null };

/** The execute queue and the running cell. */
export class CellRunner {
  private chain: Promise<unknown> = Promise.resolve();
  private failures = 0;
  private count = 0;
  /** The running cell, or the last one (output from timers goes to it, as in tslab). */
  current: { msg: KernelMessage; outcome: CellOutcome } | undefined;

  constructor(
    private readonly executor: Executor,
    private readonly guard: CellGuard,
    private readonly toIopub: (name: "stdout" | "stderr", write: CellIo["writeStream"]) => (chunk: string | Uint8Array) => boolean,
  ) {}

  /** The console for `createExecutor`: tslab logs the last value and errors to it, nothing else. */
  static console(runner: () => CellRunner | undefined): ConsoleInterface {
    return {
      log: (value?: unknown) => runner()?.current?.outcome.recordValue(value),
      error: (...args: unknown[]) => {
        const r = runner()?.current;
        if (r) r.outcome.recordError(args);
        else logKernel(`executor error outside a cell: ${args.map(String).join(" ")}`);
      },
    };
  }

  /** Queues a cell; resolves when it ran (or was aborted). */
  run(msg: KernelMessage, code: string, stopOnError: boolean, io: CellIo): Promise<CellStatus> {
    const failuresAtArrival = this.failures;
    const next = this.chain.then(() =>
      this.failures !== failuresAtArrival ? ({ status: "aborted" } as const) : this.runNow(msg, code, stopOnError, io),
    );
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runNow(msg: KernelMessage, code: string, stopOnError: boolean, io: CellIo): Promise<CellStatus> {
    const count = ++this.count;
    const outcome = new CellOutcome();
    this.current = { msg, outcome };
    // Cell output, including what timers print later, goes to this cell until the next one starts.
    process.stdout.write = this.toIopub("stdout", io.writeStream);
    process.stderr.write = this.toIopub("stderr", io.writeStream);
    tslabHooks.lastWriteDisplayData = io.writeDisplayData;
    let ok: boolean;
    const run = this.guard.startRun();
    try {
      ok = await new Promise<boolean>((resolve) => {
        void run.abandoned.then(() => resolve(false)); // never rejects
        // Where the executor runs matters if the cell's synchronous start gets terminated: the
        // termination drops every promise job queued behind the terminated one (a job queued from
        // here would take this function's continuation along), and a termination inside a timer or
        // immediate callback corrupts node's async context stack (the process aborts). So: a promise
        // job of its own, queued from a fresh turn of the event loop. This function waits, suspended,
        // for the executor or for `abandoned`.
        setImmediate(() =>
          queueMicrotask(() => {
            this.executor.execute(code).then(resolve, (err: unknown) => {
              outcome.recordError([err]);
              resolve(false);
            });
          }),
        );
      });
    } finally {
      this.guard.endRun();
    }
    if (!ok && (run.interrupted || INTERRUPTED.test(outcome.error?.evalue ?? ""))) outcome.markInterrupted();
    if (!ok && stopOnError) this.failures++;
    return { status: ok ? "ok" : "error", count, outcome };
  }
}
