import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import {
  Bool,
  Dictionary,
  Float64,
  Int32,
  Int64,
  RecordBatch,
  Table,
  TimestampMillisecond,
  Utf8,
  tableFromArrays,
  vectorFromArray,
} from "apache-arrow";
import { ColumnFrame, SchemaError, StreamingDataFrame, toColumnFrame, type FrameInput } from "../src";
import { arrowTable, concat, danfoFrame, frames, nearAll } from "./helpers";

const data = frames(3, 6);

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("input frames", () => {
  it("takes danfojs DataFrames and Arrow tables and record batches alike", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: danfoFrame(data[0]!) });
    const out = sdf.get("x").sum().sinkToList();
    data.forEach((f, k) => {
      const t = arrowTable(f);
      source.emit(k % 3 === 0 ? danfoFrame(f) : k % 3 === 1 ? t : (t.batches[0] ?? t));
    });
    const want = data.map((_, k) =>
      concat(data.slice(0, k + 1))
        .x.filter((v) => !Number.isNaN(v))
        .reduce((a, b) => a + b, 0),
    );
    nearAll(out, want, "sum over mixed inputs");
  });

  it("reads Arrow buffers without copying", () => {
    const t = arrowTable(data[0]!);
    const f = toColumnFrame(t);
    const x = f.column("x") as { values: Float64Array };
    assert.equal(x.values.buffer, (t.getChild("x")!.data[0]!.values as Float64Array).buffer);
    assert.equal(f.column("name").dtype, "string");
  });

  it("reads nulls, booleans, 64-bit integers, timestamps and multi-batch tables", () => {
    const one = new Table({
      b: vectorFromArray([true, false, true], new Bool()),
      n: vectorFromArray([1n, 2n, 3n], new Int64()),
      t: vectorFromArray([new Date(1000), new Date(2000), new Date(3000)], new TimestampMillisecond()),
      x: vectorFromArray([1.5, null, 2.5], new Float64()),
      s: vectorFromArray(["p", null, "q"], new Utf8()),
    });
    const f = toColumnFrame(new Table([...one.batches, ...one.batches]));
    assert.deepEqual(
      f.fields.map((c) => c.dtype),
      ["bool", "int", "timestamp", "float", "string"],
    );
    assert.deepEqual(f.toRows()[1], { b: false, n: 2, t: 2000, x: NaN, s: null });
    assert.deepEqual(f.toColumns().x, [1.5, NaN, 2.5, 1.5, NaN, 2.5]);
    assert.equal(f.length, 6);
  });

  it("passes empty frames through and aggregates them as pandas does", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
    const rows = sdf.filter(sdf.get("x").gt(0)).toRows().sinkToList();
    const means = sdf.groupby("name").get("x").mean().toRows().sinkToList();
    source.emit(danfoFrame({ name: [], x: [], y: [] }));
    source.emit(arrowTable({ name: [], x: [], y: [] }));
    assert.deepEqual(rows, [[], []]);
    assert.deepEqual(means, [[], []]);
  });

  it("gives frames back as danfojs DataFrames", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
    const out = sdf.filter(sdf.get("y").ge(0)).toDanfo().sinkToList();
    source.emit(arrowTable(data[0]!));
    const df = out[0]!;
    assert.deepEqual(df.columns, ["name", "x", "y"]);
    const keep = data[0]!.y.map((y) => y >= 0);
    assert.deepEqual(
      df.column("y").values,
      data[0]!.y.filter((_, i) => keep[i]),
    );
    assert.deepEqual(
      df.column("name").values,
      data[0]!.name.filter((_, i) => keep[i]),
    );
  });

  it("maps partitions as danfojs frames and accumulates them", () => {
    const source = new Stream<FrameInput>();
    const sdf = new StreamingDataFrame(source, { example: danfoFrame(data[0]!) });
    const heads = sdf
      .mapPartitions((df) => df.head(1), { example: danfoFrame(data[0]!) })
      .toRows()
      .sinkToList();
    const counted = sdf
      .accumulatePartitions((n: number, df) => [n + df.shape[0]!, tableFromArrays({ seen: new Float64Array([n + df.shape[0]!]) })], {
        start: 0,
      })
      .toRows()
      .sinkToList();
    source.emit(danfoFrame(data[0]!));
    source.emit(danfoFrame(data[1]!));
    assert.deepEqual(
      heads.map((r) => r[0]!.name),
      [data[0]!.name[0], data[1]!.name[0]],
    );
    assert.deepEqual(
      counted.map((r) => r[0]!.seen),
      [data[0]!.x.length, data[0]!.x.length + data[1]!.x.length],
    );
  });
});

describe("schema mismatches", () => {
  const source = new Stream<FrameInput>();
  const sdf = new StreamingDataFrame(source, { example: arrowTable(data[0]!) });
  sdf.get("x").sum().sinkToList();

  it("rejects a frame missing a column, naming it", () => {
    const t = new Table({ name: vectorFromArray(["a"], new Dictionary(new Utf8(), new Int32())), y: vectorFromArray([1], new Int32()) });
    const e = errorOf(() => source.emit(t));
    assert.match(e.message, /frame is missing column "x" \(expected columns: name, x, y\)/);
    assert.ok(e.cause instanceof SchemaError && e.cause.column === "x");
  });

  it("rejects a column of the wrong type, naming it and both types", () => {
    const t = new Table({
      name: vectorFromArray([1.5], new Float64()),
      x: vectorFromArray([1], new Float64()),
      y: vectorFromArray([1], new Int32()),
    });
    assert.match(errorOf(() => source.emit(t)).message, /column "name": expected string, got float/);
    assert.match(
      errorOf(() => source.emit(danfoFrame({ name: ["a"], x: ["oops" as unknown as number], y: [1] }))).message,
      /column "x": expected float, got string/,
    );
  });

  it("rejects an unexpected column, naming it", () => {
    const t = arrowTable(data[0]!);
    const extra = new Table({
      ...Object.fromEntries(t.schema.fields.map((f) => [f.name, t.getChild(f.name)!])),
      w: vectorFromArray(new Array(t.numRows).fill(1), new Float64()),
    });
    assert.match(errorOf(() => source.emit(extra)).message, /frame has a column "w" that the stream's example has not/);
  });

  it("accepts numbers where numbers are expected, whatever danfojs inferred", () => {
    const out = sdf.get("x").max().sinkToList();
    source.emit(danfoFrame({ name: ["a", "b"], x: [1, 2], y: [3, 4] })); // danfojs calls x int32 here
    assert.deepEqual(out, [2]);
  });

  it("names what it cannot take", () => {
    assert.throws(
      () => toColumnFrame({} as unknown as FrameInput),
      /takes danfojs DataFrames, Arrow Tables or RecordBatches, or ColumnFrames; got Object/,
    );
    assert.throws(() => new StreamingDataFrame(new Stream(), {} as never), /needs \{ example \}/);
    assert.ok(RecordBatch && ColumnFrame);
  });
});
