import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import Redis from "ioredis";
import { fromRedisStream, Stream, type RedisStreamEntry } from "../../src/index";
import { collect, freePort, gate, RedisServer, tempDir, until } from "./helpers";

/** Ids pending (read, not acknowledged) in `group`, oldest first. */
async function pendingIds(redis: Redis, key: string, group: string): Promise<string[]> {
  const rows = (await redis.call("XPENDING", key, group, "-", "+", 1000)) as [string, string, number, number][];
  return rows.map((r) => r[0]);
}

async function addNumbers(redis: Redis, key: string, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = from; n < to; n++) ids.push((await redis.xadd(key, "*", "n", String(n)))!);
  return ids;
}

const num = (e: RedisStreamEntry) => Number(e.fields.n);

describe("fromRedisStream against a real redis-server", () => {
  const tmp = tempDir("redis");
  let server: RedisServer;
  let admin: Redis;

  before(async () => {
    server = new RedisServer(await freePort(), tmp.dir);
    await server.start();
    admin = new Redis(server.url, { maxRetriesPerRequest: null });
  });
  after(async () => {
    admin?.disconnect();
    await server?.kill("SIGTERM");
    tmp.remove();
  });

  test("acknowledges an entry only after its downstream work is done, and reads no further while busy", { timeout: 30_000 }, async (t) => {
    const ids = await addNumbers(admin, "orders", 0, 10);
    const src = fromRedisStream(server.url, "orders", { group: "g", consumer: "c", count: 5 });
    t.after(() => src.destroy());
    const g = gate();
    t.after(g.open);
    const out = collect(src, (e) => (num(e) === 2 ? g.wait : undefined));
    src.start();
    await out.until(3);
    // 0 and 1 are done and acknowledged; 2 is being worked on; 3 and 4 were read in the same batch
    await until(async () => (await pendingIds(admin, "orders", "g")).length === 3);
    assert.deepEqual(await pendingIds(admin, "orders", "g"), ids.slice(2, 5));
    const [info] = (await admin.call("XINFO", "GROUPS", "orders")) as unknown[][];
    const entriesRead = info![info!.indexOf("entries-read") + 1];
    assert.equal(entriesRead, 5, "no further XREADGROUP while an emit is pending");
    assert.equal(out.items.length, 3);
    g.open();
    await out.until(10);
    await until(() => src.acked === 10);
    assert.deepEqual(out.items.map(num), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(await pendingIds(admin, "orders", "g"), []);
    src.stop();
    await src.finished;
  });

  test("a failing element is reported and still acknowledged, so it cannot block the group", { timeout: 30_000 }, async (t) => {
    await addNumbers(admin, "jobs", 0, 3);
    const src = fromRedisStream(server.url, "jobs", { group: "g", consumer: "c" });
    t.after(() => src.destroy());
    const errors = collect(src.onError());
    const out = collect(
      src.map((e) => {
        if (num(e) === 1) throw new Error("bad job");
        return num(e);
      }),
    );
    src.start();
    await out.until(2);
    await until(() => src.acked === 3);
    assert.deepEqual(out.items, [0, 2]);
    assert.equal(errors.items.length, 1);
    assert.deepEqual(await pendingIds(admin, "jobs", "g"), []);
  });

  test(
    "with claimIdleMs, entries a dead consumer left pending are taken over, emitted once and acknowledged",
    { timeout: 30_000 },
    async (t) => {
      await addNumbers(admin, "tasks", 0, 5);
      // the first consumer reads a batch of 5 and dies while its sink is still working on the first
      const dead = fromRedisStream(server.url, "tasks", { group: "g", consumer: "dead", count: 5 });
      const stuck = gate();
      t.after(stuck.open);
      const deadOut = collect(dead, () => stuck.wait);
      dead.start();
      await deadOut.until(1);
      dead.destroy();
      assert.equal((await pendingIds(admin, "tasks", "g")).length, 5);

      const heir = fromRedisStream(server.url, "tasks", { group: "g", consumer: "heir", claimIdleMs: 300, blockMs: 100 });
      t.after(() => heir.destroy());
      const out = collect(heir);
      heir.start();
      await addNumbers(admin, "tasks", 5, 8);
      await out.until(8);
      await until(async () => heir.acked === 8 && (await pendingIds(admin, "tasks", "g")).length === 0);
      assert.deepEqual(
        out.items.map(num).sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7],
        "each entry exactly once",
      );
      assert.equal(heir.claimed, 5);
      assert.throws(() => fromRedisStream(server.url, "tasks", { claimIdleMs: 0 }), /claimIdleMs must be an integer >= 1/);
    },
  );

  test(
    "toRedisStream appends objects as fields and other values as `data`; fromRedisStream reads them back",
    { timeout: 30_000 },
    async (t) => {
      const input = new Stream<unknown>();
      const sink = input.toRedisStream(server.url, "out", { maxLen: 1000 });
      t.after(() => input.destroy());
      await input.emit({ user: "ada", n: 3, tags: ["x"] });
      await input.emit("plain text");
      await input.emit(42);
      assert.equal(sink.added, 3);
      const src = fromRedisStream(server.url, "out", { group: "readers" });
      t.after(() => src.destroy());
      const out = collect(src);
      src.start();
      await out.until(3);
      assert.deepEqual(
        out.items.map((e) => e.fields),
        [{ user: "ada", n: "3", tags: '["x"]' }, { data: "plain text" }, { data: "42" }],
      );
      assert.throws(() => input.emit({}), /at least one field/);
      await sink.close();
    },
  );
});

describe("fromRedisStream when Redis is killed mid-stream", () => {
  test("unacknowledged entries are delivered after Redis restarts; acknowledged ones are not", { timeout: 60_000 }, async (t) => {
    const tmp = tempDir("redis-kill");
    t.after(tmp.remove);
    const server = new RedisServer(await freePort(), tmp.dir);
    await server.start();
    t.after(() => server.kill());
    let admin = new Redis(server.url, { maxRetriesPerRequest: null, lazyConnect: true });
    admin.on("error", () => undefined);
    await addNumbers(admin, "events", 0, 20);

    // first life: entry 7 is in the middle of its work when Redis dies, and the reader dies with it
    const first = fromRedisStream(server.url, "events", { group: "g", consumer: "kernel", count: 5 });
    const g = gate();
    t.after(g.open);
    const seen = collect(first, (e) => (num(e) === 7 ? g.wait : undefined));
    first.start();
    await seen.until(8);
    await until(() => first.acked === 7);
    await server.kill(); // SIGKILL, by pid
    first.destroy();
    admin.disconnect();

    await server.start(); // same port, same append-only file
    admin = new Redis(server.url, { maxRetriesPerRequest: null });
    t.after(() => admin.disconnect());
    const pending = await pendingIds(admin, "events", "g");
    assert.equal(pending.length, 3, "entries 7, 8, 9 were read and never acknowledged");
    await addNumbers(admin, "events", 20, 25);

    // second life: same group and consumer name
    const second = fromRedisStream(server.url, "events", { group: "g", consumer: "kernel", count: 5 });
    t.after(() => second.destroy());
    const again = collect(second);
    second.start();
    await again.until(18);
    await until(() => second.acked === 18);
    assert.deepEqual(
      again.items.map(num),
      Array.from({ length: 18 }, (_, i) => i + 7),
    );
    assert.deepEqual(
      again.items.slice(0, 3).map((e) => e.id),
      pending,
    );
    assert.deepEqual(await pendingIds(admin, "events", "g"), []);
  });

  test("a running source rides out a Redis restart without losing or leaving anything pending", { timeout: 60_000 }, async (t) => {
    const tmp = tempDir("redis-restart");
    t.after(tmp.remove);
    const server = new RedisServer(await freePort(), tmp.dir);
    await server.start();
    t.after(() => server.kill());
    const admin = new Redis(server.url, { maxRetriesPerRequest: null, retryStrategy: () => 20 });
    admin.on("error", () => undefined);
    t.after(() => admin.disconnect());
    await addNumbers(admin, "feed", 0, 10);
    const src = fromRedisStream(server.url, "feed", { group: "g", consumer: "c", count: 5, retryMs: 20 });
    t.after(() => src.destroy());
    const g = gate();
    t.after(g.open);
    const out = collect(src, (e) => (num(e) === 2 ? g.wait : undefined));
    src.start();
    await out.until(3);
    await server.kill();
    await server.start();
    g.open();
    await addNumbers(admin, "feed", 10, 15);
    await until(() => new Set(out.items.map(num)).size === 15);
    await until(async () => (await pendingIds(admin, "feed", "g")).length === 0);
    assert.ok(src.reconnects >= 1, "it did notice the outage");
    assert.deepEqual(
      [...new Set(out.items.map(num))].sort((a, b) => a - b),
      Array.from({ length: 15 }, (_, i) => i),
    );
  });
});

test("fromRedisStream: stop() ends a source that never reached Redis; nothing is thrown", { timeout: 20_000 }, async (t) => {
  const port = await freePort(); // nobody listens there
  const src = fromRedisStream(`redis://127.0.0.1:${port}`, "nowhere", { retryMs: 10 });
  t.after(() => src.destroy());
  src.start();
  await until(() => src.connectionErrors > 0);
  src.stop();
  await src.finished;
  assert.equal(src.running, false);
});
