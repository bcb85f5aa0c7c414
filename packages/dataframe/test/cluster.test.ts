import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Stream } from "@streamz-ts/core";
import "@streamz-ts/cluster";
import type { Table } from "apache-arrow";
import { StreamingDataFrame, type Row } from "../src";
import { arrowTable, frames } from "./helpers";

const data = frames(15, 6);
const example = arrowTable(data[0]!);

describe("streaming frames after scatter() (@streamz-ts/cluster)", () => {
  it("refuses a cluster stream with the way out (gather() first), even a keyed one", () => {
    const source = new Stream<Table>();
    const keyed = source.scatter({ threads: 1, key: (t: Table) => t.numRows });
    try {
      for (const make of [
        () => new StreamingDataFrame(keyed as never, { example }),
        () => StreamingDataFrame.fromFrames(keyed as never, new StreamingDataFrame(source, { example }).example),
      ]) {
        assert.throws(make, (e: Error) => {
          assert.equal(e.name, "TypeError");
          assert.match(e.message, /cluster stream \(after scatter\(\)\).*gather\(\) first/);
          return true;
        });
      }
    } finally {
      source.destroy();
    }
  });

  it("gather() first: the group-by in the kernel sees the frames the workers returned", async () => {
    const local = new Stream<Table>();
    const want = new StreamingDataFrame(local, { example }).groupby("name").get("x").sum().toRows().sinkToList();
    for (const f of data) await local.emit(arrowTable(f));

    const source = new Stream<Table>();
    // Arrow tables travel to the thread and back as IPC bytes; the function runs there.
    const back = source
      .scatter({ threads: 1 })
      .map((t: Table) => t)
      .buffer(4)
      .gather();
    let gathered = 0;
    const all = new Promise<void>((resolve) => back.sink(() => void (++gathered === data.length && resolve())));
    const got = new StreamingDataFrame(back, { example }).groupby("name").get("x").sum().toRows().sinkToList();
    try {
      for (const f of data) await source.emit(arrowTable(f));
      await all;
      assert.equal(got.length, data.length);
      assert.deepEqual(got.at(-1), want.at(-1) as Row[]);
    } finally {
      source.destroy();
    }
  });
});
