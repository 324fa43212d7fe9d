// Cuts tiles out of packed RGB frames and blends upscaled tiles back together.
import { frameSamples, PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';
import { axisWeights, type TilePlan } from './tile-plan.js';

/**
 * Copies a tile of `tile.width`×`tile.height` at (x, y) out of a packed frame
 * of `bytesPerPixel` bytes a pixel (3 for rgb24, 6 for rgb48le) into `out` at
 * byte `offset`. Pixels past the frame's edge repeat the edge pixel
 * (replicate padding), so a tile may hang over the frame.
 */
export function extractTile(
  frame: Uint8Array,
  frameWidth: number,
  frameHeight: number,
  tile: { x: number; y: number; width: number; height: number },
  out: Uint8Array,
  offset = 0,
  bytesPerPixel = 3,
): void {
  const inside = Math.min(tile.width, frameWidth - tile.x);
  if (inside <= 0 || tile.x < 0 || tile.y < 0 || tile.y >= frameHeight) {
    throw new RangeError(
      `a tile at (${tile.x}, ${tile.y}) lies outside a ${frameWidth}x${frameHeight} frame`,
    );
  }
  const pixel = bytesPerPixel;
  for (let row = 0; row < tile.height; row++) {
    const sourceRow = Math.min(tile.y + row, frameHeight - 1);
    const from = pixel * (sourceRow * frameWidth + tile.x);
    const to = offset + pixel * row * tile.width;
    out.set(frame.subarray(from, from + pixel * inside), to);
    for (let column = inside; column < tile.width; column++) {
      out.copyWithin(to + pixel * column, to + pixel * (inside - 1), to + pixel * inside);
    }
  }
}

/**
 * Accumulates upscaled tiles with the separable weights of {@link axisWeights}
 * (12 bytes per output pixel) and rounds once at the end, so a pixel only
 * one tile covers comes out exactly as that tile computed it.
 */
export class TileBlender {
  private readonly sum: Float32Array;
  private readonly weightsX: Float32Array[];
  private readonly weightsY: Float32Array[];
  readonly outWidth: number;
  readonly outHeight: number;

  constructor(
    private readonly plan: TilePlan,
    width: number,
    height: number,
    private readonly scale: number,
    private readonly format: PixelFormat = 'rgb24',
  ) {
    this.outWidth = width * scale;
    this.outHeight = height * scale;
    this.sum = new Float32Array(3 * this.outWidth * this.outHeight);
    this.weightsX = axisWeights(plan.spansX, width, scale);
    this.weightsY = axisWeights(plan.spansY, height, scale);
  }

  /** Adds the upscaled tile of column `ix`, row `iy` (its bytes, the tile's full upscaled size). */
  add(ix: number, iy: number, tileBytes: Uint8Array): void {
    const tile = frameSamples(tileBytes, this.format);
    const spanX = this.plan.spansX[ix]!;
    const spanY = this.plan.spansY[iy]!;
    const weightsX = this.weightsX[ix]!;
    const weightsY = this.weightsY[iy]!;
    const tileWidth = spanX.size * this.scale;
    const left = spanX.start * this.scale;
    const top = spanY.start * this.scale;
    for (let row = 0; row < weightsY.length; row++) {
      const weightY = weightsY[row]!;
      let target = 3 * ((top + row) * this.outWidth + left);
      let source = 3 * row * tileWidth;
      for (let column = 0; column < weightsX.length; column++) {
        const weight = weightY * weightsX[column]!;
        this.sum[target++]! += weight * tile[source++]!;
        this.sum[target++]! += weight * tile[source++]!;
        this.sum[target++]! += weight * tile[source++]!;
      }
    }
  }

  /** The blended frame, in the tiles' pixel format. */
  finish(): Buffer {
    const { bytesPerSample, maxSample: max } = PIXEL_FORMATS[this.format];
    const bytes = Buffer.allocUnsafeSlow(this.sum.length * bytesPerSample);
    const out = frameSamples(bytes, this.format);
    for (let i = 0; i < this.sum.length; i++) {
      // Weights sum to 1 up to float error, so the result can stray just past the maximum.
      const value = (this.sum[i]! + 0.5) | 0;
      out[i] = value > max ? max : value;
    }
    return bytes;
  }
}
