import type { Redis } from "ioredis";
import { GROUP, type StreamEntry } from "./redis-jobs";

/** What the leases need of the worker that holds the jobs. */
export interface Holder {
  /** Entry ids of the jobs it holds (running, or waiting for a thread). */
  readonly held: ReadonlySet<string>;
  /** How many more jobs it can take now. */
  room(): number;
  /** Runs a job taken over from a dead worker; `deliveries` counts this one. */
  take(entry: StreamEntry, deliveries: number): void;
}

/**
 * A worker's leases on its jobs, and its takeover of a dead worker's. Every `lockMs / 3` it renews the
 * jobs it holds (XCLAIM ... JUSTID resets their idle time, one command whatever their number) and,
 * while it has room, takes over jobs left idle in the group's pending list longer than `lockMs`:
 * those of a worker that died (or whose process hung so long it could not renew). A job is thus
 * retried about one lock period after its worker died, as long as some worker is alive.
 */
export class Leases {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly cmd: Redis,
    private readonly jobs: string,
    private readonly consumer: string,
    private readonly lockMs: number,
    private readonly holder: Holder,
    private readonly warn: (e: Error) => void,
  ) {
    this.next();
  }

  private next(): void {
    if (this.stopped) return;
    const period = Math.min(10_000, Math.max(100, Math.floor(this.lockMs / 3)));
    this.timer = setTimeout(() => void this.tick().finally(() => this.next()), period);
  }

  private async tick(): Promise<void> {
    try {
      const held = [...this.holder.held];
      if (held.length > 0) await this.cmd.call("XCLAIM", this.jobs, GROUP, this.consumer, 0, ...held, "JUSTID");
      const room = this.holder.room();
      if (room <= 0 || this.stopped) return;
      const stale = (await this.cmd.call("XPENDING", this.jobs, GROUP, "IDLE", this.lockMs, "-", "+", room)) as [
        string,
        string,
        number,
        number,
      ][];
      const ids = stale.map(([id]) => id).filter((id) => !this.holder.held.has(id));
      if (ids.length === 0) return;
      // Claims only what is still idle that long: a job its worker renewed meanwhile stays with it.
      const claimed = (await this.cmd.call("XCLAIM", this.jobs, GROUP, this.consumer, this.lockMs, ...ids)) as (StreamEntry | null)[];
      const deliveries = new Map(stale.map(([id, , , n]) => [id, Number(n)]));
      for (const entry of claimed) if (entry !== null) this.holder.take(entry, (deliveries.get(entry[0]) ?? 0) + 1);
    } catch (e) {
      this.warn(e as Error);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
