import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

const pkg = join(__dirname, "..", "..");
const root = join(pkg, "..", "..");

/**
 * Errors of `tsc -p typecheck` in our own files (the consumer and the .d.ts of this repo's packages).
 * Third-party declarations are checked too (skipLibCheck off, so ours are), but their own faults are
 * not ours to fix: danfojs-node's .d.ts name modules without types, and flatbuffers' (under
 * apache-arrow) use generic typed arrays that TypeScript 5.0 does not know.
 */
function ownErrors(tsc: string): string[] {
  const r = spawnSync(process.execPath, [join(root, "node_modules", tsc, "bin", "tsc"), "-p", join(pkg, "typecheck")], {
    encoding: "utf8",
  });
  const lines = `${r.stdout}${r.stderr}`.split("\n").filter((l) => /error TS\d+/.test(l));
  return lines.filter((l) => !l.startsWith("node_modules/") || l.startsWith("node_modules/@streamz-ts/"));
}

describe("types", () => {
  it("the published .d.ts type-check under TypeScript 5.0 (tslab's), with the types a user relies on", () => {
    assert.deepEqual(ownErrors("typescript-5.0"), []);
  });
  it("and under the TypeScript that builds the repo", () => {
    assert.deepEqual(ownErrors("typescript"), []);
  });
});
