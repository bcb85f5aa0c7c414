/**
 * A scatter's raster layer draws without a browser (issue 17): symbols cut as sprites at sub-pixel
 * steps (1/64 pixel across, 1/4 down) and blended in order paint what drawing every symbol directly at its place paints (canvas
 * source-over, straight colours), overlapping and in two colours, cut off at the picture's edges.
 * The symbol here is a disc whose pixels are as covered as 4x4 samples in them say, for the sprites
 * and the direct drawing alike.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CellRaster, SPRITE_STEPS, SpriteSet } from "../../dist/src/chart-cells-raster.js";

const RADIUS = 2.6;
/** How much of pixel (px, py) a disc centred at (cx, cy) covers, by 4x4 samples. */
function coverage(px, py, cx, cy) {
  let n = 0;
  for (let i = 0; i < 4; i++)
    for (let j = 0; j < 4; j++) if ((px + (i + 0.5) / 4 - cx) ** 2 + (py + (j + 0.5) / 4 - cy) ** 2 <= RADIUS ** 2) n++;
  return n / 16;
}

/** A sheet of the disc in `rgb` at `alpha`, as getImageData gives it: 8-bit, not premultiplied. */
function sheet(rgb, alpha) {
  const cell = 10;
  const anchor = 5;
  const width = cell * SPRITE_STEPS.x;
  const data = new Uint8ClampedArray(width * cell * SPRITE_STEPS.y * 4);
  for (let b = 0; b < SPRITE_STEPS.y; b++)
    for (let a = 0; a < SPRITE_STEPS.x; a++)
      for (let y = 0; y < cell; y++)
        for (let x = 0; x < cell; x++) {
          const c = coverage(x, y, anchor + a / SPRITE_STEPS.x, anchor + b / SPRITE_STEPS.y) * alpha;
          if (c === 0) continue;
          const i = ((b * cell + y) * width + a * cell + x) * 4;
          data.set([...rgb, c * 255], i);
        }
  return { data, cell, anchor };
}

/** Every symbol drawn directly at its place, in order: canvas source-over on straight (not premultiplied) colours. */
function reference(width, height, symbols) {
  const out = new Float64Array(width * height * 4);
  for (const { rgb, alpha, x, y } of symbols)
    for (let py = 0; py < height; py++)
      for (let px = 0; px < width; px++) {
        const as = coverage(px, py, x, y) * alpha;
        if (as === 0) continue;
        const k = (py * width + px) * 4;
        const ad = out[k + 3];
        const ao = as + ad * (1 - as);
        for (let c = 0; c < 3; c++) out[k + c] = (rgb[c] * as + out[k + c] * ad * (1 - as)) / ao;
        out[k + 3] = ao;
      }
  for (let k = 3; k < out.length; k += 4) out[k] *= 255;
  return out;
}

/** The layer's picture of `symbols` (positions in device pixels from the picture's corner). */
function layer(width, height, symbols) {
  const raster = new CellRaster(width, height);
  const sets = new Map();
  for (const s of symbols) {
    const key = JSON.stringify([s.rgb, s.alpha]);
    if (!sets.has(key)) sets.set(key, new SpriteSet(sheet(s.rgb, s.alpha)));
    raster.blend(sets.get(key), s.x, s.y);
  }
  const out = new Uint8ClampedArray(width * height * 4);
  raster.takeInto(out);
  return { out, raster };
}

/** The largest difference of any channel of any pixel (colour counted only where the pixel is not clear). */
function largestDifference(a, b) {
  let most = 0;
  for (let k = 0; k < a.length; k += 4) {
    most = Math.max(most, Math.abs(a[k + 3] - b[k + 3]));
    if (a[k + 3] > 8 && b[k + 3] > 8) for (let c = 0; c < 3; c++) most = Math.max(most, Math.abs(a[k + c] - b[k + c]));
  }
  return most;
}

const BLUE = [25, 118, 210];
const ORANGE = [245, 133, 24];

describe("CellRaster", () => {
  it("paints what drawing each symbol at its place paints, overlapping, in two colours, in order", () => {
    // places on the steps: the sprites are those very symbols
    const symbols = [
      { rgb: BLUE, alpha: 0.7, x: 10, y: 8 },
      { rgb: BLUE, alpha: 0.7, x: 11.140625, y: 8.25 },
      { rgb: ORANGE, alpha: 0.7, x: 12.5, y: 9.75 },
      { rgb: BLUE, alpha: 0.7, x: 12.75, y: 10.25 },
      { rgb: ORANGE, alpha: 1, x: 20.625, y: 5.5 },
    ];
    const want = reference(30, 18, symbols);
    const { out } = layer(30, 18, symbols);
    // 8-bit sprites against exact arithmetic: a rounding or two
    assert.ok(largestDifference(out, want) <= 3, `largest difference ${largestDifference(out, want)}`);
    // and the order shows: the last blue disc over the orange one
    const k = (10 * 30 + 13) * 4;
    assert.ok(out[k + 2] > out[k], `blue on top at (13, 10): ${[...out.slice(k, k + 4)]}`);
  });

  it("puts a symbol between the steps at the nearest step, within 1/128 pixel across and 1/8 down of its place", () => {
    const at = (x, y) => layer(24, 16, [{ rgb: BLUE, alpha: 0.7, x, y }]).out;
    assert.deepEqual(at(9.3, 7.06), at(9.296875, 7.0));
    assert.deepEqual(at(9.32, 7.2), at(9.3125, 7.25));
    // against the symbol drawn exactly there: only edge pixels differ, and by a sliver's coverage
    const exact = reference(24, 16, [{ rgb: BLUE, alpha: 0.7, x: 9.3, y: 7.06 }]);
    assert.ok(largestDifference(at(9.3, 7.06), exact) <= 0.7 * 255 * 0.25, "within a sliver's coverage");
  });

  it("cuts off the parts outside the picture, and leaves it clear once taken", () => {
    const symbols = [
      { rgb: BLUE, alpha: 0.7, x: 0.5, y: 0.25 },
      { rgb: ORANGE, alpha: 0.7, x: 15.875, y: 11.75 },
      { rgb: BLUE, alpha: 0.7, x: -40, y: 3 },
      { rgb: BLUE, alpha: 0.7, x: Number.NaN, y: 3 },
    ];
    const { out, raster } = layer(16, 12, symbols);
    assert.ok(largestDifference(out, reference(16, 12, symbols)) <= 3);
    const again = new Uint8ClampedArray(16 * 12 * 4);
    raster.takeInto(again);
    assert.ok(
      again.every((v) => v === 0),
      "nothing left after the picture was taken",
    );
  });

  it("says what is wrong with a sheet or a picture of the wrong size", () => {
    assert.throws(
      () => new SpriteSet({ data: new Uint8ClampedArray(12), cell: 10, anchor: 5 }),
      /SpriteSet: a sheet of 640x40 pixels has 3/,
    );
    assert.throws(() => new CellRaster(2.5, 3), /CellRaster: a size of 2.5x3 pixels/);
    assert.throws(() => new CellRaster(4, 4).takeInto(new Uint8ClampedArray(4)), /CellRaster: 1 pixels to write into, 16 drawn/);
  });
});
