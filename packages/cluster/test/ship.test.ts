import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShipError, shipFunction } from "../src/ship";

describe("shipping a function to a worker", () => {
  it("accepts functions that use only their arguments, globals and require", () => {
    const f = shipFunction("map", (x: number, a: { k: number }) => Math.max(x, a.k) + JSON.stringify([x]).length, { k: 1 });
    assert.equal(typeof f.source, "string");
    assert.doesNotThrow(() => shipFunction("map", (x: string) => require("node:crypto").createHash("sha1").update(x).digest("hex")));
    assert.doesNotThrow(() =>
      shipFunction("map", function named(x: number): number {
        const inner = (y: number) => y + 1;
        let acc = 0;
        for (const v of [x]) acc += inner(v);
        try {
          return acc;
        } catch (err) {
          return String(err).length;
        }
      }),
    );
  });

  it("names every kernel variable a function closes over", () => {
    const offset = 1;
    const scale = 2;
    assert.throws(
      () => shipFunction("map", (x: number) => x * scale + offset),
      (e: unknown) => e instanceof ShipError && /`scale` and `offset`|`offset` and `scale`/.test(e.message) && /args/.test(e.message),
    );
  });

  it("ships methods written in shorthand", () => {
    const o = {
      square(x: number) {
        return x * x;
      },
    };
    const f = shipFunction("map", o.square);
    assert.equal(new Function(`return ${f.source}`)()(3), 9);
  });

  it("refuses built-in and bound functions, and args that cannot be cloned", () => {
    assert.throws(() => shipFunction("map", Math.sqrt), /no source text/);
    assert.throws(() => shipFunction("map", ((x: number) => x).bind(null)), /no source text/);
    assert.throws(() => shipFunction("map", (x: number) => x, { f: () => 1 }), /args cannot be sent/);
  });
});
