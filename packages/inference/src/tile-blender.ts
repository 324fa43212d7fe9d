// Cuts rgb24 tiles out of a frame and blends upscaled tiles back together.
import { axisWeights, type TilePlan } from './tile-plan.js';

/**
 * Copies a tile of `tileWidth`×`tileHeight` at (x, y) out of an rgb24 frame
 * into `out` at byte `offset`. Pixels past the frame's edge repeat the edge
 * pixel (replicate padding), so a tile may hang over the frame.
 */
export function extractTile(
  frame: Uint8Array,
  frameWidth: number,
  frameHeight: number,
  tile: { x: number; y: number; width: number; height: number },
  out: Uint8Array,
  offset = 0,
): void {
  const inside = Math.min(tile.width, frameWidth - tile.x);
  if (inside <= 0 || tile.x < 0 || tile.y < 0 || tile.y >= frameHeight) {
    throw new RangeError(
      `a tile at (${tile.x}, ${tile.y}) lies outside a ${frameWidth}x${frameHeight} frame`,
    );
  }
  for (let row = 0; row < tile.height; row++) {
    const sourceRow = Math.min(tile.y + row, frameHeight - 1);
    const from = 3 * (sourceRow * frameWidth + tile.x);
    const to = offset + 3 * row * tile.width;
    out.set(frame.subarray(from, from + 3 * inside), to);
    for (let column = inside; column < tile.width; column++) {
      out.copyWithin(to + 3 * column, to + 3 * (inside - 1), to + 3 * inside);
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
  ) {
    this.outWidth = width * scale;
    this.outHeight = height * scale;
    this.sum = new Float32Array(3 * this.outWidth * this.outHeight);
    this.weightsX = axisWeights(plan.spansX, width, scale);
    this.weightsY = axisWeights(plan.spansY, height, scale);
  }

  /** Adds the upscaled tile of column `ix`, row `iy` (rgb24, the tile's full upscaled size). */
  add(ix: number, iy: number, tile: Uint8Array): void {
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

  /** The blended rgb24 frame. */
  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.sum.length);
    for (let i = 0; i < this.sum.length; i++) {
      // Weights sum to 1 up to float error, so the result can stray just past 255.
      const value = (this.sum[i]! + 0.5) | 0;
      out[i] = value > 255 ? 255 : value;
    }
    return out;
  }
}
