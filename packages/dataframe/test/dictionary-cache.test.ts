/**
 * Arrow string dictionaries are remembered by content (convert/dictionary.ts): the same strings in
 * another order, non-ASCII strings, long strings and dictionaries of one batch's slice all decode to
 * what Arrow itself reads; so do the rows of a sliced table (a bug: its offset was applied twice).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Dictionary, Float64, Int32, Table, Utf8, vectorFromArray } from "apache-arrow";
import { columnValues, fromArrow } from "../src";
import { rng } from "./helpers";

const POOL = ["a", "b", "é", "日本", "x".repeat(40), "ÿ".repeat(20), "", "ab", "ba"];

describe("Arrow dictionaries decoded through the cache", () => {
  it("equal Arrow's own reading, frame after frame, in every order the keys first appear", () => {
    const r = rng(11);
    for (let f = 0; f < 300; f++) {
      const keys = Array.from({ length: 1 + Math.floor(r() * 12) }, () => POOL[Math.floor(r() * POOL.length)]!);
      const t = new Table({ k: vectorFromArray(keys, new Dictionary(new Utf8(), new Int32())) });
      assert.deepEqual(columnValues(fromArrow(t).column("k")), t.getChild("k")!.toArray(), `frame ${f}`);
    }
  });

  it("a sliced table reads its own rows (Arrow's values start at the slice; its offset is for the null bitmap)", () => {
    const keys = ["b", "a", "é", "b", "日本", "a"];
    const t = new Table({
      k: vectorFromArray(keys, new Dictionary(new Utf8(), new Int32())),
      x: vectorFromArray([0.5, 1.5, 2.5, 3.5, 4.5, 5.5], new Float64()),
      n: vectorFromArray([0, 1, 2, 3, 4, 5], new Int32()),
    }).slice(2, 5);
    const f = fromArrow(t);
    assert.deepEqual(f.toColumns(), { k: ["é", "b", "日本"], x: [2.5, 3.5, 4.5], n: [2, 3, 4] });
  });
});
