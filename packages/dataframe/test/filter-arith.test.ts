import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import { type ColumnFrame, StreamingDataFrame, type FrameInput, type Row } from "../src";
import { arrowTable, concat, frames, nearAll, noPandas, pandas } from "./helpers";

const data = frames(11);

function setup() {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
  return { sdf, run: () => data.forEach((f) => source.emit(arrowTable(f))) };
}

const rowsOf = (s: Stream<ColumnFrame>) => s.map((f) => f.toRows()).sinkToList();

describe("boolean filtering", () => {
  it("keeps the rows where the mask holds, frame by frame", () => {
    const { sdf, run } = setup();
    const out = rowsOf(sdf.filter(sdf.get("x").gt(0)).frames);
    run();
    const all = concat(data);
    const want = all.x.map((x, i) => ({ name: all.name[i], x, y: all.y[i] })).filter((r) => r.x > 0);
    assert.deepEqual(out.flat(), want);
    assert.equal(out.length, data.length, "one output frame per input frame, empty ones too");
  });

  it("filter then sum equals pandas' df[df.x > 0].x.sum() after each frame", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const out = sdf.filter(sdf.get("x").gt(0)).get("x").sum().sinkToList();
    run();
    nearAll(out, pandas(data, { prefix: { s: "df[df.x > 0].x.sum()" } }).s, "filtered sum");
  });

  it("combines conditions with and / or / not, and compares strings", () => {
    const { sdf, run } = setup();
    const x = sdf.get("x");
    const mask = x.gt(-2).and(x.le(5)).or(sdf.get("name").eq("a")).and(sdf.get("y").ne(0).not().not());
    const out = rowsOf(sdf.filter(mask).frames);
    run();
    const all = concat(data);
    const want = all.x
      .map((v, i) => ({ name: all.name[i], x: v, y: all.y[i] }))
      .filter((r) => ((r.x > -2 && r.x <= 5) || r.name === "a") && r.y !== 0);
    assert.deepEqual(out.flat(), want);
  });

  it("rejects a mask from another frame and a mask that is not boolean", () => {
    const { sdf } = setup();
    const other = setup().sdf;
    assert.throws(() => sdf.filter(other.get("x").gt(0)), /mask must be a series of this same streaming frame/);
    assert.throws(() => sdf.filter(sdf.get("x")), /mask "x" holds float values, not booleans/);
    assert.throws(() => sdf.get("x").add(other.get("y")), /come from different streaming frames/);
  });
});

describe("column arithmetic and assign", () => {
  it("computes new columns row by row, as pandas does", { skip: noPandas }, () => {
    const { sdf, run } = setup();
    const x = sdf.get("x");
    const y = sdf.get("y");
    const out = sdf
      .assign({ a: x.add(y).mul(2), b: x.div(y), c: y.mod(4), d: y.pow(2), e: x.sub(1.5), k: 3 })
      .frames.map((f) => f.toColumns())
      .sinkToList();
    run();
    const want = pandas(data, {
      final: { a: "(df.x + df.y) * 2", b: "df.x / df.y", c: "df.y % 4", d: "df.y ** 2", e: "df.x - 1.5" },
    });
    for (const col of ["a", "b", "c", "d", "e"]) {
      nearAll(
        out.flatMap((c) => c[col] as number[]),
        want[col].values,
        col,
      );
    }
    assert.ok(out.flatMap((c) => c.k).every((v) => v === 3));
  });

  it("keeps integer columns integer except under division", () => {
    const { sdf } = setup();
    const y = sdf.get("y");
    assert.equal(y.add(1).dtype, "int");
    assert.equal(y.mul(y).dtype, "int");
    assert.equal(y.div(2).dtype, "float");
    assert.equal(y.add(0.5).dtype, "float");
  });

  it("selects columns in the order asked", () => {
    const { sdf, run } = setup();
    const out: Row[][] = sdf.select(["y", "name"]).toRows().sinkToList();
    run();
    assert.deepEqual(Object.keys(out[0]![0]!), ["y", "name"]);
    assert.throws(() => sdf.select(["nope"]), /no column "nope"; the frame has columns \[name, x, y\]/);
  });
});
