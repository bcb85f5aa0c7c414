import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromTextFile, VirtualScheduler } from "../../src/index";
import { collect, gate, tempDir, until } from "./helpers";

// pollMs is small: the tests wait for lines to arrive, never for time to pass

test("fromTextFile: follows appends; a line written in pieces is emitted once complete", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "app.log");
  writeFileSync(path, "old 1\nold 2\n");
  const src = fromTextFile(path, { pollMs: 2 });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  await until(() => src.position === 12); // started at the end: old lines are skipped
  appendFileSync(path, "new 1\nnew ");
  await out.until(1);
  appendFileSync(path, "2\n");
  await out.until(2);
  assert.deepEqual(out.items, ["new 1", "new 2"]);
  src.stop();
  await src.finished;
});

test("fromTextFile: fromBeginning, a custom delimiter, and a file that appears later", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "later.log");
  const src = fromTextFile(path, { pollMs: 2, fromBeginning: true, delimiter: ";" });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  writeFileSync(path, "a;b;c");
  await out.until(2);
  appendFileSync(path, ";");
  await out.until(3);
  assert.deepEqual(out.items, ["a", "b", "c"]);
});

test("fromTextFile: survives rotation (rename + new file) without losing lines of either file", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "app.log");
  writeFileSync(path, "");
  const src = fromTextFile(path, { pollMs: 2, fromBeginning: true }); // empty, so no race with the first append
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  appendFileSync(path, "one\n");
  await out.until(1);
  appendFileSync(path, "two\nthree-without-newline"); // written just before the rotation
  renameSync(path, path + ".1");
  writeFileSync(path, "four\n");
  await out.until(4);
  assert.deepEqual(out.items, ["one", "two", "three-without-newline", "four"]);
  assert.equal(src.rotations, 1);
  appendFileSync(path, "five\n");
  await out.until(5);
  assert.equal(out.items[4], "five");
});

test("fromTextFile: truncation restarts at the top and counts the unfinished line", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "app.log");
  writeFileSync(path, "");
  const src = fromTextFile(path, { pollMs: 2, fromBeginning: true }); // empty, so no race with the first append
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  appendFileSync(path, "kept 1\nunfinished");
  await out.until(1);
  await until(() => src.position === 17);
  truncateSync(path, 0);
  await until(() => src.truncations === 1);
  appendFileSync(path, "after\n");
  await out.until(2);
  assert.deepEqual(out.items, ["kept 1", "after"]);
  assert.equal(src.drops.truncated, 1);
});

test("fromTextFile: a deleted file is read to its end, then the path is waited for", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "app.log");
  writeFileSync(path, "");
  const src = fromTextFile(path, { pollMs: 2, fromBeginning: true }); // empty, so no race with the first append
  t.after(() => src.destroy());
  const out = collect(src);
  const errors = collect(src.onError());
  src.start();
  appendFileSync(path, "before delete\n");
  await out.until(1);
  unlinkSync(path);
  writeFileSync(path, "recreated\n");
  await out.until(2);
  assert.deepEqual(out.items, ["before delete", "recreated"]);
  assert.equal(errors.items.length, 0);
});

test("fromTextFile: oversized and non-UTF-8 lines are counted, the lines around them kept", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "bad.log");
  writeFileSync(path, Buffer.concat([Buffer.from("ok 1\n" + "x".repeat(200) + "\n"), Buffer.from([0xff, 0x0a]), Buffer.from("ok 2\n")]));
  const src = fromTextFile(path, { pollMs: 2, fromBeginning: true, maxBytes: 50 });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  await out.until(2);
  assert.deepEqual(out.items, ["ok 1", "ok 2"]);
  assert.deepEqual(src.drops, { oversized: 1, malformed: 1, truncated: 0, files: 0 });
});

test("fromTextFile: does not read on while an emit is pending; polls on a VirtualScheduler", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("tail");
  t.after(remove);
  const path = join(dir, "big.log");
  const lines = Array.from({ length: 20_000 }, (_, i) => `row ${i}`);
  writeFileSync(path, lines.join("\n") + "\n"); // about 200 KB: several 64 KB reads
  const clock = new VirtualScheduler();
  const src = fromTextFile(path, { fromBeginning: true, scheduler: clock, pollMs: 1000 });
  t.after(() => src.destroy());
  const g = gate();
  t.after(g.open);
  const out = collect(src, (_x, i) => (i === 0 ? g.wait : undefined));
  src.start();
  await out.until(1);
  assert.equal(src.position, 64 * 1024, "one chunk read, no more while the first line is being handled");
  g.open();
  await out.until(lines.length);
  assert.deepEqual(out.items, lines);
  await until(() => clock.pendingTimers === 1); // the source is at the end and waits for its next poll
  appendFileSync(path, "appended\n");
  assert.equal(out.items.length, lines.length);
  await clock.advance(1000); // the next poll, on the virtual clock
  await out.until(lines.length + 1);
  assert.equal(out.items.at(-1), "appended");
});
