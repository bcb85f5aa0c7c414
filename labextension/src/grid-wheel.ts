/**
 * Mouse-wheel (and touchpad) scrolling for a Lumino DataGrid, which has none without a mouse handler
 * (and its `BasicMouseHandler` brings cell selection and resizing that a live table does not want).
 * The grid takes the wheel only while it can still scroll that way; at its end the wheel scrolls the
 * notebook, as in any other scrollable box of a page.
 */
import type { DataGrid } from "@lumino/datagrid";

/** Pixels per wheel "line" and per "page" (the `deltaMode` of a WheelEvent). */
function toPixels(grid: DataGrid, e: WheelEvent): { dx: number; dy: number } {
  if (e.deltaMode === WheelEvent.DOM_DELTA_LINE)
    return { dx: e.deltaX * grid.defaultSizes.columnWidth, dy: e.deltaY * grid.defaultSizes.rowHeight };
  if (e.deltaMode === WheelEvent.DOM_DELTA_PAGE) return { dx: e.deltaX * grid.pageWidth, dy: e.deltaY * grid.pageHeight };
  return { dx: e.deltaX, dy: e.deltaY };
}

/** The part of a move by `d` that stays within [0, max] from `at`. */
function within(at: number, d: number, max: number): number {
  return Math.max(0, Math.min(max, at + d)) - at;
}

/**
 * Scrolls `grid` by the wheel over it; returns a function that stops it. Ctrl+wheel is left to the
 * browser (page zoom).
 *
 * @example
 * const stop = scrollOnWheel(grid);
 * // later, when the grid goes away
 * stop();
 */
export function scrollOnWheel(grid: DataGrid): () => void {
  const onWheel = (e: WheelEvent): void => {
    if (e.ctrlKey) return;
    const { dx, dy } = toPixels(grid, e);
    const x = within(grid.scrollX, dx, grid.maxScrollX);
    const y = within(grid.scrollY, dy, grid.maxScrollY);
    if (x === 0 && y === 0) return; // at the end that way: the page scrolls instead
    e.preventDefault();
    e.stopPropagation();
    grid.scrollBy(x, y);
  };
  // Not passive: taking the wheel means keeping the page from scrolling too.
  grid.node.addEventListener("wheel", onWheel, { passive: false });
  return () => grid.node.removeEventListener("wheel", onWheel);
}
