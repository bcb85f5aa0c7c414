/**
 * IO sources against hand-written readers of the same protocol, in one process: messages/s from
 * `fromTcp` (newline-delimited, one and four clients) and from `fromRedisStream` (XREADGROUP + XACK,
 * batches of 100 and 1,000) into a no-op sink. The peer is the plain Node / ioredis loop a user would
 * write without streamz-ts, doing the same work per message (split, decode, ack). Median of 3 runs.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect, createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { fromRedisStream, fromTcp } from "@streamz-ts/core";
import { fmtRate, median, printTable } from "./lib/measure";

const TCP_N = 1_000_000;
const REDIS_N = 200_000;
const RUNS = 3;
let sink = 0;
const noop = (x: unknown) => {
  if (x === undefined) sink++;
};

/** `n` newline-terminated messages of about 40 bytes, split among `clients` buffers. */
function payloads(n: number, clients: number): Buffer[] {
  const out: Buffer[] = [];
  for (let c = 0; c < clients; c++) {
    let s = "";
    for (let i = c; i < n; i += clients) s += `{"client":${c},"seq":${i},"v":"abcdefgh"}\n`;
    out.push(Buffer.from(s));
  }
  return out;
}

function send(port: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const s: Socket = connect(port, "127.0.0.1", async () => {
      for (let at = 0; at < data.length; at += 1 << 20) {
        if (!s.write(data.subarray(at, at + (1 << 20)))) await new Promise((r) => s.once("drain", r));
      }
      s.end(resolve);
    });
    s.on("error", reject);
  });
}

async function tcpOurs(data: Buffer[], n: number): Promise<number> {
  const src = fromTcp(0, { highWater: 4096 });
  let count = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  src.sink((x) => {
    noop(x);
    if (++count === n) done();
  });
  src.start();
  const port = await src.listening;
  const t0 = performance.now();
  await Promise.all(data.map((d) => send(port, d)));
  await all;
  const ms = performance.now() - t0;
  src.stop();
  await src.finished;
  return (n / ms) * 1000;
}

async function tcpRaw(data: Buffer[], n: number): Promise<number> {
  let count = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const server: Server = createServer((socket) => {
    let tail = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      const buf = tail.length ? Buffer.concat([tail, chunk]) : chunk;
      let start = 0;
      for (let at = buf.indexOf(10); at >= 0; at = buf.indexOf(10, start)) {
        noop(buf.toString("utf8", start, at));
        start = at + 1;
        if (++count === n) done();
      }
      tail = Buffer.from(buf.subarray(start));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  const t0 = performance.now();
  await Promise.all(data.map((d) => send(port, d)));
  await all;
  const ms = performance.now() - t0;
  await new Promise((r) => server.close(r));
  return (n / ms) * 1000;
}

async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as { port: number }).port;
  await new Promise((r) => probe.close(r));
  const dir = mkdtempSync(join(tmpdir(), "streamz-bench-redis-"));
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => ((out += c), out.includes("Ready to accept") && resolve()));
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      const gone = new Promise((r) => child.once("exit", r));
      process.kill(child.pid!, "SIGTERM");
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let groupSeq = 0;

async function redisOurs(url: string, key: string, count: number): Promise<number> {
  const src = fromRedisStream(url, key, { group: `ours-${groupSeq++}`, consumer: "bench", count });
  src.sink(noop);
  const t0 = performance.now();
  src.start();
  while (src.acked < REDIS_N) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - t0;
  src.stop();
  await src.finished;
  return (REDIS_N / ms) * 1000;
}

type Reply = [string, [string, string[]][]][] | null;

async function redisRaw(url: string, key: string, count: number): Promise<number> {
  const redis = new Redis(url);
  const group = `raw-${groupSeq++}`;
  const t0 = performance.now();
  await redis.call("XGROUP", "CREATE", key, group, "0");
  let acked = 0;
  while (acked < REDIS_N) {
    const reply = (await redis.call("XREADGROUP", "GROUP", group, "bench", "COUNT", count, "BLOCK", 1000, "STREAMS", key, ">")) as Reply;
    const entries = reply?.[0]?.[1] ?? [];
    const ids: string[] = [];
    for (const [id, flat] of entries) {
      const fields: Record<string, string> = {};
      for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
      noop({ id, fields });
      ids.push(id);
    }
    if (ids.length > 0) acked += await redis.xack(key, group, ...ids);
  }
  const ms = performance.now() - t0;
  redis.disconnect();
  return (REDIS_N / ms) * 1000;
}

async function medianRate(fn: () => Promise<number>): Promise<number> {
  await fn(); // warm-up
  const rates: number[] = [];
  for (let i = 0; i < RUNS; i++) rates.push(await fn());
  return median(rates);
}

async function main(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const clients of [1, 4]) {
    const data = payloads(TCP_N, clients);
    const raw = await medianRate(() => tcpRaw(data, TCP_N));
    const ours = await medianRate(() => tcpOurs(data, TCP_N));
    rows.push([
      `TCP, ${clients} client${clients > 1 ? "s" : ""}`,
      "plain `net` server + indexOf split",
      fmtRate(raw),
      fmtRate(ours),
      (ours / raw).toFixed(2),
    ]);
  }
  const redis = await startRedis();
  try {
    const admin = new Redis(redis.url);
    for (let i = 0; i < REDIS_N; i += 1000) {
      const p = admin.pipeline();
      for (let j = i; j < i + 1000; j++) p.xadd("bench", "*", "seq", String(j), "v", "abcdefgh");
      await p.exec();
    }
    admin.disconnect();
    for (const count of [100, 1000]) {
      const raw = await medianRate(() => redisRaw(redis.url, "bench", count));
      const ours = await medianRate(() => redisOurs(redis.url, "bench", count));
      rows.push([`Redis stream, COUNT ${count}`, "ioredis XREADGROUP + XACK loop", fmtRate(raw), fmtRate(ours), (ours / raw).toFixed(2)]);
    }
  } finally {
    await redis.stop();
  }
  printTable(
    `Sources into a no-op sink (messages/s; TCP ${TCP_N / 1e6}M messages of ~40 B, Redis ${REDIS_N / 1e3}k entries; median of ${RUNS})`,
    ["workload", "peer", "peer msg/s", "streamz-ts msg/s", "streamz-ts / peer"],
    rows,
  );
  if (sink < 0) console.log(sink);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
