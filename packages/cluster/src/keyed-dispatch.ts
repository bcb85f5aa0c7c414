import { randomUUID } from "node:crypto";
import { itemsOf, Many } from "./future";
import { partitionOf } from "./keys";
import type { KeyedSupport } from "./pool";
import type { ShippedFn } from "./ship";
import { RemoteError, type Batch, type BatchResult, type ErrorInfo } from "./task";

interface Entry {
  readonly key: string | number;
  /** Set once the element's future settled: its value (maybe a `Many`), or the failure from above. */
  settled?: { value: unknown } | { error: unknown };
  /** Set when a batch with it could not be sent: it goes alone next, so one bad element fails alone. */
  alone: boolean;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: unknown) => void;
}

interface Partition {
  /** Elements waiting, in emission order, from `head` on (a shift would copy the array each time). */
  queue: Entry[];
  head: number;
  busy: boolean;
  /** Batches formed so far: the next one's `seq` (Redis commits refuse a batch older than the last). */
  seq: number;
}

/** How a keyed accumulate's outputs fail: a `StreamError` naming its node and the element. */
export type FailItem = (item: unknown, cause: unknown) => Error;

/**
 * The kernel side of a keyed `accumulate`. Each key falls in one partition; a partition runs one batch
 * at a time with its elements in emission order, so each key's steps run one after another, in order,
 * while partitions run in parallel. Where the states live between batches is the pool's choice:
 * - `kernel` (threads): this keeps them and sends each batch with its keys' states; a batch's new states
 *   are kept only when its result came back, so a thread that died mid-batch changed nothing and the
 *   batch runs again from the same states (exactly-once state updates).
 * - `redis`: the worker loads them from Redis and commits them there with the partition's batch number
 *   (./redis-state); a batch retried after its worker died either finds its commit and its result, or
 *   runs from the states before it. The kernel never holds them.
 */
export class KeyedDispatcher {
  private readonly parts: Partition[];
  private readonly states = new Map<string | number, unknown>();
  private readonly id = randomUUID();
  private waiting = 0;
  private closed = false;

  constructor(
    private readonly pool: KeyedSupport,
    private readonly fn: ShippedFn,
    private readonly options: { start?: { value: unknown }; returnsState: boolean },
    private readonly failItem: FailItem,
    private readonly describe: () => string,
  ) {
    this.parts = Array.from({ length: pool.partitions }, () => ({ queue: [], head: 0, busy: false, seq: 0 }));
  }

  /** Folds the element `input` will hold into `key`'s state; settles with its output(s). */
  submit(key: string | number, input: Promise<unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error(`${this.describe()}: the pool was closed`));
    if (this.waiting >= this.pool.maxQueued) {
      throw new Error(
        `${this.describe()}: ${this.waiting} elements are waiting for their key's partition; await emit() or bound the work in flight with .buffer(n)`,
      );
    }
    const part = this.parts[partitionOf(key, this.parts.length)]!;
    return new Promise((resolve, reject) => {
      const entry: Entry = { key, alone: false, resolve, reject };
      part.queue.push(entry);
      this.waiting++;
      void input
        .then(
          (value) => (entry.settled = { value }),
          (error: unknown) => (entry.settled = { error }),
        )
        .then(() => this.pump(part));
    });
  }

  /** Rejects what waits; a batch in flight settles by itself (its pool rejects it once closed). */
  close(): void {
    this.closed = true;
    for (const part of this.parts) {
      for (const e of part.queue.splice(part.head)) e.reject(new Error(`${this.describe()}: the pool was closed before the element ran`));
    }
  }

  /** Sends the partition's next batch: the ready elements at its head, in order. */
  private pump(part: Partition): void {
    if (part.busy || this.closed) return;
    const batch: Entry[] = [];
    let items = 0;
    while (part.head < part.queue.length && items < this.pool.maxBatch) {
      const e = part.queue[part.head]!;
      if (e.settled === undefined || (batch.length > 0 && (e.alone || batch[0]!.alone))) break;
      part.queue[part.head++] = undefined as never;
      if ("error" in e.settled) {
        this.done(e).reject(e.settled.error); // failed above: passes through, its key's state untouched
        continue;
      }
      const n = itemsOf(e.settled.value).length;
      if (n === 0) {
        this.done(e).resolve(e.settled.value); // filtered out above: nothing to fold
        continue;
      }
      batch.push(e);
      items += n;
    }
    if (part.head === part.queue.length) {
      part.queue = [];
      part.head = 0;
    }
    if (batch.length === 0) return;
    part.busy = true;
    void this.send(part, batch, ++part.seq)
      .catch((e: unknown) => this.failed(part, batch, e)) // a bug of ours must not leave elements waiting forever
      .finally(() => {
        part.busy = false;
        this.pump(part);
      });
  }

  private async send(part: Partition, entries: Entry[], seq: number): Promise<void> {
    const pairs: [string | number, unknown][] = [];
    for (const e of entries) for (const x of itemsOf((e.settled as { value: unknown }).value)) pairs.push([e.key, x]);
    const keys = new Set(pairs.map(([k]) => k));
    const inKernel = this.pool.states === "kernel";
    const batch: Batch = {
      op: "keyed-accumulate",
      source: this.fn.source,
      args: this.fn.args,
      items: pairs,
      timeoutMs: this.pool.timeoutMs,
      keyed: {
        ...this.options,
        ...(inKernel
          ? { states: [...keys].filter((k) => this.states.has(k)).map((k) => [k, this.states.get(k)] as const) }
          : { ref: { id: this.id, partition: this.parts.indexOf(part), seq } }),
      },
    };
    let result: BatchResult;
    try {
      result = await this.runRetrying(batch);
    } catch (err) {
      return this.failed(part, entries, err);
    }
    if (inKernel) for (const [k, s] of result.states ?? []) this.states.set(k as string | number, s);
    const errors = new Map<number, ErrorInfo>(result.errors);
    let i = 0;
    for (const e of entries) {
      const value = (e.settled as { value: unknown }).value;
      const outs: unknown[] = [];
      let failure: Error | undefined;
      for (const x of itemsOf(value)) {
        const info = errors.get(i);
        if (info !== undefined) failure ??= this.failItem(x, new RemoteError(info));
        outs.push(result.values[i++]);
      }
      if (failure) this.done(e).reject(failure);
      else this.done(e).resolve(value instanceof Many ? new Many(outs) : outs[0]);
    }
  }

  /** Runs `batch`, again after its worker died (up to `retries` times), always under the same batch number. */
  private async runRetrying(batch: Batch): Promise<BatchResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.run(batch);
      } catch (err) {
        const final = this.closed || attempt > this.pool.retries || ["DataCloneError", "NoWorkerError"].includes((err as Error)?.name);
        if (final) throw Object.assign(err as object, { attempts: attempt });
      }
    }
  }

  private failed(part: Partition, entries: Entry[], err: unknown): void {
    if ((err as Error)?.name === "DataCloneError" && entries.length > 1) {
      // Some element cannot be sent (it holds a function, a socket...): each goes alone, so only it fails.
      for (const e of entries) e.alone = true;
      part.queue = [...entries, ...part.queue.slice(part.head)];
      part.head = 0;
      return;
    }
    for (const e of entries) {
      const x = itemsOf((e.settled as { value: unknown }).value)[0];
      const attempts = (err as { attempts?: number }).attempts ?? 1;
      const why =
        (err as Error)?.name === "NoWorkerError" || (err as Error)?.name === "DataCloneError"
          ? err
          : new Error(`its worker failed ${attempts} times (${String((err as Error)?.message ?? err)})`, { cause: err });
      this.done(e).reject(this.failItem(x, why));
    }
  }

  /** The entry leaves the count of waiting elements. */
  private done(e: Entry): Entry {
    this.waiting--;
    return e;
  }
}
