import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromIterable, fromTextFile, fromWebSocket, Stream } from "../../src/index";
import { collect, freePort, tempDir } from "./helpers";

test("sinkToTextFile writes one line per element; close() flushes; append keeps what was there", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("sink");
  t.after(remove);
  const path = join(dir, "out.txt");
  writeFileSync(path, "stale\n");
  const src = fromIterable(Array.from({ length: 50_000 }, (_, i) => i));
  const sink = src.map((i) => `row ${i}`).sinkToTextFile(path);
  src.start();
  await src.finished;
  await sink.close();
  const lines = readFileSync(path, "utf8").split("\n");
  assert.equal(lines.length, 50_001);
  assert.equal(lines[0], "row 0");
  assert.equal(lines[49_999], "row 49999");
  const more = new Stream<string>();
  const appender = more.sinkToTextFile(path, { append: true, end: ";" });
  more.emit("x");
  more.emit("y");
  await appender.close();
  assert.ok(readFileSync(path, "utf8").endsWith("row 49999\nx;y;"));
  assert.throws(() => more.emit("late"), /is closed/);
});

test("sinkToTextFile into a path that cannot be written fails the emits with a clear error", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("sink");
  t.after(remove);
  const s = new Stream<string>();
  const sink = s.sinkToTextFile(join(dir, "no", "such", "dir.txt"));
  await assert.rejects(sink.close(), /sinkToTextFile: cannot write .*ENOENT/);
  assert.throws(() => s.emit("x"), /cannot write .*ENOENT/);
});

test("sinkToTextFile → fromTextFile: a pipeline through a real file", { timeout: 20_000 }, async (t) => {
  const { dir, remove } = tempDir("sink");
  t.after(remove);
  const path = join(dir, "pipe.log");
  writeFileSync(path, "");
  const tail = fromTextFile(path, { pollMs: 2, fromBeginning: true });
  t.after(() => tail.destroy());
  const out = collect(tail);
  tail.start();
  const s = new Stream<number>();
  const sink = s.sinkToTextFile(path, { append: true });
  for (let i = 0; i < 100; i++) await s.emit(i);
  await sink.close();
  await out.until(100);
  assert.deepEqual(out.items, Array.from({ length: 100 }, (_, i) => String(i)));
});

test("toWebSocket sends strings, buffers and JSON to a server; emits wait for the connection", { timeout: 20_000 }, async (t) => {
  const server = fromWebSocket(0);
  t.after(() => server.destroy());
  const got = collect(server);
  server.start();
  const port = await server.listening;
  const s = new Stream<unknown>();
  t.after(() => s.destroy());
  const sink = s.toWebSocket(`ws://127.0.0.1:${port}`);
  await s.emit("hello"); // before the connection is open: waits for it
  await s.emit(Buffer.from([1, 2, 3]));
  await s.emit({ a: 1 });
  await got.until(3);
  assert.deepEqual(got.items, ["hello", Buffer.from([1, 2, 3]), '{"a":1}']);
  assert.equal(sink.sent, 3);
  await sink.close();
});

test("toWebSocket to a port nobody listens on fails the emit with an error naming the URL", { timeout: 20_000 }, async (t) => {
  const port = await freePort();
  const s = new Stream<string>();
  t.after(() => s.destroy());
  s.toWebSocket(`ws://127.0.0.1:${port}/feed`);
  await assert.rejects(Promise.resolve(s.emit("x")), new RegExp(`toWebSocket: connection to ws://127\\.0\\.0\\.1:${port}/feed failed: .*ECONNREFUSED`));
  assert.throws(() => s.emit("y"), /ECONNREFUSED/);
});
