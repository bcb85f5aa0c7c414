/**
 * Runs cells through tslab's executor, one at a time in arrival order, and records what each produced.
 * tslab's own execute handler is not used: after a failing cell it aborts every request for the next
 * 200 ms, a clock-based guess. Here a failure (with `stop_on_error`) aborts exactly the requests that
 * had already arrived behind the failing cell, as Jupyter clients expect, and nothing later.
 */
import * as tslabJupyter from "tslab/dist/jupyter";
import type { ConsoleInterface, Executor } from "tslab/dist/executor";
import { CellOutcome } from "./result";
import type { KernelMessage } from "./wire";
import { logKernel } from "./wire";

/** Where a running cell's output goes. */
export interface CellIo {
  writeStream(name: string, text: string): void;
  writeDisplayData(data: object, update: boolean): void;
}

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

  constructor(private readonly executor: Executor, private readonly toIopub: (name: "stdout" | "stderr", write: CellIo["writeStream"]) => (chunk: string | Uint8Array) => boolean) {}

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
    const next = this.chain.then(() => (this.failures !== failuresAtArrival ? ({ status: "aborted" } as const) : this.runNow(msg, code, stopOnError, io)));
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async runNow(msg: KernelMessage, code: string, stopOnError: boolean, io: CellIo): Promise<CellStatus> {
    const count = ++this.count;
    const outcome = new CellOutcome();
    this.current = { msg, outcome };
    // Cell output, including what timers print later, goes to this cell until the next one starts.
    process.stdout.write = this.toIopub("stdout", io.writeStream) as typeof process.stdout.write;
    process.stderr.write = this.toIopub("stderr", io.writeStream) as typeof process.stderr.write;
    tslabHooks.lastWriteDisplayData = io.writeDisplayData;
    let ok: boolean;
    try {
      ok = await this.executor.execute(code);
    } catch (err) {
      outcome.recordError([err]);
      ok = false;
    }
    if (!ok && stopOnError) this.failures++;
    return { status: ok ? "ok" : "error", count, outcome };
  }
}
