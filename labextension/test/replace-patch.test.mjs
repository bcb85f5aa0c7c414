/**
 * Issue 13, "the wire carries only what changed, in every mode": a chart in `replace` mode without a key
 * fed a random sequence of whole states, through the real path in Node: the kernel side
 * (`@streamz-ts/widgets` on the kernel's own comm manager, in virtual time) sends its batches (a `patch`
 * by position, an `append` of a slid state, or the whole state), and the frontend's own modules take
 * them as a view does (`BatchReader` decoding the Arrow rows, protocol `HeldRows`) and as a saved
 * notebook does (`RowsPicture`). After every update both hold exactly the latest state, no batch is
 * missed, and most updates carry a part of the state, not all of it.
 */
import assert from "node:assert/strict";
import { createRequire, register } from "node:module";
import { join } from "node:path";
import { test } from "node:test";
import { repoDir } from "./support/lab-server.cjs";

const kernelRequire = createRequire(join(repoDir, "kernel", "package.json"));
const { CommManager } = kernelRequire("./dist/src/comms.js");
const { Stream, VirtualScheduler } = kernelRequire("@streamz-ts/core");
const { HeldRows, KERNEL_BRIDGE } = kernelRequire("@streamz-ts/protocol");
const { encodeRows } = kernelRequire("@streamz-ts/widgets"); // which also adds stream.chart()
const { tableFromIPC } = createRequire(join(repoDir, "labextension", "package.json"))("apache-arrow");
// The extension's modules import each other without an extension (the bundler resolves them): so do we.
register(
  "data:text/javascript,export async function resolve(s, c, next) { try { return await next(s, c); } catch (e) { if (s.startsWith('.') && !s.endsWith('.js')) return next(s + '.js', c); throw e; } }",
);
const { BatchReader } = await import(join(repoDir, "labextension", "dist", "src", "row-batches.js"));
const { RowsPicture } = await import(join(repoDir, "labextension", "dist", "src", "rows-picture.js"));

/** A frontend model fed by the kernel's messages: JSON attributes set, binary ones at their buffer paths. */
function frontendModel() {
  const attrs = {};
  const model = { requests: 0, get: (k) => attrs[k], comm: { send: () => model.requests++ } };
  model.set = ({ state, buffer_paths = [] }, buffers) => {
    Object.assign(attrs, state);
    buffer_paths.forEach(([name], i) => (attrs[name] = new DataView(buffers[i].buffer, buffers[i].byteOffset, buffers[i].byteLength)));
  };
  return model;
}

test("a replace chart without a key: random states reach the view and the saved picture exactly, mostly as patches", async () => {
  const sent = [];
  globalThis[KERNEL_BRIDGE] = new CommManager(
    (type, content, _metadata, buffers = []) => sent.push({ type, content, buffers }),
    () => Infinity,
  );
  const clock = new VirtualScheduler();
  const states = new Stream({ scheduler: clock });
  const backlog = 40;
  const chart = states.chart({ mark: "bar" }, { mode: "replace", backlog });

  const model = frontendModel();
  const reader = new BatchReader(model);
  const held = new HeldRows();
  const picture = new RowsPicture();
  const take = (message) => {
    model.set(message.content.data, message.buffers);
    held.apply(reader.read());
    picture.take(model);
  };
  take(sent.find((m) => m.type === "comm_open"));

  let seed = 11;
  const random = (n) => ((seed = (seed * 16807) % 2147483647), seed % n);
  const names = ["ant", "bee", "cat", "dog"];
  let state = [];
  const modes = {};
  let patchBytes = 0;
  let wholeBytes = 0;
  for (let step = 0; step < 300; step++) {
    for (let burst = 1 + random(2); burst > 0; burst--) {
      state = state.map((r) => (random(10) === 0 ? { ...r, v: random(1000) / 8 } : r));
      const change = random(8);
      if (change === 0) state = state.slice(0, random(state.length + 1));
      if (change === 1)
        for (let n = 1 + random(4); n > 0; n--) state = [...state, { i: state.length, name: names[random(4)], v: random(1000) / 8 }];
      if (change === 2) state = Array.from({ length: random(50) }, (_, i) => ({ i, name: names[random(4)], v: random(1000) / 8 }));
      if (change === 3) state = state.slice(1 + random(2)); // slid along
      states.emit(state);
    }
    const before = sent.length;
    await clock.advance(500);
    const updates = sent.slice(before).filter((m) => m.type === "comm_msg" && m.content.data.method === "update");
    const expected = state.slice(-backlog);
    for (const u of updates) {
      take(u);
      const mode = u.content.data.state.rows_mode;
      modes[mode] = (modes[mode] ?? 0) + 1;
      if (mode !== "patch") continue;
      patchBytes += u.buffers[0].byteLength;
      wholeBytes += encodeRows(expected).byteLength; // what sending the whole state instead would have cost
    }
    assert.deepEqual(held.rows(), expected, `the view holds the latest state after step ${step}`);
    const saved = tableFromIPC(new Uint8Array(picture.encode().buffer))
      .toArray()
      .map((r) => ({ ...r.toJSON() }));
    assert.deepEqual(saved, expected, `the saved picture holds it too, after step ${step}`);
  }
  assert.equal(model.requests, 0, "no batch was missed");
  assert.ok(patchBytes < 0.75 * wholeBytes, `patches carry less than the states they stand for: ${patchBytes} vs ${wholeBytes} bytes`);
  assert.ok(modes.patch > modes.replace, `most updates are patches: ${JSON.stringify(modes)}`);
  assert.ok(modes.append > 0 && modes.replace > 0, `slid states append, new states replace: ${JSON.stringify(modes)}`);
  chart.close();
  delete globalThis[KERNEL_BRIDGE];
});
