import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromIterable, fromTextFile, fromWebSocket, Stream } from "../../src/index";
import { collect, freePort, tempDir, until } from "./helpers";

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
  assert.deepEqual(
    out.items,
    Array.from({ length: 100 }, (_, i) => String(i)),
  );
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
  await assert.rejects(
    Promise.resolve(s.emit("x")),
    new RegExp(`toWebSocket: connection to ws://127\\.0\\.0\\.1:${port}/feed failed: .*ECONNREFUSED`),
  );
  assert.throws(() => s.emit("y"), /ECONNREFUSED/);
});

test(
  "toWebSocket with reconnectMs rides out a server restart: emits wait for the new connection, nothing fails",
  { timeout: 30_000 },
  async (t) => {
    const port = await freePort();
    const first = fromWebSocket(port);
    t.after(() => first.destroy());
    const before = collect(first);
    first.start();
    await first.listening;
    const s = new Stream<string>();
    t.after(() => s.destroy());
    const sink = s.toWebSocket(`ws://127.0.0.1:${port}`, { reconnectMs: 20 });
    await s.emit("a");
    await before.until(1);

    first.stop(); // drops the sink's connection
    await until(() => sink.reconnects === 1);
    const waiting = s.emit("b"); // nobody listens: the emit waits instead of failing
    assert.ok(waiting instanceof Promise);

    const second = fromWebSocket(port);
    t.after(() => second.destroy());
    const after = collect(second);
    second.start();
    await waiting;
    await after.until(1);
    await s.emit("c");
    await after.until(2);
    assert.deepEqual(before.items, ["a"]);
    assert.deepEqual(after.items, ["b", "c"]);
    assert.equal(sink.sent, 3);
    await sink.close();
    assert.throws(() => s.emit("d"), /toWebSocket: the sink to ws:\/\/127\.0\.0\.1:\d+ was closed/);
    assert.throws(() => s.toWebSocket(`ws://127.0.0.1:${port}`, { reconnectMs: -1 }), /toWebSocket: interval must be/);
  },
);

test(
  "toWebSocket with reconnectMs: closing the sink while it waits for a server fails the waiting emit, and leaves no timer",
  { timeout: 20_000 },
  async (t) => {
    const port = await freePort();
    const s = new Stream<string>();
    t.after(() => s.destroy());
    const sink = s.toWebSocket(`ws://127.0.0.1:${port}`, { reconnectMs: 20 });
    const waiting = s.emit("x");
    assert.ok(waiting instanceof Promise);
    await sink.close();
    await assert.rejects(Promise.resolve(waiting), /was closed/);
    assert.equal(s.scheduler.pendingTimers, 0);
  },
);
