/**
 * Which scatters the raster layer draws, and what Vega holds then (issue 17), with Vega itself (no
 * browser): the patched spec's scales, made from the few rows the layer gives Vega, are those all the
 * rows make; its probe mark holds Vega's encoding of each category's symbol; specs whose symbols Vega
 * must draw itself (a tooltip, a condition, a look following another field, no clip, a domain sorted
 * by another field) are left alone.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as vega from "vega";
import { compile } from "vega-lite";
import { CHART_DATA_NAME } from "@streamz-ts/protocol";
import { cellsLayerSpec, CELLS_PROBE_MARK } from "../../dist/src/chart-cells-spec.js";
import { FrameRows, frameRows } from "../../dist/src/chart-cells-frame.js";

const info = { x: "x", y: "y", kind: "cells", category: "c", backlog: 1_000_000 };
const fields = { x: "x", y: "y", category: "c" };
const EXPLORE = [{ name: "explore", select: { type: "interval", encodings: ["x"] }, bind: "scales" }];
/** A Vega-Lite scatter as the view embeds it (chart-spec.ts): clipped, explorable, our data set, x not nice. */
const scatter = (encoding = {}, mark = {}) => ({
  mark: { type: "circle", clip: true, ...mark },
  params: EXPLORE,
  data: { name: CHART_DATA_NAME },
  width: 400,
  encoding: {
    x: { field: "x", type: "quantitative", scale: { nice: false, zero: false } },
    y: { field: "y", type: "quantitative" },
    color: { field: "c", type: "nominal" },
    ...encoding,
  },
});
const vegaOf = (vl) => compile(vl, { config: { mark: { color: "#1976d2" } } }).spec;

let seed = 5;
const u = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
const ROWS = Array.from({ length: 3000 }, (_, i) => ({ x: 100 + u() * 50, y: 3 + u() * 9, c: ["wide", "mid", "tight"][i % 3] }));
// rows Vega-Lite does not draw, a number as text, and a y below zero (so the y domain needs the lowest row)
ROWS.push({ x: 99, y: null, c: "odd" }, { x: Number.NaN, y: 1, c: "odd" }, { x: 170, y: "2.5", c: "late" }, { x: 120, y: -4.2, c: "mid" });

/** The mark called `name` in a scenegraph. */
const findMark = (node, name) =>
  node.marktype !== undefined && node.name === name ? node : (node.items ?? []).map((c) => findMark(c, name)).find(Boolean);

/** Domains of x, y and colour in a headless Vega view of `spec` holding `rows`, and the view. */
async function domains(spec, rows) {
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  view.insert(CHART_DATA_NAME, rows);
  await view.runAsync();
  return { view, x: view.scale("x").domain(), y: view.scale("y").domain(), color: view.scale("color").domain() };
}

describe("frameRows", () => {
  it("keeps the drawable rows with the extreme x and y and the first of each category", () => {
    const rows = [
      { x: 5, y: 1, c: "a" },
      { x: 2, y: 7, c: "b" },
      { x: 9, y: 3, c: "a" },
      { x: 1, y: null, c: "z" },
      { x: 4, y: -2, c: "b" },
    ];
    assert.deepEqual([...frameRows(rows, fields)], [rows[0], rows[1], rows[2], rows[4]]);
  });

  it("moves only the rows that stop or start being kept", () => {
    const kept = new FrameRows();
    const rows = [
      { x: 1, y: 1 },
      { x: 2, y: 5 },
      { x: 3, y: 2 },
    ];
    const first = kept.update(rows, { x: "x", y: "y" });
    assert.deepEqual([first.insert.length, first.remove.length], [3, 0]);
    const later = rows.slice(1).concat({ x: 4, y: 3 });
    // (3, 2) stays: the lowest y now, as it was the highest x
    assert.deepEqual(kept.update(later, { x: "x", y: "y" }), { insert: [later[2]], remove: [rows[0]] });
    assert.deepEqual(kept.update(later, { x: "x", y: "y" }), { insert: [], remove: [] });
  });
});

describe("cellsLayerSpec", () => {
  it("gives Vega, holding the frame rows only, the scales all the rows give it", async () => {
    const spec = vegaOf(scatter());
    const patched = cellsLayerSpec(spec, info);
    assert.ok(patched, "a clipped circle mark coloured by its category is drawn by the layer");
    assert.deepEqual(patched.fields, fields);
    const all = await domains(
      spec,
      ROWS.map((r) => ({ ...r })),
    );
    const framed = await domains(
      patched.spec,
      [...frameRows(ROWS, fields)].map((r) => ({ ...r })),
    );
    assert.deepEqual([framed.x, framed.y, framed.color], [all.x, all.y, all.color]);
    // the probe: Vega's own symbol of each category, nothing of it painted or bounded
    const probe = findMark(framed.view.scenegraph().root, CELLS_PROBE_MARK);
    assert.ok(probe, "the probe mark is in the scenegraph");
    const looks = Object.fromEntries(
      probe.items.map((item) => [item.datum.c, { fill: item.fill, opacity: item.opacity, shape: item.shape }]),
    );
    const color = framed.view.scale("color");
    for (const c of all.color) assert.deepEqual(looks[c], { fill: color(c), opacity: 0.7, shape: "circle" });
    assert.equal(
      framed.view.scenegraph().root.items[0].items.filter((m) => m.marktype === "symbol").length,
      0,
      "no symbol mark of its own",
    );
  });

  it("leaves to Vega the symbols whose look it alone knows", () => {
    const cases = {
      tooltip: scatter({ tooltip: { field: "y", type: "quantitative" } }),
      "mark tooltip": scatter({}, { tooltip: true }),
      "size by x": scatter({ size: { field: "x", type: "quantitative" } }),
      "colour by y": scatter({ color: { field: "y", type: "quantitative" } }),
      condition: scatter({ opacity: { condition: { param: "explore", value: 1 }, value: 0.2 } }),
      "colour sorted by mean y": scatter({ color: { field: "c", type: "nominal", sort: { field: "y", op: "mean" } } }),
      blend: scatter({}, { blend: "multiply" }),
      "not clipped": { ...scatter(), mark: "circle", params: undefined },
    };
    for (const [name, vl] of Object.entries(cases)) assert.equal(cellsLayerSpec(vegaOf(vl), info), undefined, name);
    assert.equal(cellsLayerSpec(vegaOf(scatter()), { ...info, kind: "m4" }), undefined, "an M4 summary");
    assert.ok(
      cellsLayerSpec(vegaOf(scatter({ shape: { field: "c", type: "nominal" } }, { type: "point" })), info),
      "points shaped by category",
    );
  });
});
