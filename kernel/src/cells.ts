/**
 * Glue around tslab's executor: which execute request is running, and what it produced. tslab sets
 * `lastWriteDisplayData` to the running request's display writer right before it calls
 * `executor.execute`, so that writer identifies the request; the console handed to `createExecutor` only
 * ever receives the last expression's value (`log`) and failures (`error`), which we record instead of
 * printing.
 */
import * as tslabJupyter from "tslab/dist/jupyter";
import { createConverter } from "tslab/dist/converter";
import type { ConsoleInterface, ConverterSet, Executor } from "tslab/dist/executor";
import type { Converter } from "tslab/dist/converter";
import { CellOutcome } from "./result";
import type { KernelMessage } from "./wire";
import { logKernel } from "./wire";

/** One execute request on its way through tslab's queue. */
export interface CellRun {
  msg: KernelMessage;
  outcome: CellOutcome;
}

/** Tracks the running cell; gives tslab a console and an executor wrapper that report into it. */
export class CellRuns {
  private readonly byWriter = new WeakMap<object, CellRun>();
  /** The running cell, or the last one that ran (output from timers is attributed to it, as tslab does). */
  current: CellRun | undefined;

  /** Announces a request before it enters tslab's queue, keyed by the display writer made for it. */
  register(writer: object, msg: KernelMessage): CellOutcome {
    const run = { msg, outcome: new CellOutcome() };
    this.byWriter.set(writer, run);
    return run.outcome;
  }

  /** The console for `createExecutor`. */
  readonly console: ConsoleInterface = {
    log: (value?: unknown) => {
      if (this.current) this.current.outcome.recordValue(value);
    },
    error: (...args: unknown[]) => {
      if (this.current) this.current.outcome.recordError(args);
      else logKernel(`executor error outside a cell: ${args.map(String).join(" ")}`);
    },
  };

  /** Wraps tslab's executor so that each `execute` first selects its {@link CellRun}. */
  wrap(inner: Executor): Executor {
    return {
      execute: async (code: string) => {
        const writer = tslabJupyter.lastWriteDisplayData as unknown as object | null;
        this.current = writer ? this.byWriter.get(writer) : undefined;
        return inner.execute(code);
      },
      inspect: (src, pos) => inner.inspect(src, pos),
      complete: (src, pos) => inner.complete(src, pos),
      reset: () => inner.reset(),
      interrupt: () => inner.interrupt(),
      close: () => inner.close(),
      get locals() {
        return inner.locals;
      },
    };
  }
}

/** tslab's converters for Node and browser cells, created on first use (tslab keeps its own class private). */
export function converterSet(): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node() {
      return (node ??= createConverter({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (browser ??= createConverter({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}
