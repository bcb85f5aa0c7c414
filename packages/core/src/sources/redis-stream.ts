import { hostname } from "node:os";
import type Redis from "ioredis";
import { loadRedis } from "../network-clients";
import { requireCount } from "../options";
import type { StreamOptions } from "../stream";
import { Poller } from "./poll";
import { Source } from "./source";

/** One entry of a Redis stream: its id and its field/value pairs. */
export interface RedisStreamEntry {
  id: string;
  fields: Record<string, string>;
}

/** Options of {@link fromRedisStream}. */
export interface RedisStreamSourceOptions extends StreamOptions {
  /** Consumer group; created (with MKSTREAM) when missing. Default `"streamz-ts"`. */
  group?: string;
  /** Consumer name within the group; keep it stable so a restarted kernel gets its pending entries back.
   * Default: the host name. */
  consumer?: string;
  /** Where a newly created group starts: `"0"` (everything in the stream, the default) or `"$"` (new only). */
  startId?: string;
  /** Entries per XREADGROUP. Default 100. */
  count?: number;
  /** How long one XREADGROUP blocks waiting for entries, in ms. Default 1000. */
  blockMs?: number;
  /** Wait between attempts while Redis is unreachable. Default 200 ms. */
  retryMs?: number;
  /**
   * Take over entries that another consumer of the group read but left unacknowledged for at least this
   * many ms (XAUTOCLAIM), e.g. because its kernel died: they are emitted and acknowledged here. The group
   * is scanned about every `claimIdleMs / 2` ms, between reads. Default: off (each consumer only re-reads
   * its own pending entries). Choose it well above the longest time an entry takes downstream, or a
   * live consumer's slow entry is taken over and processed twice.
   */
  claimIdleMs?: number;
}

type Entry = [id: string, fields: string[] | null];
type Reply = [key: string, entries: Entry[]][] | null;
type ClaimReply = [next: string, entries: Entry[], deleted?: string[]];

/**
 * Reads a Redis stream as a member of a consumer group (XREADGROUP) and emits {@link RedisStreamEntry}s.
 * Each entry is acknowledged (XACK) only after its emit has settled, i.e. after its downstream work is
 * done: delivery is at-least-once. An entry read but not acknowledged (the kernel died, Redis went away
 * mid-flight) stays in the group's pending list and is emitted again: at start and after every reconnect
 * the source first re-reads its own pending entries, then new ones. So a sink may see an entry twice,
 * never zero times; make it idempotent (the entry id is a natural key).
 *
 * Back pressure: the next XREADGROUP is sent only when the entries of the previous one were emitted.
 * An entry whose downstream work failed is reported (to `onError()`, else stderr) and still acknowledged,
 * so one bad entry cannot block the group. While Redis is unreachable the source retries quietly,
 * counting `connectionErrors`. Entries left pending by another consumer that died are taken over when
 * `claimIdleMs` is set (XAUTOCLAIM); otherwise they wait for that consumer name to come back.
 *
 * @example
 * ```ts
 * const orders = fromRedisStream("redis://127.0.0.1:6379", "orders", { group: "billing" });
 * orders.map((e) => JSON.parse(e.fields.data)).sink(async (o) => bill(o));
 * orders.start();
 * ```
 */
export function fromRedisStream(url: string, key: string, options?: RedisStreamSourceOptions): RedisStreamSource {
  return new RedisStreamSource(url, key, options);
}

/** Node behind {@link fromRedisStream}. */
export class RedisStreamSource extends Source<RedisStreamEntry> {
  readonly group: string;
  readonly consumer: string;
  /** Entries acknowledged so far. */
  acked = 0;
  /** Failed reads, acknowledgements and connection attempts (Redis down or restarting). */
  connectionErrors = 0;
  /** Times the connection came back after it was lost. */
  reconnects = 0;
  /** Entries taken over from other consumers of the group (see `claimIdleMs`). */
  claimed = 0;
  private redis: Redis | undefined;
  private readonly poller: Poller;
  private readonly opts: RedisStreamSourceOptions;
  private rereadPending = true;
  /** Emitting a batch and acknowledging it: `stop()` lets that finish rather than cut the connection. */
  private busy = false;
  /** Where the XAUTOCLAIM scan goes on ("0-0": a new scan), and when the last full scan ended. */
  private claimCursor = "0-0";
  private lastClaimScan = -Infinity;

  constructor(
    private readonly url: string,
    readonly key: string,
    options: RedisStreamSourceOptions = {},
  ) {
    super(options);
    if (typeof key !== "string" || key === "") throw new TypeError("fromRedisStream: key must be a non-empty string");
    this.group = options.group ?? "streamz-ts";
    this.consumer = options.consumer ?? hostname();
    this.opts = options;
    if (options.claimIdleMs !== undefined) requireCount("fromRedisStream", "claimIdleMs", options.claimIdleMs, 1);
    this.poller = new Poller(this, options.retryMs ?? 200);
  }
  override get kind(): string {
    return "fromRedisStream";
  }
  protected override detail(): string {
    return `${this.key}/${this.group}/${this.consumer}`;
  }

  protected async run(): Promise<void> {
    // a connection of its own: XREADGROUP BLOCK holds it; null retries: commands wait out a restart
    const redis = new (loadRedis())(this.url, { lazyConnect: true, maxRetriesPerRequest: null, enableAutoPipelining: false });
    this.redis = redis;
    redis.on("error", () => this.connectionErrors++); // ioredis reconnects by itself
    let connected = false;
    redis.on("ready", () => {
      if (connected) this.reconnects++;
      connected = true;
      this.rereadPending = true; // after a restart, what was in flight is pending: read it again first
    });
    let cursor = "0";
    try {
      await this.ensureGroup(redis);
      while (this.running) {
        if (this.rereadPending) {
          this.rereadPending = false;
          cursor = "0";
        }
        // entries of dead consumers are claimed only between reads of new ones, never mid-way through our own
        const claiming = cursor === ">" && this.claimDue();
        let entries: Entry[];
        try {
          entries = claiming ? await this.claim(redis) : ((await this.read(redis, cursor))?.[0]?.[1] ?? []);
        } catch (e) {
          if (!this.running) break;
          if (/NOGROUP/.test((e as Error).message)) await this.ensureGroup(redis);
          else {
            this.connectionErrors++;
            await this.poller.sleep();
          }
          continue;
        }
        if (claiming) this.claimed += entries.length;
        if (cursor !== ">" && entries.length === 0) {
          cursor = ">"; // own pending list drained: on to new entries
          continue;
        }
        this.busy = true;
        const acks: Promise<unknown>[] = [];
        let done: string[] = [];
        const ack = () => {
          // one XACK for the entries finished so far, sent without waiting (pipelined before the next read)
          if (done.length === 0) return;
          const ids = done;
          done = [];
          acks.push(redis.xack(this.key, this.group, ...ids).then(() => (this.acked += ids.length)));
        };
        for (const [id, flat] of entries) {
          if (cursor !== ">") cursor = id; // page through the pending list
          if (flat !== null) {
            // emitted even after stop(): the entry was read, and is acknowledged only once processed
            const r = this.emitDetached({ id, fields: toRecord(flat) });
            if (r !== undefined) {
              ack(); // what is done must not wait for a slow element to be acknowledged
              await r;
            }
          } // null: deleted (XDEL) while pending; nothing to emit, only to acknowledge
          done.push(id);
        }
        ack();
        try {
          await Promise.all(acks);
        } catch {
          this.connectionErrors++; // not acknowledged: stays pending and comes again
          this.rereadPending = true;
        } finally {
          this.busy = false;
        }
      }
    } finally {
      this.redis = undefined;
      redis.disconnect();
    }
  }

  private read(redis: Redis, cursor: string): Promise<Reply> {
    const count = this.opts.count ?? 100;
    const args: (string | number)[] = ["GROUP", this.group, this.consumer, "COUNT", count];
    if (cursor === ">") args.push("BLOCK", this.opts.blockMs ?? 1000);
    args.push("STREAMS", this.key, cursor);
    return redis.call("XREADGROUP", ...args) as Promise<Reply>;
  }

  private claimDue(): boolean {
    const idle = this.opts.claimIdleMs;
    if (idle === undefined) return false;
    return this.claimCursor !== "0-0" || this.scheduler.now() - this.lastClaimScan >= idle / 2;
  }

  /** One page of XAUTOCLAIM: entries idle for `claimIdleMs` in other consumers' pending lists, now ours. */
  private async claim(redis: Redis): Promise<Entry[]> {
    const count = this.opts.count ?? 100;
    const args = [this.key, this.group, this.consumer, this.opts.claimIdleMs!, this.claimCursor, "COUNT", count];
    const [next, entries] = (await redis.call("XAUTOCLAIM", ...args)) as ClaimReply;
    this.claimCursor = next;
    if (next === "0-0") this.lastClaimScan = this.scheduler.now();
    return entries;
  }

  private async ensureGroup(redis: Redis): Promise<void> {
    while (this.running) {
      try {
        await redis.call("XGROUP", "CREATE", this.key, this.group, this.opts.startId ?? "0", "MKSTREAM");
        return;
      } catch (e) {
        if (/BUSYGROUP/.test((e as Error).message)) return;
        if (!this.running) return;
        this.connectionErrors++;
        await this.poller.sleep();
      }
    }
  }

  /**
   * Interrupts a blocking read, a retry wait or a command waiting for Redis to come back. Entries being
   * emitted are left to finish and be acknowledged; the run loop then closes the connection.
   */
  protected override halt(): void {
    this.poller.interrupt();
    if (!this.busy) this.redis?.disconnect();
  }

  /** `destroy()` does not wait for an emit in flight: its entry stays pending and comes again. */
  protected override teardown(): void {
    super.teardown();
    this.redis?.disconnect();
  }
}

function toRecord(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}
