/** ioredis connection options from a `redis://[user:password@]host:port[/db]` URL. */
export interface RedisConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  /** Unlimited retries: a command (blocking reads included) waits for Redis to come back. */
  maxRetriesPerRequest: null;
}

/** Parses a Redis URL; throws a clear error for anything else. */
export function redisConnection(url: string): RedisConnection {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError(`not a Redis URL: ${JSON.stringify(url)} (expected redis://host:port)`);
  }
  if (u.protocol !== "redis:") throw new TypeError(`not a Redis URL: ${JSON.stringify(url)} (expected redis://host:port)`);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname || "127.0.0.1",
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && Number.isInteger(db) ? { db } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The default queue name shared by `scatter({ redis })` and `streamz-ts-worker`. */
export const DEFAULT_QUEUE = "streamz-ts";
