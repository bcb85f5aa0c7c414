/**
 * One copy per painted region instead of one per cell, for a Lumino DataGrid.
 *
 * Why: the grid paints each cell into an off-screen canvas and copies that cell onto the visible
 * canvas at once (`drawImage`). Chromium snapshots a canvas that is drawn from and then drawn into
 * again, so each of those copies duplicates the whole off-screen canvas (1024 x 512 px, 2 MB): in
 * headless Chromium, with or without the GPU flags, 8 ms per cell, 50 cells per update of a small
 * table, 400 ms of the page's thread every 500 ms. Copying the region once after all its cells are
 * painted gives the same pixels (the cells do not overlap, and the grid lines are drawn after the
 * cells of a region) for one snapshot per region.
 *
 * This reaches into two private methods of @lumino/datagrid 2.x (`_drawCells`, `_blitContent`); when a
 * later version renames them, the grid is left as it is (slower, never wrong).
 */
import type { DataGrid } from "@lumino/datagrid";

type Blit = (source: HTMLCanvasElement, x: number, y: number, w: number, h: number, dx: number, dy: number) => void;

/** The private parts of DataGrid this touches. */
interface GridInternals {
  _drawCells?: (region: unknown) => void;
  _blitContent?: Blit;
  _buffer?: HTMLCanvasElement;
}

/**
 * Makes `grid` copy each painted region's cells to the screen in one `drawImage`. Returns whether it
 * could (false: the grid's internals are not what this expects, and it paints as before).
 *
 * @example
 * const grid = new DataGrid();
 * blitRegionsOnce(grid); // true with @lumino/datagrid 2.x
 */
export function blitRegionsOnce(grid: DataGrid): boolean {
  const inner = grid as unknown as GridInternals;
  const drawCells = inner._drawCells;
  const blit = inner._blitContent;
  if (typeof drawCells !== "function" || typeof blit !== "function") return false;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  let collecting = false;
  // A cell's copy goes from the buffer to the same place on screen: collected into one rectangle.
  inner._blitContent = function (this: GridInternals, source, x, y, w, h, dx, dy) {
    if (!collecting || source !== this._buffer || x !== dx || y !== dy) return blit.call(this, source, x, y, w, h, dx, dy);
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + w);
    bottom = Math.max(bottom, y + h);
  };
  inner._drawCells = function (this: GridInternals, region) {
    left = top = Infinity;
    right = bottom = -Infinity;
    collecting = true;
    try {
      drawCells.call(this, region);
    } finally {
      collecting = false;
    }
    if (right > left && bottom > top) blit.call(this, this._buffer!, left, top, right - left, bottom - top, left, top);
  };
  return true;
}
