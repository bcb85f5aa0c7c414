/**
 * The range a zoomed view shows (its last `RangeRequest`), watched so that the view keeps showing the
 * rows that exist now in it: after each update, when rows came into the range or rows of it left the
 * backlog, the kernel answers the request again (same id). New rows are checked one by one (they are
 * few: the update's); rows that left are overwritten in the ring by then, so for sorted x the range is
 * compared with the x span they covered (the oldest kept x before and after), and for unsorted x any
 * departure counts (where those rows lay is not known without keeping more per row).
 */
import type { RangeRequest } from "@streamz-ts/protocol";
import type { XYRing } from "./xy-ring";

/** One view's watched range. */
export class RangeWatch {
  private seenPushed: number;
  private seenOldest: number;
  private oldestX: number;

  /** @param sorted whether the kept rows' x never decreases, now */
  constructor(
    readonly request: RangeRequest,
    private readonly ring: XYRing,
    private readonly sorted: () => boolean,
  ) {
    this.seenPushed = ring.pushed;
    this.seenOldest = ring.oldest;
    this.oldestX = ring.length > 0 ? ring.x(ring.oldest) : NaN;
  }

  /** Whether the range's rows changed since the last call (or since the request was answered). */
  changed(): boolean {
    const { ring } = this;
    const { x0, x1 } = this.request;
    const lo = ring.oldest;
    const hi = ring.pushed;
    let touched = false;
    for (let r = Math.max(lo, this.seenPushed); r < hi && !touched; r++) {
      const x = ring.x(r);
      touched = x >= x0 && x <= x1;
    }
    if (!touched && lo > this.seenOldest) {
      // sorted: the rows that left had x between the oldest kept x then and the oldest kept x now
      touched = this.sorted() ? !(this.oldestX > x1) && !(lo < hi && ring.x(lo) < x0) : true;
    }
    this.seenPushed = hi;
    this.seenOldest = lo;
    this.oldestX = lo < hi ? ring.x(lo) : NaN;
    return touched;
  }
}
