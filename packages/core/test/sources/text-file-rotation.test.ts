import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromTextFile, VirtualScheduler } from "../../src/index";
import { collect, gate, tempDir, until } from "./helpers";

const lines = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const text = (ls: string[]): string => ls.map((l) => `${l}\n`).join("");

/** A writer process: `total` lines, renaming the file to `<path>.1` and recreating it every `every` lines, `pauseMs` apart. */
const WRITER = `
const fs = require("node:fs");
const [path, total, every, pauseMs] = [process.argv[1], ...process.argv.slice(2).map(Number)];
(async () => {
  for (let i = 0; i < total; i += every) {
    let chunk = "";
    for (let j = i; j < Math.min(total, i + every); j++) chunk += "line " + j + "\\n";
    fs.appendFileSync(path, chunk);
    if (i + every >= total) break;
    await new Promise((r) => setTimeout(r, pauseMs)); // the writer's pace: the workload, not a synchronisation
    fs.renameSync(path, path + ".1");
    fs.writeFileSync(path, "");
  }
})();
`;

test("fromTextFile: a sink slower than a rotating writer loses no file (real writer process)", { timeout: 120_000 }, async (t) => {
  const { dir, remove } = tempDir("rotate");
  t.after(remove);
  const path = join(dir, "app.log");
  writeFileSync(path, "");
  const src = fromTextFile(path, { pollMs: 20, fromBeginning: true });
  t.after(() => src.destroy());
  // the slow sink of the report: 5 ms every 20 lines
  const out = collect(src, (_x, i) => (i % 20 === 19 ? new Promise((r) => setTimeout(r, 5)) : undefined));
  src.start();
  const writer = spawn(process.execPath, ["-e", WRITER, path, "12000", "2000", "200"], { stdio: "inherit" });
  const exited = new Promise((r) => writer.once("exit", r));
  await exited;
  await until(() => out.items.at(-1) === "line 11999");
  assert.equal(out.items.length, 12_000, "no line lost or duplicated");
  assert.deepEqual(out.items, lines("line ", 12_000));
  assert.equal(src.rotations, 5);
  assert.deepEqual(src.drops, { oversized: 0, malformed: 0, truncated: 0, files: 0 });
});

test(
  "fromTextFile: files rotated away (twice) between two polls are still read, each to its end, in order",
  { timeout: 20_000 },
  async (t) => {
    const { dir, remove } = tempDir("rotate");
    t.after(remove);
    const path = join(dir, "app.log");
    writeFileSync(path, text(lines("a", 10)));
    const clock = new VirtualScheduler();
    const src = fromTextFile(path, { fromBeginning: true, scheduler: clock, pollMs: 1000 });
    t.after(() => src.destroy());
    const g = gate();
    t.after(g.open);
    const out = collect(src, (_x, i) => (i === 0 ? g.wait : undefined));
    src.start();
    await out.until(1); // a is open and being read
    // three rotations, logrotate style (.2 -> .3, .1 -> .2, path -> .1), and no poll in between
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines("b", 10)));
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines("c", 10)));
    renameSync(`${path}.2`, `${path}.3`);
    renameSync(`${path}.1`, `${path}.2`);
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines("d", 10)));
    g.open();
    await out.until(10);
    await until(() => clock.pendingTimers === 1);
    await clock.advance(1000); // one poll finds b (now .2, never seen at the path), c (.1) and d
    await until(() => out.items.at(-1) === "d9");
    assert.deepEqual(out.items, [...lines("a", 10), ...lines("b", 10), ...lines("c", 10), ...lines("d", 10)]);
    assert.equal(src.rotations, 3);
    assert.equal(src.drops.files, 0);
  },
);

test(
  "fromTextFile: with maxFiles open, a file deleted before it could be opened is counted in drops.files",
  { timeout: 20_000 },
  async (t) => {
    const { dir, remove } = tempDir("rotate");
    t.after(remove);
    const path = join(dir, "app.log");
    writeFileSync(path, text(lines("a", 5)));
    const clock = new VirtualScheduler();
    const src = fromTextFile(path, { fromBeginning: true, scheduler: clock, pollMs: 1000, maxFiles: 2 });
    t.after(() => src.destroy());
    const g = gate();
    t.after(g.open);
    const out = collect(src, (_x, i) => (i === 0 ? g.wait : undefined));
    src.start();
    await out.until(1);
    /** Renames the file to `.1` (replacing what was there), writes the next one, and lets one poll see it. */
    const rotate = async (prefix: string): Promise<void> => {
      renameSync(path, `${path}.1`);
      writeFileSync(path, text(lines(prefix, 5)));
      await until(() => clock.pendingTimers === 1);
      await clock.advance(1000);
      await until(() => clock.pendingTimers === 1);
    };
    await rotate("b"); // a and b open: the limit
    assert.equal(src.openFiles, 2);
    await rotate("c"); // c seen, not opened
    await rotate("d"); // c renamed to .1 ...
    await rotate("e"); // ... and replaced there by d: gone before it was ever opened
    g.open();
    await out.until(10); // a and b; a is closed, b is being read
    await until(() => clock.pendingTimers === 1);
    await clock.advance(1000); // room for one: c is found gone (counted), d is opened
    await out.until(15);
    await until(() => clock.pendingTimers === 1);
    await clock.advance(1000); // and then e
    await until(() => out.items.at(-1) === "e4");
    assert.deepEqual(out.items, [...lines("a", 5), ...lines("b", 5), ...lines("d", 5), ...lines("e", 5)]);
    assert.equal(src.drops.files, 1, "c is counted");
  },
);
