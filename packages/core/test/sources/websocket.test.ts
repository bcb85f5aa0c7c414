import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { WebSocket } from "ws";
import { fromWebSocket } from "../../src/index";
import { collect, gate, portIsFree, turns, until } from "./helpers";

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

test("fromWebSocket: text and binary messages from several clients", { timeout: 20_000 }, async (t) => {
  const src = fromWebSocket(0);
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const a = await open(`ws://127.0.0.1:${port}`);
  const b = await open(`ws://127.0.0.1:${port}/any/path`);
  t.after(() => (a.terminate(), b.terminate()));
  for (let i = 0; i < 50; i++) {
    a.send(`a${i}`);
    b.send(Buffer.from([i]));
  }
  await out.until(100);
  assert.deepEqual(
    out.items.filter((m) => typeof m === "string"),
    Array.from({ length: 50 }, (_, i) => `a${i}`),
  );
  assert.deepEqual(
    out.items.filter((m): m is Buffer => Buffer.isBuffer(m)).map((m) => m[0]),
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.equal(src.connections, 2);
  const closed = Promise.all([a, b].map((ws) => new Promise((r) => ws.once("close", r))));
  src.stop();
  await src.finished;
  await closed;
  assert.equal(await portIsFree(port), true);
});

test("fromWebSocket: an oversized message disconnects that client with 1009 and is counted", { timeout: 20_000 }, async (t) => {
  const src = fromWebSocket(0, { maxBytes: 100 });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const bad = await open(`ws://127.0.0.1:${port}`);
  const good = await open(`ws://127.0.0.1:${port}`);
  t.after(() => (bad.terminate(), good.terminate()));
  bad.on("error", () => undefined);
  const code = new Promise<number>((r) => bad.once("close", (c) => r(c)));
  bad.send("before");
  bad.send("x".repeat(101));
  assert.equal(await code, 1009);
  good.send("still here");
  await out.until(2);
  assert.deepEqual(out.items, ["before", "still here"]);
  assert.equal(src.drops.oversized, 1);
});

test("fromWebSocket: a busy sink pauses the connections and bounds the backlog", { timeout: 60_000 }, async (t) => {
  const highWater = 8;
  const src = fromWebSocket(0, { highWater });
  t.after(() => src.destroy());
  const g = gate();
  t.after(g.open);
  const out = collect(src, (_x, i) => (i === 0 ? g.wait : undefined));
  src.start();
  const port = await src.listening;
  const ws = await open(`ws://127.0.0.1:${port}`);
  t.after(() => ws.terminate());
  const n = 20_000;
  const payload = "p".repeat(1000); // 20 MB in all
  for (let i = 0; i < n; i++) ws.send(`${i} ${payload}`);
  await out.until(1);
  await until(() => src.backlog >= highWater);
  await turns(50);
  const perChunk = Math.ceil((64 * 1024) / 1000) + 1;
  assert.ok(src.backlog <= highWater + perChunk, `backlog ${src.backlog} while paused`);
  assert.ok(ws.bufferedAmount > 0, "the client still holds frames: TCP pushes back");
  g.open();
  await out.until(n);
  assert.equal(out.items.length, n);
  assert.equal(out.items[n - 1], `${n - 1} ${payload}`);
});

/** A raw TCP client that speaks just enough WebSocket to send frames, and to break off in the middle of one. */
async function rawClient(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => undefined);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
  );
  await new Promise<void>((resolve) => {
    let seen = "";
    const onData = (c: Buffer): void => {
      seen += c.toString("latin1");
      if (seen.includes("\r\n\r\n")) {
        socket.off("data", onData);
        resolve();
      }
    };
    socket.on("data", onData);
  });
  return socket;
}

/** One masked text frame (client to server), `fin` false for a fragment of a longer message. */
function frame(payload: string, opcode = 1, fin = true): Buffer {
  const data = Buffer.from(payload, "utf8");
  assert.ok(data.length < 126);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(data.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | data.length]), mask, masked]);
}

test("fromWebSocket: connections reset mid-frame or mid-message count in drops.truncated", { timeout: 20_000 }, async (t) => {
  const src = fromWebSocket(0);
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const resetAfter = async (bytes: Buffer): Promise<void> => {
    const c = await rawClient(port);
    const closed = new Promise((r) => c.once("close", r));
    c.write(bytes, () => c.resetAndDestroy()); // a TCP reset once the bytes are out
    await closed;
  };
  await resetAfter(Buffer.concat([frame("whole 1"), frame("half of this").subarray(0, 9)])); // mid-frame
  await resetAfter(Buffer.concat([frame("whole 2"), frame("first part", 1, false)])); // mid-message
  await resetAfter(frame("whole 3")); // between messages: nothing lost
  await until(() => src.connections === 0);
  const good = await open(`ws://127.0.0.1:${port}`);
  t.after(() => good.terminate());
  good.send("still here");
  await out.until(4);
  assert.deepEqual(out.items, ["whole 1", "whole 2", "whole 3", "still here"]);
  assert.deepEqual(src.drops, { oversized: 0, malformed: 0, truncated: 2 });
});
