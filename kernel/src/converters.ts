/**
 * tslab's converters (TypeScript to JavaScript with type checking), made to survive file changes.
 * tslab runs a TypeScript watch program whose timers it fakes with a single slot; when a watched file
 * changes on disk (say a workspace package is rebuilt while a notebook is open), TypeScript schedules a
 * second timer and every later cell fails with "Unexpected pending rebuildTimer". We then replace the
 * converter with a fresh one (cells keep their declarations: the executor passes them on each call)
 * and retry the call once.
 */
import type { Converter, ConverterOptions } from "tslab/dist/converter";
import type { ConverterSet } from "tslab/dist/executor";
import { guardAwaits } from "./await-guard";
import { expandShorthandProperties } from "./shorthand";
import { tslabConverter } from "./tslab-converter";
import { logKernel } from "./wire";

/** `import "pkg"` at the start of a line or after a `;` (a bare import: no names, only side effects). */
const BARE_IMPORT = /(?:^|;)\s*import\s+(["'])([^"'\n]+)\1/gm;
const STUCK = /Unexpected pending rebuildTimer|rebuildTimer is not set properly|clearing unexpected tiemr/;

/** A converter that rebuilds itself when tslab's watch-timer bookkeeping breaks. */
function resilient(options: ConverterOptions, prelude: string): Converter {
  const { createConverter } = tslabConverter();
  let inner = createConverter(options);
  const retry = <R>(call: (c: Converter) => R): R => {
    try {
      return call(inner);
    } catch (err) {
      if (!(err instanceof Error) || !STUCK.test(err.message)) throw err;
      logKernel(`TypeScript service stuck after a file change (${err.message}); starting a fresh one`);
      try {
        inner.close();
      } catch {
        // The old service is being dropped; a failure to close it changes nothing.
      }
      inner = createConverter(options);
      return call(inner);
    }
  };
  // A bare `import "pkg"` (one that loads a package for its side effects, such as adding methods to
  // Stream) leaves nothing in the declarations tslab carries from cell to cell, so its type
  // augmentations vanish two cells later. Carry such imports forward ourselves, once a cell with them
  // has compiled (a mistyped name must not break every later cell).
  const bareImports = new Set<string>();
  const withBareImports = (prevDecl: string): string =>
    `${prevDecl}\n${prelude}${[...bareImports].map((name) => `import ${JSON.stringify(name)};`).join("\n")}\n`;
  return {
    convert: (prevDecl, src) => {
      const result = retry((c) => c.convert(withBareImports(prevDecl), expandShorthandProperties(src)));
      if (result.diagnostics.length === 0) for (const m of src.matchAll(BARE_IMPORT)) bareImports.add(m[2]!);
      // The cell's awaits report to the cell guard, so that an interrupt can stop the cell wherever it is.
      if (result.output) result.output = guardAwaits(result.output);
      return result;
    },
    inspect: (prevDecl, src, pos) => retry((c) => c.inspect(withBareImports(prevDecl), src, pos)),
    complete: (prevDecl, src, pos) => retry((c) => c.complete(withBareImports(prevDecl), src, pos)),
    addModule: (name, content, meta) => retry((c) => c.addModule(name, content, meta)),
    close: () => inner.close(),
  };
}

/**
 * Converters for Node and browser cells, created on first use (tslab keeps its own set private).
 * `prelude` is declared before every cell (see `prelude.ts`).
 */
export function converterSet(prelude = ""): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node() {
      return (node ??= resilient({ isJS: false, isBrowser: false }, prelude));
    },
    get browser() {
      return (browser ??= resilient({ isJS: false, isBrowser: true }, prelude));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}
