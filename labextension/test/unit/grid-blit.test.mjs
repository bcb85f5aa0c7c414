/**
 * blitRegionsOnce without a browser: a grid that paints its cells as Lumino's DataGrid 2.x does (each
 * cell into the off-screen buffer, then copied to the same place on screen) ends with the same pixels
 * when the copies are collected into one per region, and makes one copy instead of one per cell.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { blitRegionsOnce } from "../../dist/src/grid-blit.js";

const W = 12;
const H = 8;
const blank = () => Array.from({ length: H }, () => Array(W).fill("."));

/** A stand-in for the grid: pixels as letters; cells of `size` from `at`, each painted as its own letter. */
function fakeGrid() {
  const grid = {
    _buffer: { pixels: blank() },
    screen: blank(),
    copies: 0,
    _blitContent(source, x, y, w, h, dx, dy) {
      this.copies++;
      for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.screen[dy + j][dx + i] = source.pixels[y + j][x + i];
    },
    /** Lumino's order: clear and paint a cell in the buffer, copy that cell, next cell. */
    _drawCells({ x0, y0, cols, rows, letter }) {
      let n = 0;
      for (let c = 0; c < cols.length; c++)
        for (let r = 0; r < rows.length; r++) {
          const x = x0 + cols.slice(0, c).reduce((a, b) => a + b, 0);
          const y = y0 + rows.slice(0, r).reduce((a, b) => a + b, 0);
          const paint = String.fromCharCode(letter.charCodeAt(0) + n++);
          for (let j = 0; j < rows[r]; j++) for (let i = 0; i < cols[c]; i++) this._buffer.pixels[y + j][x + i] = paint;
          this._blitContent(this._buffer, x, y, cols[c], rows[r], x, y);
        }
    },
    /** A region's paint: background on screen, the cells, then grid lines drawn on screen over them. */
    paint(region) {
      this._drawCells(region);
      for (let i = 0; i < W; i++) this.screen[region.y0][i] = "-";
    },
  };
  return grid;
}

describe("blitRegionsOnce", () => {
  const regions = [
    { x0: 0, y0: 0, cols: [3, 4], rows: [2], letter: "a" }, // a header row
    { x0: 0, y0: 2, cols: [3, 4, 2], rows: [2, 2, 1], letter: "A" }, // the body
  ];

  it("paints the same pixels as a copy per cell, with one copy per region", () => {
    const plain = fakeGrid();
    const batched = fakeGrid();
    assert.equal(blitRegionsOnce(batched), true);
    // stale pixels in the buffer outside the cells must not reach the screen
    batched._buffer.pixels[7][11] = plain._buffer.pixels[7][11] = "#";
    for (const r of regions) {
      plain.paint(r);
      batched.paint(r);
    }
    assert.deepEqual(batched.screen, plain.screen);
    assert.equal(plain.copies, 2 + 9);
    assert.equal(batched.copies, 2);
  });

  it("passes other copies through (a scroll copies the screen onto itself, shifted)", () => {
    const grid = fakeGrid();
    blitRegionsOnce(grid);
    grid._blitContent(grid._buffer, 0, 0, 2, 2, 3, 3);
    assert.equal(grid.copies, 1);
  });

  it("leaves a grid whose internals are not Lumino 2.x's as it is", () => {
    const other = { paint() {} };
    assert.equal(blitRegionsOnce(other), false);
    assert.deepEqual(Object.keys(other), ["paint"]);
  });
});
