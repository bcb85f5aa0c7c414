/**
 * The upsert store against a reference model on random sequences: keys repeating and not, elements
 * that are records, plain values and arrays of them, updates taken at random moments, some after more
 * elements than the store's ring holds (so the ring fills and is folded between two updates). The view
 * is played by the protocol's `HeldRows`, as the JupyterLab views apply batches.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HeldRows, keyOf, type HeldRow } from "@streamz-ts/protocol";
import { makeStore, toRow, type Row } from "../src";

/** The semantics, written the plain way: a map in update order, the oldest key retired first. */
class Reference {
  readonly rows = new Map<unknown, Row>();
  /** Row number of each key's latest row. */
  readonly numbers = new Map<unknown, number>();
  total = 0;

  constructor(
    private readonly limit: number,
    private readonly key: string[],
  ) {}

  accept(x: unknown): void {
    for (const v of Array.isArray(x) ? x : [x]) {
      const row = toRow(v, this.total);
      const k = keyOf(row, this.key);
      this.rows.delete(k);
      this.rows.set(k, row);
      this.numbers.set(k, this.total++);
      if (this.rows.size > this.limit) {
        const oldest = this.rows.keys().next().value;
        this.rows.delete(oldest);
        this.numbers.delete(oldest);
      }
    }
  }
}

/** A deterministic generator (tests must repeat). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A sequence's shape: how many keys there are, and what its elements look like. */
interface Shape {
  limit: number;
  keys: number;
  records: boolean;
}

function element(rand: () => number, shape: Shape, serial: number): unknown {
  const one = () => {
    const k = Math.floor(rand() * shape.keys);
    return shape.records ? { id: k, v: serial } : k;
  };
  return rand() < 0.05 ? Array.from({ length: 1 + Math.floor(rand() * 4) }, one) : one();
}

const byKey = (rows: readonly HeldRow[], key: string[]) => new Map(rows.map((r) => [keyOf(r, key), r]));

function play(seed: number, shape: Shape): void {
  const rand = random(seed);
  const key = [shape.records ? "id" : "value"];
  const store = makeStore("chart", { mode: "upsert", key: key[0] }, shape.limit, { toRow, types: new Map() });
  const ref = new Reference(shape.limit, key);
  const view = new HeldRows();
  view.apply({ mode: "replace", rows: store.snapshot(), maxRows: shape.limit, key });
  let mark = 0;
  let serial = 0;
  for (let update = 0; update < 12; update++) {
    // mostly short stretches; some longer than the ring (16,384 elements at least) between two updates
    const n = rand() < 0.25 ? 20_000 + Math.floor(rand() * 30_000) : Math.floor(rand() * 200);
    for (let i = 0; i < n; i++) {
      const x = element(rand, shape, serial++);
      store.accept(x);
      ref.accept(x);
    }
    const where = `seed ${seed}, ${JSON.stringify(shape)}, update ${update}`;
    assert.equal(store.total, ref.total, `${where}: rows counted`);
    const before = byKey(view.rows(), key);
    const batch = store.changes();
    const news = [...ref.numbers].filter(([, number]) => number >= mark).map(([k]) => k);
    const gone = [...before.keys()].filter((k) => !ref.rows.has(k));
    mark = ref.total;
    if (batch === undefined) {
      assert.deepEqual([news, gone], [[], []], `${where}: nothing sent, so nothing changed`);
      continue;
    }
    if (batch.op === "upsert") {
      // only what changed: the rows of the keys set since the last update, the keys the view lost
      assert.deepEqual(new Set(batch.rows.map((r) => keyOf(r, key))), new Set(news), `${where}: rows sent`);
      assert.deepEqual(new Set(batch.removed!.map((r) => keyOf(r, key))), new Set(gone), `${where}: keys removed`);
    } else {
      assert.equal(batch.op, "replace", where);
      assert.ok(news.length + gone.length > ref.rows.size, `${where}: the whole content only when it is smaller`);
    }
    view.apply({ mode: batch.op, rows: batch.rows, removed: batch.removed ?? [], maxRows: shape.limit, key });
    assert.deepEqual(byKey(view.rows(), key), ref.rows, `${where}: the view holds the latest row of the most recently updated keys`);
    assert.deepEqual(store.current(), [...ref.rows.values()], `${where}: least recently updated first`);
  }
}

describe("upsert store against a reference model", () => {
  const shapes: Shape[] = [
    { limit: 5, keys: 3, records: true }, // fewer keys than kept: nothing retired
    { limit: 20, keys: 25, records: true }, // about as many: retirements now and then
    { limit: 50, keys: 1e9, records: false }, // a new key per element, plain values keyed by value
    { limit: 10, keys: 200, records: false },
    { limit: 1, keys: 4, records: true },
  ];
  for (const shape of shapes) {
    it(`${shape.limit} kept of ${shape.keys} keys (${shape.records ? "records" : "plain values"}), 3 seeds`, () => {
      for (const seed of [1, 2, 3]) play(seed, shape);
    });
  }
});
