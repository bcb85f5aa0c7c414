import { deserialize, serialize } from "node:v8";
import { Redis } from "ioredis";
import { redisConnection } from "./redis-connection";
import type { StateRef } from "./task";

/**
 * The Redis backend's keyed state, on the worker side. Each partition of a keyed `accumulate` has, in
 * Redis, a hash of its keys' states, the number of its last committed batch and that batch's encoded
 * result. A worker loads the states of its batch's keys, runs the batch, and commits the new states,
 * the number and the result in one script, only if no batch of that number or later was committed:
 * - a batch retried after its worker died (another worker takes the job over once its lease
 *   expires, see ./redis-leases) either finds its commit and returns the committed result without running, or runs again
 *   from the states before it: each element changes its key's state exactly once;
 * - a stale worker (one thought dead that wakes up) cannot commit over newer states.
 * The keys expire a day after the last commit (`STATE_TTL_S`).
 */
export const STATE_TTL_S = 24 * 3600;

const PREFIX = "streamz-ts:keyed";

/** Returns `{1, result}` if this batch was committed, `{2, last}` if a later one was, else `{0, [state per field]}`. */
const LOAD = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local want = tonumber(ARGV[1])
if cur == want then return {1, redis.call('GET', KEYS[3])} end
if cur > want then return {2, tostring(cur)} end
if #ARGV < 2 then return {0, {}} end
return {0, redis.call('HMGET', KEYS[2], unpack(ARGV, 2))}`;

/** ARGV: seq, ttl, result, field, state, ...: commits unless this batch or a later one was; returns the committed result. */
const COMMIT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local want = tonumber(ARGV[1])
if cur == want then return redis.call('GET', KEYS[3]) end
if cur > want then return redis.error_reply('batch ' .. want .. ' of this partition was superseded by batch ' .. cur) end
local ttl = tonumber(ARGV[2])
if #ARGV > 3 then redis.call('HSET', KEYS[2], unpack(ARGV, 4)) end
redis.call('EXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[1], want, 'EX', ttl)
redis.call('SET', KEYS[3], ARGV[3], 'EX', ttl)
return ARGV[3]`;

type Loaded = { done: string } | { states: [unknown, unknown][] };

interface Scripts {
  keyedLoadBuffer(k1: string, k2: string, k3: string, ...argv: (string | number)[]): Promise<[number, Buffer | (Buffer | null)[] | null]>;
  keyedCommit(k1: string, k2: string, k3: string, ...argv: (string | number | Buffer)[]): Promise<string>;
}

/** One connection per worker process for the keyed states. */
export class RedisStateStore {
  private readonly redis: Redis & Scripts;

  constructor(url: string) {
    this.redis = new Redis(redisConnection(url)) as Redis & Scripts;
    this.redis.on("error", (e: Error) => console.warn(`streamz-ts-worker: keyed state: ${e.message} (retrying)`));
    this.redis.defineCommand("keyedLoad", { numberOfKeys: 3, lua: LOAD });
    this.redis.defineCommand("keyedCommit", { numberOfKeys: 3, lua: COMMIT });
  }

  /** The states of `keys` before batch `ref.seq`, or that batch's result if it was already committed. */
  async load(ref: StateRef, keys: readonly unknown[]): Promise<Loaded> {
    const [k1, k2, k3] = keysOf(ref);
    const [status, body] = await this.redis.keyedLoadBuffer(k1, k2, k3, ref.seq, ...keys.map((k) => JSON.stringify(k)));
    if (status === 1) {
      if (body === null) throw new Error(`batch ${ref.seq} of keyed state ${ref.id}/${ref.partition} was committed but its result expired`);
      return { done: (body as Buffer).toString() };
    }
    if (status === 2) throw new Error(`batch ${ref.seq} of keyed state ${ref.id}/${ref.partition} was superseded by batch ${String(body)}`);
    const states: [unknown, unknown][] = [];
    (body as (Buffer | null)[]).forEach((b, i) => {
      if (b !== null) states.push([keys[i], deserialize(b)]);
    });
    return { states };
  }

  /** Commits batch `ref.seq`'s new states with its encoded result; returns the result that was committed (ours, or an earlier run's). */
  commit(ref: StateRef, states: readonly [unknown, unknown][], result: string): Promise<string> {
    const [k1, k2, k3] = keysOf(ref);
    const argv: (string | number | Buffer)[] = [ref.seq, STATE_TTL_S, result];
    for (const [k, s] of states) argv.push(JSON.stringify(k), serialize(s));
    return this.redis.keyedCommit(k1, k2, k3, ...argv);
  }

  close(): void {
    this.redis.disconnect();
  }
}

function keysOf(ref: StateRef): [string, string, string] {
  const base = `${PREFIX}:${ref.id}:${ref.partition}`;
  return [`${base}:seq`, `${base}:state`, `${base}:done`];
}
