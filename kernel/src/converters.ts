/**
 * tslab's converters (TypeScript to JavaScript with type checking), made to survive file changes.
 * tslab runs a TypeScript watch program whose timers it fakes with a single slot; when a watched file
 * changes on disk (say a workspace package is rebuilt while a notebook is open), TypeScript schedules a
 * second timer and every later cell fails with "Unexpected pending rebuildTimer". We then replace the
 * converter with a fresh one (cells keep their declarations: the executor passes them on each call)
 * and retry the call once.
 */
import { createConverter, type Converter, type ConverterOptions } from "tslab/dist/converter";
import type { ConverterSet } from "tslab/dist/executor";
import { logKernel } from "./wire";

const STUCK = /Unexpected pending rebuildTimer|rebuildTimer is not set properly|clearing unexpected tiemr/;

/** A converter that rebuilds itself when tslab's watch-timer bookkeeping breaks. */
function resilient(options: ConverterOptions): Converter {
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
  return {
    convert: (prevDecl, src) => retry((c) => c.convert(prevDecl, src)),
    inspect: (prevDecl, src, pos) => retry((c) => c.inspect(prevDecl, src, pos)),
    complete: (prevDecl, src, pos) => retry((c) => c.complete(prevDecl, src, pos)),
    addModule: (name, content, meta) => retry((c) => c.addModule(name, content, meta)),
    close: () => inner.close(),
  };
}

/** Converters for Node and browser cells, created on first use (tslab keeps its own set private). */
export function converterSet(): ConverterSet {
  let node: Converter | undefined;
  let browser: Converter | undefined;
  return {
    get node() {
      return (node ??= resilient({ isJS: false, isBrowser: false }));
    },
    get browser() {
      return (browser ??= resilient({ isJS: false, isBrowser: true }));
    },
    close() {
      node?.close();
      browser?.close();
    },
  };
}
