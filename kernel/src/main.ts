/**
 * Starts the streamz-ts kernel: tslab's converter and executor, our server, the comm channel published
 * as the kernel bridge, and `@streamz-ts/widgets` loaded so that its comm targets (widget models and
 * the ipywidgets 8 control channel) answer before any cell has imported it.
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { join } from "node:path";
import { createExecutor } from "tslab/dist/executor";
import { JupyterHandlerImpl } from "tslab/dist/jupyter";
import { KERNEL_BRIDGE } from "@streamz-ts/protocol";
import { CellGuard } from "./cell-guard";
import { CellRunner } from "./cells";
import { converterSet } from "./converters";
import { loadWidgets, preludeFor } from "./prelude";
import { describe } from "./comms";
import { StreamzServer } from "./server";
import { logKernel } from "./wire";

/**
 * tslab runs a cell's synchronous start with `vm.runInThisContext(code, { breakOnSigint: true })`, and
 * vm's default `displayErrors`. Both go:
 * - a SIGINT that lands as that call returns is swallowed, or terminates whatever JavaScript runs next
 *   (seen here: the kernel's own continuation, so the cell never answered). Interrupts are the control
 *   thread's job (it terminates cell code, see control-thread.ts);
 * - `displayErrors` prefixes an error thrown inside a library with that library's source line and a
 *   caret (`.../stream.js:156 throw error; ^`) above the message the user needs.
 */
function cellVmOptions(): void {
  const original = vm.runInThisContext;
  vm.runInThisContext = ((code: string, options?: vm.RunningScriptOptions | string) =>
    original(
      code,
      typeof options === "object" && options !== null ? { ...options, breakOnSigint: false, displayErrors: false } : options,
    )) as typeof vm.runInThisContext;
}

/** This package's version, for `kernel_info_reply`. */
export function kernelVersion(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Runs the kernel on the connection file `configPath` until a `shutdown_request`.
 * Resolves once the sockets are bound.
 */
export async function startKernel(configPath: string): Promise<StreamzServer> {
  // A failure in cell code that escapes (a timer, an unawaited promise) must not end the kernel.
  process.on("uncaughtException", (err) => console.error("Uncaught exception:", err));
  process.on("unhandledRejection", (reason) => console.error("Unhandled promise rejection:", reason));

  const guard = new CellGuard();
  const prelude = preludeFor(process.cwd());
  const convs = converterSet(prelude.declarations);
  void convs.node; // build the TypeScript service now rather than on the first cell
  let cells: CellRunner | undefined;
  const executor = createExecutor(
    process.cwd(),
    convs,
    CellRunner.console(() => cells),
  );
  const handler = new JupyterHandlerImpl(executor, false);
  cells = new CellRunner(executor, guard, (name, write) => handler.createWriteToIopub(name, write));
  const server = new StreamzServer(handler, configPath, cells, executor, guard, kernelVersion());
  (globalThis as Record<symbol, unknown>)[KERNEL_BRIDGE] = server.comms;
  // SIGINT straight to this process (not to its group, which the control thread hears through its
  // relay): handled here once the main thread is free.
  process.on("SIGINT", () => server.interrupt(undefined));
  cellVmOptions();
  await server.init();
  try {
    loadWidgets(prelude, executor.locals);
  } catch (err) {
    logKernel(`@streamz-ts/widgets did not load, widgets are unavailable: ${describe(err)}`);
  }
  return server;
}
