import { hostname } from "node:os";
import type { Redis } from "ioredis";

/**
 * The Redis backend's transport, shared by the kernel (./redis-pool) and the workers (./redis-worker):
 * one Redis stream of jobs per queue, read by the workers as one consumer group, and one stream of
 * results per kernel pool. A job costs the kernel one XADD and a share of one blocking XREAD, and a
 * worker a share of one blocking XREADGROUP and one script (result XADD, XACK, XDEL): no per-job
 * scripts, locks or event fan-out. A job a worker took stays in the group's pending list until its
 * result is written; a worker renews what it holds (XCLAIM ... JUSTID) and takes over entries left
 * idle longer than its lock period (a dead worker's), see ./redis-leases.
 */

/** The consumer group every worker of a queue reads the jobs with. */
export const GROUP = "workers";

/** How many times a job may be handed out (first delivery plus takeovers after a dead worker) before it fails. */
export const MAX_DELIVERIES = 4;

/** Results streams of kernels that went away expire this long after their last result (s). */
export const RESULTS_TTL_S = 3600;

/**
 * A results stream keeps about this many entries: far more than the jobs a pool has in flight, so an
 * unread result is never trimmed, while a kernel that stopped reading cannot make it grow without bound.
 */
export const RESULTS_MAXLEN = 10_000;

/** The Redis keys of one queue. */
export interface QueueKeys {
  readonly jobs: string;
  /** The results stream of one kernel pool (`run` is unique per pool). */
  results(run: string): string;
}

export function queueKeys(queue: string): QueueKeys {
  const base = `streamz-ts:q:${queue}`;
  return { jobs: `${base}:jobs`, results: (run) => `${base}:results:${run}` };
}

/** Creates the queue's consumer group (and stream) unless they exist; from the start, so no job added before a worker is missed. */
export async function ensureGroup(redis: Redis, jobs: string): Promise<void> {
  try {
    await redis.xgroup("CREATE", jobs, GROUP, "0", "MKSTREAM");
  } catch (e) {
    if (!/BUSYGROUP/.test((e as Error).message)) throw e;
  }
}

/**
 * A worker's connection name: its queue, thread count and machine, so a kernel counts the threads
 * connected (CLIENT LIST), sends that many jobs, and knows which share its machine. A killed process's
 * connections close at once, so the count never includes a dead worker.
 */
export function workerName(queue: string, threads: number, host = hostname()): string {
  return `streamz-ts-worker:${encodeURIComponent(queue)}:${threads}threads:${encodeURIComponent(host)}`;
}

/** Threads of the workers of `queue` in a CLIENT LIST answer, and how many run on `host` (workers from before names held a host count as elsewhere). */
export function countWorkers(list: string, queue: string, host: string): { threads: number; local: number } {
  const prefix = `name=streamz-ts-worker:${encodeURIComponent(queue)}:`;
  const here = `threads:${encodeURIComponent(host)}`;
  let threads = 0;
  let local = 0;
  for (const line of list.split("\n")) {
    const at = line.indexOf(prefix);
    if (at < 0) continue;
    const rest = line.slice(at + prefix.length).split(" ", 1)[0]!;
    const n = parseInt(rest, 10) || 1;
    threads += n;
    if (rest.endsWith(here)) local += n;
  }
  return { threads, local };
}

/** Threads of the workers connected to `queue` (CLIENT LIST), and how many run on this machine. */
export async function workersConnected(redis: Redis, queue: string): Promise<{ threads: number; local: number }> {
  return countWorkers((await redis.client("LIST")) as string, queue, hostname());
}

/** Threads of the workers connected to `queue`. */
export async function threadsConnected(redis: Redis, queue: string): Promise<number> {
  return (await workersConnected(redis, queue)).threads;
}

/** Fields of a stream entry (`[f1, v1, f2, v2, ...]`) as an object. */
export function fieldsOf(flat: readonly string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) o[flat[i]!] = flat[i + 1]!;
  return o;
}

/** One entry as XREAD / XREADGROUP / XCLAIM return it. */
export type StreamEntry = [id: string, fields: string[]];

/**
 * Where a job is: `waiting` (no worker took it), `active` (a worker holds it; `idle` ms since it was
 * taken or its lease renewed) or `gone` (done: its result was written with its removal).
 */
const STATE = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p > 0 then return {'active', p[1][3]} end
if #redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2]) > 0 then return {'waiting', 0} end
return {'gone', 0}`;

/**
 * Removes a job no live worker holds, atomically with respect to the workers' reads: 1 if it was
 * waiting, 2 if it was held by a worker whose lease is older than ARGV[3] ms (a dead one), 0 otherwise
 * (done, or just taken by a worker that came meanwhile).
 */
const REMOVE = `
local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1)
if #p > 0 then
  if tonumber(p[1][3]) < tonumber(ARGV[3]) then return 0 end
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[1], ARGV[2])
  return 2
end
return redis.call('XDEL', KEYS[1], ARGV[2])`;

/**
 * A worker's end of a job: its result (or error) and its time on the worker (ms) into the kernel's
 * stream (KEYS[2], trimmed to about ARGV[3] entries, expiring ARGV[4] s after its last result; none
 * when KEYS[2] is empty), then the job
 * acknowledged and removed. One script: one command (a MULTI of the same costs ioredis 3x the CPU).
 */
const FINISH = `
if KEYS[2] ~= '' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'job', ARGV[5], ARGV[6], ARGV[7], 'ran', ARGV[8])
  redis.call('EXPIRE', KEYS[2], ARGV[4])
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return redis.call('XDEL', KEYS[1], ARGV[2])`;

/** The commands on the jobs stream that take more than one step. */
export interface JobScripts {
  jobState(jobs: string, group: string, id: string): Promise<[string, number]>;
  jobRemove(jobs: string, group: string, id: string, minIdleMs: number): Promise<number>;
  jobFinish(
    jobs: string,
    results: string,
    group: string,
    id: string,
    maxLen: number,
    ttlS: number,
    jobId: string,
    kind: string,
    value: string,
    ranMs: string,
  ): Promise<number>;
}

export function defineJobScripts(redis: Redis): Redis & JobScripts {
  redis.defineCommand("jobState", { numberOfKeys: 1, lua: STATE });
  redis.defineCommand("jobRemove", { numberOfKeys: 1, lua: REMOVE });
  redis.defineCommand("jobFinish", { numberOfKeys: 2, lua: FINISH });
  return redis as Redis & JobScripts;
}
