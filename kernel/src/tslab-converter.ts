/**
 * tslab's converter module, with one fix applied as it loads. tslab exports every top-level name of a
 * cell by appending `export { a, b }`, building the list from the keys of TypeScript's symbol table.
 * Those keys are *escaped* names: TypeScript stores a name that starts with `__` with one more `_`,
 * so `const __a = 1; __a` failed with "Cannot find name '___a'"; and a module augmentation
 * (`declare module "pkg" { ... }`, how an operator is added to `Stream`) puts `"pkg"` in the table,
 * which made the cell a syntax error. The fix unescapes each key (`ts.unescapeLeadingUnderscores`,
 * TypeScript's own inverse) and exports only names that are identifiers. tslab is pinned exactly;
 * if its source ever lacks the line we fix, the module loads unchanged and the kernel says so.
 */
import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname } from "node:path";
import type * as Converter from "tslab/dist/converter";
import { logKernel } from "./wire";

const ESCAPED = "keys.add(key);";
const UNESCAPED =
  "{ const name = ts.unescapeLeadingUnderscores(key); if (ts.isIdentifierText(name, ts.ScriptTarget.Latest)) keys.add(name); }";

type NodeModule = InstanceType<typeof Module> & { _compile(source: string, filename: string): void };
type ModuleStatics = { _nodeModulePaths(dir: string): string[] };

let loaded: typeof Converter | undefined;

/** tslab's `dist/converter` with top-level names starting with `__` exported correctly. */
export function tslabConverter(): typeof Converter {
  if (loaded) return loaded;
  const file = require.resolve("tslab/dist/converter");
  const source = readFileSync(file, "utf8");
  if (source.split(ESCAPED).length !== 2) {
    logKernel("tslab's converter changed: names starting with __ may not carry over between cells");
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the unpatched module, as a fallback
    return (loaded = require("tslab/dist/converter") as typeof Converter);
  }
  const mod = new Module(file, module) as NodeModule;
  mod.filename = file;
  mod.paths = (Module as unknown as ModuleStatics)._nodeModulePaths(dirname(file));
  mod._compile(source.replace(ESCAPED, UNESCAPED), file);
  return (loaded = mod.exports as typeof Converter);
}
