import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

const pkg = join(__dirname, "..", "..");
const root = join(pkg, "..", "..");

function typecheck(tsc: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(root, "node_modules", tsc, "bin", "tsc"), "-p", join(pkg, "typecheck")], {
    encoding: "utf8",
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("types", () => {
  it("the published .d.ts type-check under TypeScript 5.0 (tslab's), with inference through every operator", () => {
    const r = typecheck("typescript-5.0");
    assert.equal(r.status, 0, r.output);
  });
  it("and under the TypeScript that builds the repo", () => {
    const r = typecheck("typescript");
    assert.equal(r.status, 0, r.output);
  });
});
