import type { RedisPool, RedisPoolOptions } from "./redis-pool";

/**
 * Makes a Redis pool to share between graphs (`scatter({ pool })`); close it yourself. Loads the Redis
 * client only when called, so the thread backend never pays for it.
 */
export function redisPool(options: RedisPoolOptions): RedisPool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Redis client loads only when a Redis pool is made
  const { RedisPool: Impl } = require("./redis-pool") as typeof import("./redis-pool");
  return new Impl(options);
}
