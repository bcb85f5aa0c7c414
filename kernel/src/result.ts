/**
 * What a cell produced, in the forms Jupyter clients expect: the last expression's value as an
 * `execute_result` bundle, a failure as `ename` / `evalue` / `traceback`. tslab prints both to the
 * console instead; the kernel hands tslab's executor a console that records them here.
 */
import { format, inspect } from "node:util";
import { DISPLAY, isDisplayable, type MimeBundle } from "@streamz-ts/protocol";
import { describe } from "./comms";
import { logKernel } from "./wire";

/** The error fields of an `error` message and of an `execute_reply` with status "error". */
export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * The display bundle of a cell's value: the value's own {@link DISPLAY} bundle when it has one (a
 * `text/plain` is always present), else `util.inspect` as `text/plain`.
 */
export function displayBundle(value: unknown): MimeBundle {
  const plain = inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 });
  if (!isDisplayable(value)) return { "text/plain": plain };
  try {
    const bundle = value[DISPLAY]();
    if (bundle === null || typeof bundle !== "object") throw new TypeError(`[DISPLAY]() returned ${typeof bundle}, not a MIME bundle`);
    return { "text/plain": plain, ...bundle };
  } catch (err) {
    logKernel(`display of a cell value failed, showing text: ${describe(err)}`);
    return { "text/plain": plain };
  }
}

/** Error content for a value thrown by a cell (any value, not only Errors). */
export function thrownError(err: unknown): ErrorContent {
  if (err instanceof Error) {
    const stack = typeof err.stack === "string" && err.stack !== "" ? err.stack : `${err.name}: ${err.message}`;
    return { ename: err.name || "Error", evalue: err.message, traceback: trimStack(stack).split("\n") };
  }
  const text = inspect(err);
  return { ename: "Thrown", evalue: text, traceback: [`Uncaught ${text}`] };
}

/** Error content for TypeScript diagnostics (the cell did not run). */
export function compileError(lines: string[]): ErrorContent {
  return { ename: "TypeScriptError", evalue: lines.join("; "), traceback: lines };
}

/**
 * Drops the kernel's own frames (tslab's executor, our server, node internals) below the cell's frames:
 * the user wants to see where their code failed, not how the kernel called it.
 */
function trimStack(stack: string): string {
  const lines = stack.split("\n");
  const cut = lines.findIndex((l, i) => i > 0 && /node_modules[\\/]tslab[\\/]|node:internal|node:vm/.test(l));
  return (cut > 0 ? lines.slice(0, cut) : lines).join("\n");
}

/** What one execution produced; filled by the executor's console while the cell runs. */
export class CellOutcome {
  result: MimeBundle | undefined;
  error: ErrorContent | undefined;
  private diagnostics: string[] = [];
  private interrupted = false;

  /** The cell was interrupted: reported as ipykernel does, whatever tslab said about it. */
  markInterrupted(): void {
    this.interrupted = true;
    this.result = undefined;
    this.error = {
      ename: "KeyboardInterrupt",
      evalue: "the cell was interrupted",
      traceback: ["KeyboardInterrupt: the cell was interrupted"],
    };
  }

  /** tslab calls `console.log(value)` with the last expression's value (only for non-null values). */
  recordValue(value: unknown): void {
    this.result = displayBundle(value);
  }

  /**
   * tslab calls `console.error(err)` for a thrown value and `console.error(fmt, ...args)` once per
   * TypeScript diagnostic.
   */
  recordError(args: unknown[]): void {
    if (this.interrupted) return;
    if (args.length === 1) {
      this.error = thrownError(args[0]);
    } else {
      this.diagnostics.push(format(...args));
      this.error = compileError(this.diagnostics);
    }
  }
}
