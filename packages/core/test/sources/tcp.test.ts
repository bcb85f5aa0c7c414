import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { fromTcp } from "../../src/index";
import { collect, gate, portIsFree, turns, until } from "./helpers";

function client(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect(port, "127.0.0.1", () => resolve(s));
    s.once("error", reject);
  });
}

test("fromTcp: delimited messages from many clients, split anywhere, in order per client", { timeout: 20_000 }, async (t) => {
  const src = fromTcp(0);
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  assert.equal(src.port, port);
  assert.ok(port > 0);
  const clients = await Promise.all([1, 2, 3].map(() => client(port)));
  t.after(() => clients.forEach((c) => c.destroy()));
  clients.forEach((c, k) => {
    const text = Array.from({ length: 100 }, (_, i) => `c${k} m${i} é`).join("\n") + "\n";
    // cut into odd-sized writes so messages (and a two-byte character) straddle chunks
    for (let at = 0; at < text.length; at += 7) c.write(text.slice(at, at + 7));
  });
  await out.until(300);
  for (let k = 0; k < 3; k++) {
    const mine = out.items.filter((m) => m.startsWith(`c${k} `));
    assert.deepEqual(
      mine,
      Array.from({ length: 100 }, (_, i) => `c${k} m${i} é`),
    );
  }
  clients.forEach((c) => c.destroy());
  src.stop();
  await src.finished;
});

test("fromTcp: stop() closes the connections and frees the port", { timeout: 20_000 }, async (t) => {
  const src = fromTcp(0, { delimiter: "\r\n" });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const c = await client(port);
  t.after(() => c.destroy());
  const closed = new Promise((r) => c.once("close", r));
  c.on("error", () => undefined);
  c.write("a\r\nb\r");
  c.write("\nc");
  await out.until(2);
  assert.equal(await portIsFree(port), false);
  src.stop();
  await src.finished;
  await closed;
  assert.equal(await portIsFree(port), true);
  assert.deepEqual(out.items, ["a", "b"]);
  assert.equal(src.drops.truncated, 1, "the unfinished 'c' is counted, not emitted");
});

test("fromTcp: bad input is counted and skipped, the good messages around it are kept", { timeout: 20_000 }, async (t) => {
  const src = fromTcp(0, { maxBytes: 16 });
  t.after(() => src.destroy());
  const out = collect(src);
  src.start();
  const port = await src.listening;
  const c = await client(port);
  t.after(() => c.destroy());
  c.write("good1\n" + "x".repeat(40));
  c.write("y".repeat(40) + "\ngood2\n");
  c.write(Buffer.concat([Buffer.from([0xff, 0xfe, 0x41]), Buffer.from("\ngood3\nhalf-a-mess")]));
  await out.until(3);
  const gone = new Promise((r) => c.once("close", r));
  c.end();
  await gone;
  await until(() => src.connections === 0);
  assert.deepEqual(out.items, ["good1", "good2", "good3"]);
  assert.deepEqual(src.drops, { oversized: 1, malformed: 1, truncated: 1 });
  const c2 = await client(port);
  t.after(() => c2.destroy()); // the server is fine
  c2.write("after\n");
  await out.until(4);
  assert.equal(out.items[3], "after");
  c2.destroy();
  src.stop();
  await src.finished;
});

test("fromTcp: a busy sink pauses the sockets; the backlog stays bounded and nothing is lost", { timeout: 60_000 }, async (t) => {
  const highWater = 16;
  const src = fromTcp(0, { highWater });
  t.after(() => src.destroy());
  const g = gate();
  let maxBacklog = 0;
  const out = collect(src, (_x, i) => {
    maxBacklog = Math.max(maxBacklog, src.backlog);
    return i === 0 ? g.wait : undefined;
  });
  src.start();
  const port = await src.listening;
  const c = await client(port);
  t.after(() => c.destroy());
  const line = (i: number) => `${String(i).padStart(8, "0")} ${"z".repeat(90)}`; // 100 bytes with "\n"
  const n = 200_000; // 20 MB: far more than the loopback socket buffers hold
  let text = "";
  for (let i = 0; i < n; i++) text += line(i) + "\n";
  c.write(text);
  await out.until(1);
  await until(() => src.backlog >= highWater);
  await turns(50); // let every IO callback that could still come in run
  const perChunk = Math.ceil((64 * 1024) / 100);
  assert.ok(src.backlog <= highWater + perChunk, `backlog ${src.backlog} while paused`);
  assert.ok(c.writableLength > 0, "the client cannot hand everything over: TCP pushes back");
  g.open();
  await out.until(n);
  assert.ok(maxBacklog <= highWater + perChunk, `max backlog ${maxBacklog}`);
  for (let i = 0; i < n; i += 997) assert.equal(out.items[i], line(i));
  assert.equal(out.items.length, n);
  c.destroy();
  src.stop();
  await src.finished;
});

test("fromTcp: a taken port is a clear error on `listening`, not a crash", { timeout: 20_000 }, async (t) => {
  const first = fromTcp(0);
  t.after(() => first.destroy());
  first.start();
  const port = await first.listening;
  const second = fromTcp(port);
  t.after(() => second.destroy());
  const errors: string[] = [];
  const orig = console.error;
  console.error = (m: unknown) => errors.push(String(m));
  try {
    second.start();
    await assert.rejects(second.listening, /fromTcp: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    await second.finished;
  } finally {
    console.error = orig;
  }
  assert.match(errors.join("\n"), /EADDRINUSE/);
  first.stop();
  await first.finished;
  assert.equal(await portIsFree(port), true);
});
