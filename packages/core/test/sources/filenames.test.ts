import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { filenames, VirtualScheduler } from "../../src/index";
import { collect, tempDir, until } from "./helpers";

test("filenames: existing files first, then each new one once", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("names");
  t.after(remove);
  writeFileSync(join(dir, "b.csv"), "");
  writeFileSync(join(dir, "a.csv"), "");
  const src = filenames(dir, { pollMs: 2 });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  await out.until(2);
  writeFileSync(join(dir, "c.csv"), "");
  await out.until(3);
  assert.deepEqual(
    out.items,
    ["a.csv", "b.csv", "c.csv"].map((n) => join(dir, n)),
  );
  src.stop();
  await src.finished;
});

test("filenames: a glob filters names; fromBeginning: false skips what is there", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("names");
  t.after(remove);
  const sub = join(dir, "in");
  mkdirSync(sub);
  writeFileSync(join(sub, "old.csv"), "");
  const clock = new VirtualScheduler(); // polls happen when the test says, so "what is there" is exact
  const src = filenames(join(sub, "*.csv"), { pollMs: 100, fromBeginning: false, scheduler: clock });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  await until(() => clock.pendingTimers === 1); // first listing done, waiting for the next poll
  writeFileSync(join(sub, "skip.txt"), "");
  writeFileSync(join(sub, ".hidden.csv"), "");
  writeFileSync(join(sub, "new.csv"), "");
  await clock.advance(100);
  await out.until(1);
  await until(() => clock.pendingTimers === 1);
  unlinkSync(join(sub, "new.csv"));
  writeFileSync(join(sub, "z.csv"), "");
  await clock.advance(100);
  await out.until(2);
  assert.deepEqual(out.items, [join(sub, "new.csv"), join(sub, "z.csv")]);
});

test("filenames: wildcards outside the last segment are refused clearly", () => {
  assert.throws(() => filenames("/tmp/*/x.csv"), /last path segment only/);
});
