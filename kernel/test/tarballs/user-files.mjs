/**
 * The files of the user's project in tarballs.test.mjs: scripts that use the installed packages from
 * CommonJS and from ES modules, TypeScript files and their tsconfig, and a tiny package of the user's own.
 * Each script prints one JSON line of facts for the test to judge.
 */

/** What both scripts report, given both views of the core and the dataframe package. */
const REPORT = `
function report(esm, cjs, df, resolved) {
  const s = new esm.Stream();
  const doubled = s.map((x) => x * 2).sinkToList();
  for (const x of [1, 2, 3]) s.emit(x);
  let danfoOut = "no error";
  try {
    df.toDanfo(undefined);
  } catch (err) {
    danfoOut = err.message;
  }
  return JSON.stringify({
    same: { cls: esm.Stream === cjs.Stream, cjsOfEsm: new esm.Stream() instanceof cjs.Stream, esmOfCjs: new cjs.Stream() instanceof esm.Stream },
    // scatter comes from @streamz-ts/cluster, output from @streamz-ts/widgets, each loaded the other way
    registered: { scatter: typeof new esm.Stream().scatter, output: typeof new cjs.Stream().output },
    doubled,
    danfoOut,
    resolved,
  });
}
`;

const NAMES = `["@streamz-ts/protocol", "@streamz-ts/core", "@streamz-ts/widgets", "@streamz-ts/dataframe", "@streamz-ts/cluster"]`;

export const USER_FILES = {
  "use.cjs": `"use strict";
// require for the core, widgets and dataframe; import() for the core and cluster.
const cjs = require("@streamz-ts/core");
require("@streamz-ts/widgets");
const df = require("@streamz-ts/dataframe");
${REPORT}
(async () => {
  const esm = await import("@streamz-ts/core");
  await import("@streamz-ts/cluster");
  console.log(report(esm, cjs, df, ${NAMES}.map((n) => require.resolve(n))));
})();
`,
  "use.mjs": `// import for the core, widgets and dataframe; require for the core and cluster.
import * as esm from "@streamz-ts/core";
import "@streamz-ts/widgets";
import * as df from "@streamz-ts/dataframe";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
const require = createRequire(import.meta.url);
const cjs = require("@streamz-ts/core");
require("@streamz-ts/cluster");
${REPORT}
console.log(report(esm, cjs, df, ${NAMES}.map((n) => fileURLToPath(import.meta.resolve(n)))));
`,
  "esm-user.mts": `import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import "@streamz-ts/widgets";
import { StreamingDataFrame } from "@streamz-ts/dataframe";
import { greet } from "tiny-greeter";

const s = new Stream<number>();
const doubled: Stream<number> = s.map((x) => x * 2);
// @ts-expect-error a Stream<number> takes numbers only
s.emit("7");
export const views = [s.scatter(), doubled.output(), StreamingDataFrame, greet("types")];
`,
  "cjs-user.cts": `import { Stream } from "@streamz-ts/core";
import type { CommManager } from "@streamz-ts/kernel";

const s = new Stream<string>();
// @ts-expect-error a Stream<string> takes strings only
s.emit(7);
export type Manager = CommManager;
export const doubled = s.map((x) => x + x);
`,
  // skipLibCheck as tslab sets it: an uninstalled optional peer's types (danfojs-node) become any.
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      module: "node16",
      moduleResolution: "node16",
      target: "ES2022",
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ["node"],
    },
    files: ["esm-user.mts", "cjs-user.cts"],
  }),
};

/** A package of the user's own, installed beside the notebook. */
export const TINY_PACKAGE = {
  "package.json": JSON.stringify({ name: "tiny-greeter", version: "1.0.0", main: "index.js", types: "index.d.ts" }),
  "index.js": `exports.greet = (who) => "hello " + who;\n`,
  "index.d.ts": "export declare function greet(who: string): string;\n",
};
