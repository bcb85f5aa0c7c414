import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "../src/index";
import { Batcher } from "../src/batcher";
import { keyedTuning, type Pool } from "../src/pool";
import { runBatch } from "../src/runner";
import type { Batch, BatchResult } from "../src/task";
import { collect } from "./helpers";

/**
 * A pool with the Redis pool's batching (`fill`) whose jobs end when the test says so: what goes out
 * in each batch is then fixed by the code, not by how fast a machine answers. Batches run in-process.
 */
function manualPool(slots: number): { pool: Pool; sent: Batch[]; next: () => Promise<void> } {
  const sent: Batch[] = [];
  const pending: { batch: Batch; done: (r: BatchResult) => void }[] = [];
  let arrived: (() => void) | undefined;
  const batcher = new Batcher(
    (batch) =>
      new Promise<BatchResult>((done) => {
        sent.push(batch);
        pending.push({ batch, done });
        arrived?.();
      }),
    slots,
    () => "manual",
    {},
    true,
  );
  const pool: Pool = {
    description: "manual",
    submit: (op, fn, item) => batcher.submit(op, fn, item),
    close: async () => batcher.close(),
    keyed: { ...keyedTuning({}, 1), states: "kernel", run: () => Promise.reject(new Error("not keyed")) },
  };
  /** Ends the oldest batch in flight (waiting for one to be sent if none is). */
  const next = async (): Promise<void> => {
    while (pending.length === 0) await new Promise<void>((r) => (arrived = r));
    const { batch, done } = pending.shift()!;
    done(await runBatch(batch));
  };
  return { pool, sent, next };
}

describe("batches under back pressure (the Redis pool's fill)", () => {
  for (const slots of [2, 4]) {
    it(`elements freed by one result go out together as one batch of their share (${slots} batches in flight)`, async () => {
      const { pool, sent, next } = manualPool(slots);
      const source = new Stream<number>();
      const out = collect(
        source
          .scatter({ pool })
          .map((x: number) => x + 1)
          .buffer(64)
          .gather(),
      );
      const n = 600;
      const emitting = (async () => {
        for (let i = 0; i < n; i++) await source.emit(i);
      })();
      const all = out.reached(n);
      let done = false;
      void all.then(() => (done = true));
      while (!done) await Promise.race([next(), all]); // the last results reach the sink after their batch ended
      await emitting;
      assert.deepEqual(
        out.list,
        Array.from({ length: n }, (_, i) => i + 1),
      );
      // About 66 in flight (64 in the buffer, one entering it, one emitted meanwhile): each batch that
      // ends frees its share, which leaves as one batch; before, they left one or a few at a time. At
      // the end, with fewer than 66 left to emit, the shares shrink.
      const share = Math.floor(64 / slots) - 2;
      const sizes = sent.map((b) => `${String(b.items[0])}:${b.items.length}`).join(" ");
      const steady = sent.filter((b) => (b.items[0] as number) < n - 66);
      assert.ok(
        steady.every((b) => b.items.length >= share),
        `batches (first element:size): ${sizes}`,
      );
      assert.ok(sent.length <= Math.ceil(n / share) + 2 * slots, `${sent.length} batches for ${n} elements: ${sizes}`);
      source.destroy();
    });
  }
});
