/**
 * Import time: how long `require` of each library takes in a fresh Node process (what a notebook pays
 * when its first cell imports it). Peers are the stream libraries a TypeScript user would reach for.
 * Each figure is the median of fresh processes, the libraries interleaved so machine noise hits all alike.
 */
import { execFileSync } from "node:child_process";
import { median, printTable } from "./lib/measure";

const PROCESSES = 15;
const LIBRARIES = ["@streamz-ts/core", "rxjs", "@most/core"];
/** Libraries the core must not load on import (they are loaded when a Redis or WebSocket node is made). */
const NOT_ON_IMPORT = ["ioredis", "ws"];

const probe = (name: string): string => `
const t = process.hrtime.bigint();
require(${JSON.stringify(name)});
const ms = Number(process.hrtime.bigint() - t) / 1e6;
const loaded = Object.keys(require.cache).filter((p) => ${JSON.stringify(NOT_ON_IMPORT)}.some((m) => p.includes("/node_modules/" + m + "/")));
process.stdout.write(JSON.stringify({ ms, loaded: [...new Set(loaded.map((p) => p.split("/node_modules/").pop().split("/")[0]))] }));`;

function main(): void {
  const times = new Map<string, number[]>(LIBRARIES.map((name) => [name, []]));
  let coreLoaded: string[] = [];
  for (let run = 0; run < PROCESSES; run++) {
    for (const name of LIBRARIES) {
      const out = JSON.parse(execFileSync(process.execPath, ["-e", probe(name)], { cwd: __dirname, encoding: "utf8" })) as {
        ms: number;
        loaded: string[];
      };
      times.get(name)!.push(out.ms);
      if (name === "@streamz-ts/core") coreLoaded = out.loaded;
    }
  }
  const core = median(times.get("@streamz-ts/core")!);
  printTable(
    `Import time (median of ${PROCESSES} fresh processes each, interleaved)`,
    ["library", "require (ms)", "vs @streamz-ts/core"],
    LIBRARIES.map((name) => {
      const ms = median(times.get(name)!);
      return [name, ms.toFixed(1), `${(ms / core).toFixed(2)}x`];
    }),
  );
  console.log(`network clients loaded by importing the core: ${coreLoaded.length === 0 ? "none" : coreLoaded.join(", ")} (must be none)`);
  if (coreLoaded.length > 0) process.exitCode = 1;
}

main();
