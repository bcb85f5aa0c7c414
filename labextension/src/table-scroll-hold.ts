/**
 * A live table of events that the user scrolled away from its live edge (the newest row: the top when
 * newest rows come first, the bottom in arrival order) holds still while rows arrive: the row at the
 * top of the view stays there (the grid would otherwise keep its pixel offset, so each update would
 * slide other rows under the user). The toolbar then offers Follow, which scrolls back to the live
 * edge; scrolling back there by hand follows again too. Tables of states (replace, upsert) are left
 * alone: there is no live edge in a state.
 */
import type { DataGrid } from "@lumino/datagrid";
import type { TableOrder, ViewMode } from "@streamz-ts/protocol";
import type { LiveTableData } from "./table-data-model";
import type { ViewToolbar } from "./view-toolbar";

/**
 * The row at the top of the view before an update (its number in the stream: the table's row header,
 * which an update keeps, whatever batch kind brought it), and how far it was scrolled past.
 */
export interface ScrollAnchor {
  rowNumber: number;
  offset: number;
}

/** Holds one table's scroll position while it is away from the live edge. */
export class ScrollHold {
  private order: TableOrder = "newest";
  private events = false;
  /**
   * The row the user left at the top, taken when the user scrolled (not re-read from the grid at each
   * update: a grid that has not settled its scroll position yet would let the view drift by an update).
   */
  private anchor: ScrollAnchor | undefined;

  constructor(
    private readonly grid: DataGrid,
    private readonly data: LiveTableData,
    private readonly toolbar: ViewToolbar,
    private readonly rowHeight: number,
  ) {
    // The grid scrolls by its scrollbars (and keys); look where it is once it has moved (it moves on
    // the animation frame after the event, so look on the one after that). Capture: the scrollbar
    // handles the events it gets.
    const look = (): void => void requestAnimationFrame(() => requestAnimationFrame(() => this.sync()));
    for (const type of ["wheel", "pointerup", "keyup"]) grid.node.addEventListener(type, look, true);
  }

  /** Whether the view shows the live edge. */
  private atEdge(): boolean {
    if (!this.events) return true;
    return this.order === "newest" ? this.grid.scrollY <= 0 : this.grid.scrollY >= this.grid.maxScrollY - 1;
  }

  /** After the user scrolled: where the view is now (the anchor to hold, or none at the live edge). */
  private sync(): void {
    this.anchor = this.atEdge() ? undefined : this.here();
    this.toolbar.exploring(this.anchor !== undefined);
  }

  /** The row at the top of the view now, and how far it is scrolled past. */
  private here(): ScrollAnchor | undefined {
    const index = Math.floor(this.grid.scrollY / this.rowHeight);
    const rowNumber = this.rowNumber(index);
    return rowNumber === undefined ? undefined : { rowNumber, offset: this.grid.scrollY - index * this.rowHeight };
  }

  /** Before an update: the row to keep in place, when the user is away from the live edge. */
  before(): ScrollAnchor | undefined {
    if (this.anchor === undefined && !this.atEdge()) this.anchor = this.here(); // scrolled with no event seen
    return this.anchor;
  }

  /** After an update (and the grid's resize): puts the anchor row back, or follows the live edge. */
  after(anchor: ScrollAnchor | undefined, viewMode: ViewMode, order: TableOrder): void {
    this.events = viewMode === "append" && order !== "key";
    this.order = order;
    const index = anchor ? this.indexOf(anchor.rowNumber) : -1;
    if (index >= 0) this.grid.scrollTo(this.grid.scrollX, index * this.rowHeight + anchor!.offset);
    else if (!anchor) this.toEdge();
    // An anchor row that left the table: the grid keeps its offset (the nearest it can do), and the row
    // now at the top becomes the anchor.
    else this.anchor = this.here();
    this.toolbar.exploring(this.anchor !== undefined);
  }

  private rowNumber(index: number): number | undefined {
    if (index < 0 || index >= this.data.size) return undefined;
    const n = this.data.data("row-header", index, 0);
    return typeof n === "number" ? n : undefined;
  }

  /**
   * Where row number `n` is listed now, or -1. Row numbers usually run by one, up or down, so the guess
   * from the first row is checked first; otherwise (a gap: rows dropped between two updates) the rows
   * are searched, at most the table's row limit.
   */
  private indexOf(n: number): number {
    const first = this.rowNumber(0);
    if (first === undefined) return -1;
    const guess = Math.abs(n - first);
    if (this.rowNumber(guess) === n) return guess;
    for (let i = 0; i < this.data.size; i++) if (this.rowNumber(i) === n) return i;
    return -1;
  }

  /** Scrolls to the live edge (Follow). */
  follow(): void {
    this.toEdge();
    this.anchor = undefined;
    this.toolbar.exploring(false);
  }

  private toEdge(): void {
    if (this.events) this.grid.scrollTo(this.grid.scrollX, this.order === "newest" ? 0 : this.grid.maxScrollY);
  }

  /** The stream row number at the top of the view (what a test reads), or undefined. */
  topRow(): unknown {
    return this.data.data("row-header", Math.floor(this.grid.scrollY / this.rowHeight), 0);
  }
}
