import { test } from "node:test";
import assert from "node:assert/strict";
import { fromProcess, type StreamErrorEvent } from "../../src/index";
import { collect, gate, turns, until } from "./helpers";

const node = process.execPath;

test("fromProcess: emits stdout lines, including a last line without newline, then finishes", { timeout: 20_000 }, async (t) => {
  const src = fromProcess(node, [
    "-e",
    "for (let i = 0; i < 1000; i++) process.stdout.write(`line ${i}\\n`); process.stdout.write('tail')",
  ]);
  t.after(() => src.destroy());
  const out = collect(src);
  const errors = collect(src.onError());
  src.start();
  await src.finished;
  assert.equal(out.items.length, 1001);
  assert.equal(out.items[999], "line 999");
  assert.equal(out.items[1000], "tail");
  assert.deepEqual(src.exit, { code: 0, signal: null });
  assert.equal(errors.items.length, 0);
});

test("fromProcess: a failing program is reported with the end of its stderr; its output is kept", { timeout: 20_000 }, async (t) => {
  const src = fromProcess(node, ["-e", "console.log('partial result'); console.error('boom: disk on fire'); process.exit(3)"]);
  t.after(() => src.destroy());
  const out = collect(src);
  const errors = collect<StreamErrorEvent>(src.onError());
  src.start();
  await src.finished;
  assert.deepEqual(out.items, ["partial result"]);
  assert.equal(errors.items.length, 1);
  assert.match(String(errors.items[0]!.error.cause), /exited with code 3; its stderr ends with:\nboom: disk on fire/);
});

test("fromProcess: a program that does not exist is a clear error, not a crash", { timeout: 20_000 }, async (t) => {
  const src = fromProcess("/nonexistent/streamz-ts-no-such-program");
  t.after(() => src.destroy());
  const errors = collect<StreamErrorEvent>(src.onError());
  src.start();
  await src.finished;
  assert.equal(errors.items.length, 1);
  assert.match(String(errors.items[0]!.error.cause), /cannot run "\/nonexistent\/streamz-ts-no-such-program": .*ENOENT/);
});

test("fromProcess: stop() ends a long-running program and it is not reported as a failure", { timeout: 20_000 }, async (t) => {
  const src = fromProcess(node, ["-e", "console.log('up'); setInterval(() => {}, 1000)"]);
  t.after(() => src.destroy());
  const out = collect(src);
  const errors = collect(src.onError());
  src.start();
  await out.until(1);
  const pid = src.pid!;
  assert.ok(pid > 0);
  src.stop();
  await src.finished;
  assert.deepEqual(src.exit, { code: null, signal: "SIGTERM" });
  assert.throws(() => process.kill(pid, 0), /ESRCH/);
  assert.equal(errors.items.length, 0);
});

test("fromProcess: a busy sink pauses stdout, so the child waits on a full pipe", { timeout: 60_000 }, async (t) => {
  const n = 200_000;
  const src = fromProcess(
    node,
    [
      "-e",
      `const l = 'x'.repeat(90); let s = ''; for (let i = 0; i < ${n}; i++) s += String(i).padStart(9, '0') + l + '\\n'; process.stdout.write(s)`,
    ],
    { highWater: 16 },
  );
  t.after(() => src.destroy());
  const g = gate();
  t.after(g.open);
  const out = collect(src, (_x, i) => (i === 0 ? g.wait : undefined));
  src.start();
  await out.until(1);
  await until(() => src.backlog >= 16);
  await turns(50);
  assert.ok(src.backlog <= 16 + Math.ceil(65536 / 100), `backlog ${src.backlog}`);
  assert.equal(src.exit, undefined, "the child cannot finish writing 20 MB while we do not read");
  g.open();
  await src.finished;
  assert.equal(out.items.length, n);
  assert.equal(out.items[n - 1], String(n - 1).padStart(9, "0") + "x".repeat(90));
});
