/**
 * A summarised scatter's cells drawn as one raster layer over Vega's plot area (issue 17; see
 * chart-cells-spec.ts for which charts and why, chart-cells-raster.ts for the drawing). The layer
 * holds the chart's rows (Vega holds only those its scales come from: chart-cells-frame.ts) and is a
 * canvas laid exactly on the plot (pointer events go through to Vega's, so zoom and pan are Vega's),
 * redrawn from the rows, in the order Vega would draw them, at Vega's own scales, whenever the rows,
 * the scales or the plot's size change; each category's symbol is the one Vega encodes for it,
 * rasterised by Vega's own symbol drawing.
 */
import type { HeldRow } from "@streamz-ts/protocol";
import * as vega from "vega";
import { changeset, type Changeset, type Scene, type SceneItem, type View } from "vega";
import { drawable, FrameRows } from "./chart-cells-frame";
import { CellRaster, SPRITE_STEPS, SpriteSet } from "./chart-cells-raster";
import { CELLS_FRAME_SIGNAL, CELLS_PROBE_MARK, type CellsFields } from "./chart-cells-spec";

/** The parts of vega-scenegraph the layer draws with (not in Vega's typings). */
interface SymbolMarks {
  Marks: {
    symbol: {
      draw(context: CanvasRenderingContext2D, scene: { items: object[] }, bounds?: unknown): void;
      bound(bounds: Box, item: object): Box;
    };
  };
  Bounds: new () => Box;
}
interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** A symbol item's properties that make its look (the key its sprites are kept under). */
const LOOK = ["fill", "stroke", "opacity", "fillOpacity", "strokeOpacity", "strokeWidth", "size", "shape", "angle", "strokeDash"];

type Item = SceneItem & Record<string, unknown>;

/** The mark called `name` in a scenegraph, if any. */
function findMark(node: Scene | Item, name: string): Scene | undefined {
  if ((node as Scene).marktype !== undefined && (node as Scene).name === name) return node as Scene;
  for (const child of (node as { items?: (Scene | Item)[] }).items ?? []) {
    const found = typeof child === "object" && child !== null ? findMark(child, name) : undefined;
    if (found) return found;
  }
  return undefined;
}

/** Vega's symbol `item` at every sub-pixel offset on a sheet, as {@link SpriteSet} reads it. */
function spriteSheet(item: Item, ratio: number): SpriteSet {
  const { Marks, Bounds } = vega as unknown as SymbolMarks;
  const box = Marks.symbol.bound(new Bounds(), { ...item, x: 0, y: 0 });
  const half = Math.max(Math.abs(box.x1), Math.abs(box.x2), Math.abs(box.y1), Math.abs(box.y2), 0.5) * ratio;
  const cell = 2 * Math.ceil(half) + 4;
  const anchor = cell / 2;
  const canvas = document.createElement("canvas");
  canvas.width = cell * SPRITE_STEPS.x;
  canvas.height = cell * SPRITE_STEPS.y;
  // a canvas of the kind Vega draws on (not one kept for reading), so that it rasterises alike
  const context = canvas.getContext("2d")!;
  context.scale(ratio, ratio);
  for (let b = 0; b < SPRITE_STEPS.y; b++)
    for (let a = 0; a < SPRITE_STEPS.x; a++) {
      const x = (a * cell + anchor + a / SPRITE_STEPS.x) / ratio;
      const y = (b * cell + anchor + b / SPRITE_STEPS.y) / ratio;
      Marks.symbol.draw(context, { items: [{ ...item, x, y }] });
    }
  return new SpriteSet({ data: context.getImageData(0, 0, canvas.width, canvas.height).data, cell, anchor });
}

/** The raster layer of one Vega view. */
export class CellsLayer {
  /** The chart's rows, in the order Vega would draw them (appended as inserted). */
  private readonly rows = new Set<HeldRow>();
  /** The rows Vega holds. */
  private readonly frameRows = new FrameRows();
  private rowsVersion = 0;
  private canvas?: HTMLCanvasElement;
  private raster?: CellRaster;
  private image?: ImageData;
  /** Sprites by category, with the look and pixel ratio they were drawn for. */
  private readonly sprites = new Map<string, { look: string; set: SpriteSet }>();
  /** What the picture on the canvas was drawn from. */
  private drawn = "";
  /** A redraw asked for at the next animation frame. */
  private frame?: number;

  constructor(
    private readonly fields: CellsFields,
    private readonly view: View,
    private readonly host: HTMLElement,
  ) {
    // Zoom, pan and resizing move the scales without a change of ours: redraw at the next frame (a run
    // of ours draws at its end, and one run may move the scales more than once: a new y axis width
    // moves the plot, and Vega lays it out again).
    view.addSignalListener(CELLS_FRAME_SIGNAL, () => {
      this.frame ??= requestAnimationFrame(() => {
        this.frame = undefined;
        this.draw();
      });
    });
  }

  /** The chart's rows drawn (what Vega would hold without the layer). */
  get size(): number {
    return this.rows.size;
  }

  /** The chart's rows drawn. */
  all(): HeldRow[] {
    return [...this.rows];
  }

  /** The chart's rows are now `rows`; the changeset brings Vega's data set (empty or the layer's) along. */
  reset(rows: readonly object[]): Changeset {
    this.rows.clear();
    for (const r of rows) this.rows.add(r as HeldRow);
    this.rowsVersion++;
    return this.vegaChange();
  }

  /** The chart's rows had `removed` taken out and `inserted` appended; the changeset brings Vega's along. */
  change(inserted: readonly object[], removed: readonly object[]): Changeset {
    for (const r of removed) this.rows.delete(r as HeldRow);
    for (const r of inserted) this.rows.add(r as HeldRow);
    if (inserted.length > 0 || removed.length > 0) this.rowsVersion++;
    return this.vegaChange();
  }

  private vegaChange(): Changeset {
    const { insert, remove } = this.frameRows.update(this.rows, this.fields);
    const changes = changeset().insert(insert);
    return remove.length > 0 ? changes.remove(remove) : changes;
  }

  /** Takes the layer off the page. */
  dispose(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.canvas?.remove();
    this.canvas = undefined;
  }

  /** Draws the cells as Vega would now, unless nothing they are drawn from changed since the last time. */
  draw(): void {
    const view = this.view;
    const marks = this.host.querySelector<HTMLCanvasElement>("canvas.marks");
    if (!marks) return;
    const cssWidth = parseFloat(marks.style.width) || marks.width;
    const ratio = marks.width / cssWidth || 1;
    const pad = view.padding() as { left?: number; top?: number };
    const [ox, oy] = view.origin();
    const left = ox + (pad.left ?? 0);
    const top = oy + (pad.top ?? 0);
    const [width, height] = [view.width(), view.height()];
    if (!(Math.round(width * ratio) > 0 && Math.round(height * ratio) > 0)) return;
    const xs = view.scale("x") as unknown as ((v: unknown) => number) & { domain(): unknown[] };
    const ys = view.scale("y") as unknown as ((v: unknown) => number) & { domain(): unknown[] };
    // Vega's typings call the scenegraph a Scene; it is a Scenegraph, whose root is the top mark
    const probe = findMark((view.scenegraph() as unknown as { root: Scene }).root, CELLS_PROBE_MARK);
    if (!xs || !ys || !probe) return;
    const looks = (probe.items as unknown as Item[]).map((item) => [this.categoryOf(item.datum as HeldRow), item] as const);
    const lookKey = looks.map(([cat, item]) => cat + JSON.stringify(LOOK.map((p) => item[p]))).join("|");
    const frame = [this.rowsVersion, ratio, left, top, width, height, xs.domain(), ys.domain(), lookKey];
    const key = JSON.stringify(frame);
    if (key === this.drawn && this.canvas?.isConnected) return;
    this.drawn = key;
    const canvas = this.place(marks, left, top, width, height, ratio);
    for (const [cat, item] of looks) {
      const look = JSON.stringify([ratio, LOOK.map((p) => item[p])]);
      if (this.sprites.get(cat)?.look !== look) this.sprites.set(cat, { look, set: spriteSheet(item, ratio) });
    }
    const raster = this.raster!;
    const { x, y } = this.fields;
    const one = this.fields.category === undefined ? this.sprites.get("")?.set : undefined;
    for (const row of this.rows) {
      if (!drawable(row, this.fields)) continue;
      const sprites = one ?? this.sprites.get(this.categoryOf(row))?.set;
      if (sprites) raster.blend(sprites, xs(row[x]) * ratio, ys(row[y]) * ratio);
    }
    raster.takeInto(this.image!.data);
    canvas.getContext("2d")!.putImageData(this.image!, 0, 0);
  }

  private categoryOf(row: HeldRow | undefined): string {
    return this.fields.category === undefined ? "" : String(row?.[this.fields.category]);
  }

  /** The layer's canvas, laid on the plot area of Vega's canvas `marks` (made or moved as needed). */
  private place(marks: HTMLCanvasElement, left: number, top: number, width: number, height: number, ratio: number): HTMLCanvasElement {
    let canvas = this.canvas;
    if (canvas?.parentElement !== marks.parentElement) {
      canvas?.remove();
      canvas = this.canvas = document.createElement("canvas");
      canvas.className = "jp-StreamzChart-cells";
      canvas.style.position = "absolute";
      canvas.style.pointerEvents = "none";
      marks.after(canvas);
      const parent = marks.parentElement!;
      if (getComputedStyle(parent).position === "static") parent.style.position = "relative";
    }
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (canvas.width !== w || canvas.height !== h || !this.raster) {
      canvas.width = w;
      canvas.height = h;
      this.raster = new CellRaster(w, h);
      this.image = new ImageData(Math.max(1, w), Math.max(1, h));
    }
    // Vega's canvas offsets are read only when the plot moved or grew (reading them lays the page out)
    const box = JSON.stringify([left, top, width, height]);
    if (canvas.dataset.box !== box) {
      canvas.dataset.box = box;
      canvas.style.left = `${marks.offsetLeft + left}px`;
      canvas.style.top = `${marks.offsetTop + top}px`;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
    }
    return canvas;
  }
}
