/**
 * scatter / gather: what a pool costs per element and how it scales, for both backends, beside the
 * streamz.dask figures measured on this kind of machine (../shared/notes/baselines.md: a local Dask
 * cluster of 2 worker processes). Measured here, in this run:
 * - trivial map `x + 1`: throughput with `.buffer(64)` (its inverse is the per-element overhead), and
 *   emit-to-gather latency (p50, p95) of elements sent one at a time;
 * - a CPU-bound map of about 1 ms (a fixed amount of arithmetic, calibrated in this process; not a
 *   timed spin, which would "scale" even on a busy core): elements/s on 1 and 2 threads (or worker
 *   processes), and the speed-up over 1;
 * - a keyed running sum (`scatter({ key }).accumulate`) over 1e6 elements and 10,000 keys on 1 and 2
 *   workers, against the same fold unscattered (./cluster-keyed).
 *
 * Options: `--only trivial,scaling,keyed` (default: all), `--keyed-n 1000000` (threads),
 * `--keyed-redis-n 100000` (Redis), `--keys 10000`, `--scaling-n 3000` (elements per CPU-bound run),
 * `--scaling-rounds 5` (rounds of 1- and 2-worker runs, see ./cluster-scaling),
 * `--scaling-backends raw,threads,redis`, `--scaling-redis-in-flight 64,256` (a Redis row per buffer size).
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import type { ScatterOptions } from "@streamz-ts/cluster";
import { RedisServer } from "@streamz-ts/cluster/dist/src/redis-server";
import { startWorkerProcess, stopProcess } from "@streamz-ts/cluster/dist/src/worker-process";
import { KEYED_HEADER, keyedRow } from "./cluster-keyed";
import { calibrate, throughput, work } from "./cluster-run";
import { scaling as scalingRounds, SCALING_HEADER } from "./cluster-scaling";
import { fmtRate, printTable } from "./lib/measure";

const { values: cli } = parseArgs({
  options: {
    only: { type: "string", default: "trivial,scaling,keyed" },
    "keyed-n": { type: "string", default: "1000000" },
    "keyed-redis-n": { type: "string", default: "100000" },
    keys: { type: "string", default: "10000" },
    // Elements per CPU-bound run (about 1 ms each): 600 (0.3-0.6 s a run) read 1.15x-2.46x for the same
    // Redis code in four runs of one quiet minute; several seconds a run keep start-up out of the figure.
    "scaling-n": { type: "string", default: "3000" },
    // Rounds of 1- and 2-worker runs alternated: one pair's ratio moved by 0.1x between runs on a quiet machine, far more under load.
    "scaling-rounds": { type: "string", default: "5" },
    "scaling-redis-in-flight": { type: "string", default: "64,256" },
    "scaling-backends": { type: "string", default: "raw,threads,redis" },
  },
});
const SCALING_N = Number(cli["scaling-n"]);
const only = new Set(cli.only.split(","));

/** streamz.dask on a local 2-process cluster, from baselines.md (best of the measured ranges, in its favour). */
const DASK = { throughput: 224, latencyMs: 10.6, latencyNote: "10.6 ms mean (serial; 23–58 ms with buffer)" };

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** Emit-to-gather latency in ms of `n` elements sent one at a time (each awaited). */
async function latency(opts: ScatterOptions, n: number): Promise<number[]> {
  const source = new Stream<number>();
  const out = source
    .scatter(opts)
    .map((x: number) => x + 1)
    .gather();
  let t0 = 0;
  const times: number[] = [];
  out.sink(() => void times.push(performance.now() - t0));
  for (let i = 0; i < 50; i++) await source.emit(i);
  times.length = 0;
  for (let i = 0; i < n; i++) {
    t0 = performance.now();
    await source.emit(i);
  }
  source.destroy();
  return times;
}

async function main(): Promise<void> {
  const n1ms = calibrate();
  const rows: (string | number)[][] = [];
  const scaling: (string | number)[][] = [];
  const keyed: (string | number)[][] = [];
  const notes: string[] = [];
  const inc = (x: number) => x + 1;
  const keys = Number(cli.keys);

  // --- worker threads -------------------------------------------------------------------------------
  if (only.has("trivial")) {
    const thr = await throughput({ threads: 2 }, inc, undefined, 20_000);
    const lat = await latency({ threads: 2 }, 500);
    rows.push([
      "threads (piscina), 2",
      fmtRate(thr),
      (1e6 / thr).toFixed(1),
      percentile(lat, 50).toFixed(2),
      percentile(lat, 95).toFixed(2),
      `${(thr / DASK.throughput).toFixed(0)}x`,
      `1/${(DASK.latencyMs / percentile(lat, 50)).toFixed(0)}`,
    ]);
  }
  const local = (() => {
    const t0 = performance.now();
    for (let i = 0; i < 300; i++) work(i, { n: n1ms });
    return 300 / ((performance.now() - t0) / 1000);
  })();
  if (only.has("scaling")) {
    const backends = new Set(cli["scaling-backends"].split(","));
    const section = await scalingRounds({
      n: SCALING_N,
      rounds: Number(cli["scaling-rounds"]),
      redisInFlight: cli["scaling-redis-in-flight"].split(",").map(Number),
      n1ms,
      local,
      backends,
    });
    scaling.push(...section.rows);
    notes.push(...section.notes);
  }
  if (only.has("keyed")) keyed.push(await keyedRow("threads", Number(cli["keyed-n"]), keys, { threads: 1 }, { threads: 2 }));

  // --- Redis streams (the scaling rows run their own: ./cluster-scaling) ------------------------------
  const redis = await RedisServer.start();
  try {
    const w1 = await startWorkerProcess(redis.url, ["--queue", "bench"]);
    const workers = [w1];
    const opts = { redis: redis.url, queue: "bench" };
    if (only.has("trivial")) {
      const rThr = await throughput(opts, inc, undefined, 20_000);
      const rLat = await latency(opts, 300);
      rows.push([
        "Redis streams, 1 worker process",
        fmtRate(rThr),
        (1e6 / rThr).toFixed(1),
        percentile(rLat, 50).toFixed(2),
        percentile(rLat, 95).toFixed(2),
        `${(rThr / DASK.throughput).toFixed(0)}x`,
        `1/${(DASK.latencyMs / percentile(rLat, 50)).toFixed(0)}`,
      ]);
      // A job's round trip is milliseconds, so throughput is elements in flight / round trip: with more in flight, more per job.
      const rWide = await throughput(opts, inc, undefined, 20_000, 256);
      rows.push([
        "Redis streams, 1 worker process, buffer(256)",
        fmtRate(rWide),
        (1e6 / rWide).toFixed(1),
        "–",
        "–",
        `${(rWide / DASK.throughput).toFixed(0)}x`,
        "–",
      ]);
    }
    const second = async (): Promise<void> => {
      if (workers.length < 2) workers.push(await startWorkerProcess(redis.url, ["--queue", "bench"]));
    };
    if (only.has("keyed")) {
      keyed.push(await keyedRow("Redis streams (worker processes)", Number(cli["keyed-redis-n"]), keys, opts, opts, second));
    }
    for (const w of workers) await stopProcess(w);
  } finally {
    await redis.destroy();
  }
  rows.push([
    "streamz.dask, local cluster of 2 processes (baselines.md)",
    DASK.throughput,
    (1e6 / DASK.throughput).toFixed(0),
    DASK.latencyNote,
    "–",
    "1x",
    "1",
  ]);

  if (only.has("trivial")) {
    printTable(
      "cluster: trivial map `x + 1`, scatter -> map -> buffer(64) -> gather",
      [
        "backend",
        "elements/s",
        "µs per element",
        "latency p50 ms",
        "latency p95 ms",
        "throughput vs streamz.dask",
        "latency vs streamz.dask",
      ],
      rows,
    );
  }
  if (only.has("scaling")) {
    printTable(`cluster: CPU-bound map (~1 ms of arithmetic per element), elements/s`, SCALING_HEADER, scaling);
    for (const note of notes) console.log(`\n${note}`);
  }
  if (only.has("keyed")) {
    printTable(
      "cluster: keyed running sum, scatter({ key }) -> map -> accumulate -> buffer(1024) -> gather, elements/s",
      KEYED_HEADER,
      keyed,
    );
  }
  console.log(
    `\nMust hold (thread backend): >= 10x streamz.dask throughput, <= 1/10 its latency, 2-thread speed-up >= 1.7x. ` +
      `Redis backend (issue 15): >= 100x streamz.dask throughput (${fmtRate(100 * DASK.throughput)}) at buffer(64), 2-worker speed-up >= 1.8x (at buffer(256): see the rows' note). ` +
      `This box has 2 cores shared with other work (load average ${loadavg()[0]!.toFixed(1)} at the end): compare the pool's speed-up with the raw row of the same run.`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
