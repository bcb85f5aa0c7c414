import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

/** Packages loaded in a fresh process after `require(entry)`, by name. */
function packagesLoadedBy(entry: string): string[] {
  const script = `require(${JSON.stringify(entry)});
const names = Object.keys(require.cache).map((p) => p.split("/node_modules/")[1]).filter(Boolean).map((p) => p.split("/")[0]);
process.stdout.write(JSON.stringify([...new Set(names)]));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as string[];
}

test("importing the core does not load the network clients (ioredis, ws): they load when a node needs them", () => {
  const loaded = packagesLoadedBy(require.resolve("../src/index"));
  assert.ok(!loaded.includes("ioredis"), `ioredis was loaded: ${loaded.join(", ")}`);
  assert.ok(!loaded.includes("ws"), `ws was loaded: ${loaded.join(", ")}`);
});

test("a Redis sink loads ioredis when it is made", () => {
  const script = `const { Stream } = require(${JSON.stringify(require.resolve("../src/index"))});
const before = Object.keys(require.cache).some((p) => p.includes("/node_modules/ioredis/"));
const sink = new Stream().toRedisStream("redis://127.0.0.1:1", "k");
const after = Object.keys(require.cache).some((p) => p.includes("/node_modules/ioredis/"));
sink.destroy();
process.stdout.write(JSON.stringify({ before, after }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as { before: boolean; after: boolean };
  assert.deepEqual(out, { before: false, after: true });
});
