/**
 * The pixels of a summarised scatter (issue 17), computed without the canvas: every cell's symbol is
 * one small sprite, rasterised once per style and sub-pixel offset by Vega's own symbol drawing
 * (chart-cells-layer.ts), then blended here into a premultiplied float buffer, in the order Vega
 * would draw the items (later on top).
 *
 * Why not let Vega draw them: the canvas draws a symbol in 7 to 15 µs (a path, a fill, a stroke, each
 * composited on its own), and a scatter of a million rows holds tens of thousands of cells, every one
 * of which moves when the x domain slides with the stream; blending a sprite's few dozen pixels in
 * JavaScript costs about a microsecond. Source-over is associative, so a sprite holding a symbol's
 * fill and stroke already composited, blended over the picture, paints what drawing the fill and then
 * the stroke there paints (up to 8-bit rounding).
 *
 * Sprites are cut at 1/64 pixel steps across and 1/4 down: Chromium's canvas rasteriser takes a
 * pixel's coverage from four sub-scanlines, so a symbol moved by less than a quarter pixel down can
 * shift an edge by a whole sub-scanline, while across it moves smoothly. Cut so, a sprite paints the
 * edges of the symbol drawn at its place as that drawing does (isolated discs: about 2% of their
 * pixels differ by more than 8 levels of 255, against 18% for sprites cut at 1/8 pixel both ways), and
 * on any rasteriser a symbol lands within 1/128 pixel across and 1/8 pixel down of its place.
 */

/** Sub-pixel steps per device pixel, across and down, at which sprites are cut. */
export const SPRITE_STEPS = { x: 64, y: 4 } as const;

/**
 * A sheet of one symbol drawn at every sub-pixel offset: RGBA pixels (not premultiplied, as
 * `getImageData` gives them), `SPRITE_STEPS.x` columns and `SPRITE_STEPS.y` rows of `cell` x `cell`
 * pixels; the cell at column a, row b holds the symbol centred at
 * (anchor + a / SPRITE_STEPS.x, anchor + b / SPRITE_STEPS.y).
 */
export interface SpriteSheet {
  data: Uint8ClampedArray;
  cell: number;
  anchor: number;
}

/** One sprite: its painted pixels only, as offsets from the symbol's pixel and premultiplied colours. */
interface Sprite {
  dx: Int16Array;
  dy: Int16Array;
  /** r, g, b, a per pixel, premultiplied, 0 to 1. */
  rgba: Float32Array;
}

/** The sprites of one symbol style, one per sub-pixel offset. */
export class SpriteSet {
  private readonly sprites: Sprite[] = [];

  constructor(sheet: SpriteSheet) {
    const { data, cell, anchor } = sheet;
    const width = cell * SPRITE_STEPS.x;
    const height = cell * SPRITE_STEPS.y;
    if (data.length !== width * height * 4) throw new RangeError(`SpriteSet: a sheet of ${width}x${height} pixels has ${data.length / 4}`);
    for (let b = 0; b < SPRITE_STEPS.y; b++)
      for (let a = 0; a < SPRITE_STEPS.x; a++) {
        const dx: number[] = [];
        const dy: number[] = [];
        const rgba: number[] = [];
        for (let y = 0; y < cell; y++)
          for (let x = 0; x < cell; x++) {
            const i = ((b * cell + y) * width + a * cell + x) * 4;
            const alpha = data[i + 3]! / 255;
            if (alpha === 0) continue;
            dx.push(x - anchor);
            dy.push(y - anchor);
            rgba.push((data[i]! / 255) * alpha, (data[i + 1]! / 255) * alpha, (data[i + 2]! / 255) * alpha, alpha);
          }
        this.sprites[b * SPRITE_STEPS.x + a] = { dx: Int16Array.from(dx), dy: Int16Array.from(dy), rgba: Float32Array.from(rgba) };
      }
  }

  /** The sprite for a symbol whose centre is `fx`, `fy` steps (see `SPRITE_STEPS`) past a pixel's corner. */
  at(fx: number, fy: number): Sprite {
    return this.sprites[fy * SPRITE_STEPS.x + fx]!;
  }
}

/**
 * A picture of `width` x `height` device pixels that symbols are blended into, in order, then taken
 * out (which leaves it transparent for the next one: one pass over the pixels per picture, not two).
 */
export class CellRaster {
  /** Premultiplied r, g, b, a per pixel, 0 to 1. */
  private readonly acc: Float32Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    if (!(width >= 0 && height >= 0 && Number.isInteger(width) && Number.isInteger(height)))
      throw new RangeError(`CellRaster: a size of ${width}x${height} pixels`);
    this.acc = new Float32Array(width * height * 4);
  }

  /**
   * Blends `sprites`' symbol centred at device pixel position (`x`, `y`) (from the picture's top left
   * corner) over what is drawn; the parts outside the picture are cut off.
   */
  blend(sprites: SpriteSet, x: number, y: number): void {
    const qx = Math.round(x * SPRITE_STEPS.x);
    const qy = Math.round(y * SPRITE_STEPS.y);
    if (!Number.isFinite(qx) || !Number.isFinite(qy)) return;
    const px = Math.floor(qx / SPRITE_STEPS.x);
    const py = Math.floor(qy / SPRITE_STEPS.y);
    const { dx, dy, rgba } = sprites.at(qx - px * SPRITE_STEPS.x, qy - py * SPRITE_STEPS.y);
    const { width, height, acc } = this;
    for (let i = 0; i < dx.length; i++) {
      const tx = px + dx[i]!;
      const ty = py + dy[i]!;
      if (tx < 0 || ty < 0 || tx >= width || ty >= height) continue;
      const k = (ty * width + tx) * 4;
      const s = i * 4;
      const keep = 1 - rgba[s + 3]!;
      acc[k] = rgba[s]! + acc[k]! * keep;
      acc[k + 1] = rgba[s + 1]! + acc[k + 1]! * keep;
      acc[k + 2] = rgba[s + 2]! + acc[k + 2]! * keep;
      acc[k + 3] = rgba[s + 3]! + acc[k + 3]! * keep;
    }
  }

  /**
   * Moves the picture into `out` as `ImageData` wants it (RGBA bytes, not premultiplied) and makes
   * every pixel transparent again.
   */
  takeInto(out: Uint8ClampedArray): void {
    const { acc } = this;
    if (out.length !== acc.length) throw new RangeError(`CellRaster: ${out.length / 4} pixels to write into, ${acc.length / 4} drawn`);
    for (let k = 0; k < acc.length; k += 4) {
      const a = acc[k + 3]!;
      if (a === 0) {
        out[k] = out[k + 1] = out[k + 2] = out[k + 3] = 0;
        continue;
      }
      const to255 = 255 / a;
      out[k] = acc[k]! * to255;
      out[k + 1] = acc[k + 1]! * to255;
      out[k + 2] = acc[k + 2]! * to255;
      out[k + 3] = a * 255;
      acc[k] = acc[k + 1] = acc[k + 2] = acc[k + 3] = 0;
    }
  }
}
