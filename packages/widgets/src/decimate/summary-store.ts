/**
 * The row store of a summarised chart (see m4-buckets.ts): elements go to two typed rings (x and y of
 * the spec's fields) on the hot path; at each flush the M4 buckets catch up and the update carries the
 * four points of each bucket that changed (`upsert`, keyed by protocol `SUMMARY_KEY`) and the keys of
 * those that left, or every bucket's points (`replace`) when the buckets were cut anew.
 */
import { SUMMARY_KEY, type ViewMode } from "@streamz-ts/protocol";
import { arrowRows, isArrowFrame, type ColumnTypes } from "../encode";
import type { Row } from "../rows";
import type { RowStore, StoreBatch } from "../stores";
import { M4Buckets, type Bucket } from "./m4-buckets";
import { XYRing } from "./xy-ring";

/** A value as a number to draw: numbers, Dates (epoch ms) and bigints; anything else NaN. */
export function drawable(v: unknown): number {
  if (typeof v === "number") return v;
  if (v instanceof Date) return v.getTime();
  if (typeof v === "bigint") return Number(v);
  return NaN;
}

/** Field `f` of the row `{index: i, value: v}` that a plain value `v` stands for, without making it. */
function plainField(f: string, v: unknown, i: number): number {
  return f === "index" ? i : f === "value" ? drawable(v) : NaN;
}

/**
 * The raw rows of a summarised chart's x and y fields in an {@link XYRing}, taken from records, arrays
 * of records, Arrow frames or plain values; subclasses say how the rows are summarised.
 */
export abstract class XYStore implements RowStore {
  readonly mode: ViewMode = "append";
  abstract readonly key: readonly string[];
  readonly ring: XYRing;

  /**
   * @param capacity raw rows kept (the chart's backlog)
   * @param xField, yField the spec's x and y fields; a plain value `v` (not a record) is the row
   *   `{index, value: v}`, as in every chart
   */
  constructor(
    readonly capacity: number,
    readonly xField: string,
    readonly yField: string,
    private readonly types: ColumnTypes,
  ) {
    this.ring = new XYRing(capacity);
  }

  get total(): number {
    return this.ring.pushed;
  }

  accept(x: unknown): void {
    if (typeof x === "object" && x !== null && !(x instanceof Date)) {
      if (Array.isArray(x)) {
        for (const e of x) this.accept(e);
      } else if (isArrowFrame(x)) {
        for (const r of arrowRows(x, this.types)) this.acceptRecord(r);
      } else {
        this.acceptRecord(x as Row);
      }
      return;
    }
    const i = this.ring.pushed;
    this.ring.push(plainField(this.xField, x, i), plainField(this.yField, x, i));
  }

  /** Takes one record's fields (subclasses may take more of it). */
  protected acceptRecord(r: Row): void {
    this.ring.push(drawable(r[this.xField]), drawable(r[this.yField]));
  }

  abstract snapshot(): Row[];
  abstract changes(): StoreBatch | undefined;

  /** The kept raw rows, oldest first (one object each: costly for a large backlog). */
  current(): Row[] {
    const out: Row[] = [];
    for (let r = this.ring.oldest; r < this.ring.pushed; r++) out.push({ [this.xField]: this.ring.x(r), [this.yField]: this.ring.y(r) });
    return out;
  }
}

/** Raw rows of a chart's x and y fields, sent as their M4 summary. */
export class SummaryStore extends XYStore {
  readonly key: readonly string[] = [SUMMARY_KEY];
  readonly buckets: M4Buckets;

  constructor(capacity: number, xField: string, yField: string, types: ColumnTypes) {
    super(capacity, xField, yField, types);
    this.buckets = new M4Buckets(this.ring);
  }

  /** The four points of a bucket, as rows of the x and y fields and the summary key. */
  private points(b: Bucket, out: Row[]): void {
    const key = (b.k - this.buckets.origin) * 4;
    const { xField: xf, yField: yf } = this;
    out.push({ [xf]: b.fx, [yf]: b.fy, [SUMMARY_KEY]: key });
    out.push({ [xf]: b.nx, [yf]: b.ny, [SUMMARY_KEY]: key + 1 });
    out.push({ [xf]: b.mx, [yf]: b.my, [SUMMARY_KEY]: key + 2 });
    out.push({ [xf]: b.lx, [yf]: b.ly, [SUMMARY_KEY]: key + 3 });
  }

  private allPoints(): Row[] {
    const out: Row[] = [];
    for (const b of this.buckets.buckets) this.points(b, out);
    return out;
  }

  snapshot(): Row[] {
    this.buckets.update();
    this.buckets.take();
    return this.allPoints();
  }

  changes(): StoreBatch | undefined {
    const what = this.buckets.update();
    if (what === undefined) return undefined;
    if (what === "recut") return { op: "replace", rows: this.allPoints(), removed: null };
    const { changed, gone } = this.buckets.take();
    const rows: Row[] = [];
    for (const b of changed) this.points(b, rows);
    const removed: Row[] = [];
    const origin = this.buckets.origin;
    for (const b of gone) for (let s = 0; s < 4; s++) removed.push({ [SUMMARY_KEY]: (b.k - origin) * 4 + s });
    return { op: "upsert", rows, removed };
  }
}
