/**
 * A live table of events that the user scrolled away from its live edge (the newest row: the top when
 * newest rows come first, the bottom in arrival order) holds still while rows arrive: the row at the
 * top of the view stays there, whatever rows an update adds above it or drops at either end. The
 * toolbar then offers Follow, which scrolls back to the live edge; scrolling back there by hand follows
 * again too. Tables of states (replace, upsert) and tables sorted by key are left alone: there is no
 * live edge in them.
 *
 * Why it is built this way: Lumino's `DataGrid.scrollTo` only sets the scroll bars and posts a
 * `scroll-request` to the viewport; the grid moves when the message loop runs (next animation frame),
 * and until then a data-model reset or a resize re-clamps the grid to its old position and drops the
 * request. So the hold never waits for the message loop: it commits any pending scroll (the user's)
 * before the rows change, places the anchor row from the rows' own numbers in the same turn, and
 * commits that at once. The anchor is a stream row number (what the row header shows), not a list
 * index: an index shifts by every row inserted above it or dropped before it, a row number does not.
 */
import type { DataGrid } from "@lumino/datagrid";
import { Message, MessageLoop, type IMessageHandler } from "@lumino/messaging";
import type { LiveTableData } from "./table-data-model";
import type { ViewToolbar } from "./view-toolbar";

/** The row at the top of the view (its number in the stream) and how far it is scrolled past, in px. */
export interface ScrollAnchor {
  rowNumber: number;
  offset: number;
}

/** The viewport message the grid scrolls on (Lumino's own type name; sent, it scrolls at once). */
const SCROLL_REQUEST = "scroll-request";

/** Holds one table's scroll position while it is away from the live edge. */
export class ScrollHold {
  /** The row the user left at the top; undefined while the table follows its live edge. */
  private anchor: ScrollAnchor | undefined;
  /** Where the hold last put (or found) the grid: a scroll request to elsewhere is the user's. */
  private placed = 0;
  private readonly hook = (handler: IMessageHandler, msg: Message): boolean => {
    if (msg.type === SCROLL_REQUEST) this.seen();
    return true;
  };

  constructor(
    private readonly grid: DataGrid,
    private readonly data: LiveTableData,
    private readonly toolbar: ViewToolbar,
    private readonly rowHeight: number,
  ) {
    // Every scroll goes through the viewport's scroll request (scroll bar drags, steps, pages, the
    // wheel, `scrollTo`): a hook sees each before the grid moves, with the scroll bars already set.
    MessageLoop.installMessageHook(grid.viewport, this.hook);
  }

  /** Whether the grid shows the live edge at offset `y` (always, for a table without one). */
  private atEdge(y: number): boolean {
    const edge = this.data.liveEdge();
    if (edge === undefined) return true;
    return edge === "top" ? y <= 0 : y >= this.grid.maxScrollY - 1;
  }

  /** A scroll request: when it goes elsewhere than the hold put the grid, the user scrolled. */
  private seen(): void {
    const y = this.grid.scrollY;
    if (y === this.placed) return;
    this.placed = y;
    this.anchor = this.atEdge(y) ? undefined : this.at(y);
    this.toolbar.exploring(this.anchor !== undefined);
  }

  /** The row at offset `y` and how far it is scrolled past. */
  private at(y: number): ScrollAnchor | undefined {
    const index = Math.floor(y / this.rowHeight);
    const rowNumber = this.data.rowNumberAt(index);
    return rowNumber === undefined ? undefined : { rowNumber, offset: y - index * this.rowHeight };
  }

  /** Makes the grid go where its scroll bars say now, rather than on the next animation frame. */
  private commit(): void {
    MessageLoop.sendMessage(this.grid.viewport, new Message(SCROLL_REQUEST));
  }

  /**
   * Before the rows or the grid's size change: applies a scroll the user made that the grid has not
   * applied yet (a reset or resize would drop it), so that the anchor is where the user left it.
   */
  settle(): void {
    this.commit();
  }

  /**
   * After the rows or the grid's size changed: puts the anchor row back at the top (a row that left
   * the table: as near as the rows allow, the end where rows leave), or shows the live edge.
   */
  place(): void {
    if (this.data.liveEdge() === undefined) this.anchor = undefined;
    const target = this.anchor ? this.data.indexOfRowNumber(this.anchor.rowNumber) * this.rowHeight + this.anchor.offset : this.edge();
    if (target !== undefined) this.grid.scrollTo(this.grid.scrollX, target);
    this.placed = this.grid.scrollY;
    this.commit();
    this.toolbar.exploring(this.anchor !== undefined);
  }

  /** The live edge's offset, or undefined (no live edge: the grid stays where it is). */
  private edge(): number | undefined {
    const edge = this.data.liveEdge();
    return edge === undefined ? undefined : edge === "top" ? 0 : this.grid.maxScrollY;
  }

  /** Scrolls to the live edge and follows it (the toolbar's Follow). */
  follow(): void {
    this.anchor = undefined;
    this.place();
  }

  /**
   * Where the row the grid paints at the top of its body is listed, or undefined (asked of the grid's
   * own hit test: where the grid really is, not where it was told to go).
   */
  topIndex(): number | undefined {
    const box = this.grid.viewport.node.getBoundingClientRect();
    const hit = this.grid.hitTest(box.left + this.grid.headerWidth + 1, box.top + this.grid.headerHeight + 1);
    return hit.region === "body" ? hit.row : undefined;
  }

  /** Stops watching the grid. */
  dispose(): void {
    MessageLoop.removeMessageHook(this.grid.viewport, this.hook);
  }
}
