import type Redis from "ioredis";
import { registerBuiltin } from "../api";
import { loadRedis } from "../network-clients";
import { below } from "../options";
import { Stream, type Pending, type StreamOptions } from "../stream";

/** Options of {@link Stream.toRedisStream}. */
export interface RedisStreamSinkOptions extends StreamOptions {
  /** Cap the stream near this length (`XADD MAXLEN ~`). Default: no cap. */
  maxLen?: number;
}

declare module "../stream" {
  interface Stream<T> {
    /**
     * Appends every element to a Redis stream (XADD). A plain object becomes the entry's fields (values
     * that are not strings are JSON-encoded); anything else becomes one field `data` (a string as is,
     * else JSON). The emit settles when Redis has accepted the entry, so an emit that resolved is stored.
     * While Redis is unreachable, emits wait (back pressure) until it is back; `destroy()` gives up.
     * @example
     * ```ts
     * fromTcp(9000).toRedisStream("redis://127.0.0.1:6379", "events", { maxLen: 100_000 });
     * ```
     */
    toRedisStream(url: string, key: string, options?: RedisStreamSinkOptions): RedisStreamSink<T>;
  }
}

/** Node behind {@link Stream.toRedisStream}. */
export class RedisStreamSink<T> extends Stream<never> {
  /** Entries Redis has accepted. */
  added = 0;
  private readonly redis: Redis;
  private readonly cap: (string | number)[];

  constructor(
    upstream: Stream<T>,
    readonly url: string,
    readonly key: string,
    options: RedisStreamSinkOptions = {},
  ) {
    super(below(upstream, options));
    if (typeof key !== "string" || key === "") throw new TypeError("toRedisStream: key must be a non-empty string");
    this.cap = options.maxLen !== undefined ? ["MAXLEN", "~", options.maxLen] : [];
    this.redis = new (loadRedis())(url, { lazyConnect: true, maxRetriesPerRequest: null });
    this.redis.on("error", () => undefined); // ioredis reconnects; pending emits wait for it
    this.attach(upstream);
  }
  override get kind(): string {
    return "toRedisStream";
  }
  protected override detail(): string {
    return this.key;
  }

  override update(x: unknown): Pending {
    let fields: string[];
    try {
      fields = toFields(x);
    } catch (e) {
      return this.fail(e, x);
    }
    const added = this.redis.call("XADD", this.key, ...this.cap, "*", ...fields).then(() => {
      this.added++;
    });
    return this.guardAsync(added, x);
  }

  /** Waits for the entries sent so far, then closes the connection. */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }

  protected override teardown(): void {
    this.redis.disconnect();
  }
}

function toFields(x: unknown): string[] {
  if (x !== null && typeof x === "object" && Object.getPrototypeOf(x) === Object.prototype) {
    const out: string[] = [];
    for (const [k, v] of Object.entries(x)) out.push(k, typeof v === "string" ? v : JSON.stringify(v));
    if (out.length === 0) throw new Error("toRedisStream: an entry needs at least one field, got {}");
    return out;
  }
  const data = typeof x === "string" ? x : JSON.stringify(x);
  if (data === undefined) throw new Error(`toRedisStream: cannot encode ${typeof x}`);
  return ["data", data];
}

registerBuiltin("toRedisStream", function toRedisStream(this: Stream<any>, url: string, key: string, options?: RedisStreamSinkOptions) {
  return new RedisStreamSink(this, url, key, options);
});
