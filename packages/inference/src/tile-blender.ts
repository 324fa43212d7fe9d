// Cuts tiles out of packed RGB frames and blends upscaled tiles back together.
import { frameSamples, PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';
import { axisWeights, type AxisSpan, type TilePlan } from './tile-plan.js';

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

/** Runs [from, to) of output pixels along one axis. */
type Runs = Array<[number, number]>;

/**
 * Accumulates upscaled tiles with the separable weights of {@link axisWeights}
 * (12 bytes per output pixel) and rounds once at the end, so a pixel only
 * one tile covers comes out exactly as that tile computed it. Those pixels (weight 1 on
 * both axes, most of a frame) are copied row by row instead of weighted: the per-sample
 * JavaScript loop runs only over the overlaps.
 */
export class TileBlender {
  private readonly sum: Float32Array;
  private readonly out: Buffer;
  private readonly samples: ReturnType<typeof frameSamples>;
  private readonly weightsX: Float32Array[];
  private readonly weightsY: Float32Array[];
  /** Per span, the runs (in the span's own output pixels) where its weight is exactly 1. */
  private readonly soleX: Runs[];
  private readonly soleY: Runs[];
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
    this.out = Buffer.allocUnsafeSlow(this.sum.length * PIXEL_FORMATS[format].bytesPerSample);
    this.samples = frameSamples(this.out, format);
    this.weightsX = axisWeights(plan.spansX, width, scale);
    this.weightsY = axisWeights(plan.spansY, height, scale);
    this.soleX = this.weightsX.map(soleRuns);
    this.soleY = this.weightsY.map(soleRuns);
  }

  /** Adds the upscaled tile of column `ix`, row `iy` (its bytes, the tile's full upscaled size). */
  add(ix: number, iy: number, tileBytes: Uint8Array): void {
    const tile = frameSamples(tileBytes, this.format);
    const weightsX = this.weightsX[ix]!;
    const weightsY = this.weightsY[iy]!;
    const soleY = this.soleY[iy]!;
    const tileWidth = this.plan.spansX[ix]!.size * this.scale;
    const left = this.plan.spansX[ix]!.start * this.scale;
    const top = this.plan.spansY[iy]!.start * this.scale;
    const blendedX = complement(this.soleX[ix]!, weightsX.length);
    const everyColumn: Runs = [[0, weightsX.length]];
    for (let row = 0; row < weightsY.length; row++) {
      const target = 3 * ((top + row) * this.outWidth + left);
      const source = 3 * row * tileWidth;
      const sole = inRuns(soleY, row);
      if (sole) {
        for (const [from, to] of this.soleX[ix]!) {
          this.samples.set(tile.subarray(source + 3 * from, source + 3 * to), target + 3 * from);
        }
      }
      const weightY = weightsY[row]!;
      for (const [from, to] of sole ? blendedX : everyColumn) {
        for (let column = from; column < to; column++) {
          const weight = weightY * weightsX[column]!;
          let t = target + 3 * column;
          let s = source + 3 * column;
          this.sum[t++]! += weight * tile[s++]!;
          this.sum[t++]! += weight * tile[s++]!;
          this.sum[t]! += weight * tile[s]!;
        }
      }
    }
  }

  /** The blended frame, in the tiles' pixel format. */
  finish(): Buffer {
    const { maxSample: max } = PIXEL_FORMATS[this.format];
    const soleX = runsOfFrame(this.plan.spansX, this.soleX, this.scale, this.outWidth);
    const soleY = runsOfFrame(this.plan.spansY, this.soleY, this.scale, this.outHeight);
    const blendedX = complement(soleX, this.outWidth);
    const everyColumn: Runs = [[0, this.outWidth]];
    for (let row = 0; row < this.outHeight; row++) {
      for (const [from, to] of inRuns(soleY, row) ? blendedX : everyColumn) {
        for (let i = 3 * (row * this.outWidth + from); i < 3 * (row * this.outWidth + to); i++) {
          // Weights sum to 1 up to float error, so the result can stray just past the maximum.
          const value = (this.sum[i]! + 0.5) | 0;
          this.samples[i] = value > max ? max : value;
        }
      }
    }
    return this.out;
  }
}

/** The runs where a span's weight is exactly 1 (no other span counts there). */
function soleRuns(weights: Float32Array): Runs {
  const runs: Runs = [];
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] !== 1) continue;
    const last = runs.at(-1);
    if (last && last[1] === i) last[1] = i + 1;
    else runs.push([i, i + 1]);
  }
  return runs;
}

/** The runs of [0, length) outside `runs` (sorted, disjoint). */
function complement(runs: Runs, length: number): Runs {
  const rest: Runs = [];
  let at = 0;
  for (const [from, to] of runs) {
    if (from > at) rest.push([at, from]);
    at = to;
  }
  if (at < length) rest.push([at, length]);
  return rest;
}

/** Every span's sole runs in frame coordinates, clipped to the frame, sorted. */
function runsOfFrame(
  spans: readonly AxisSpan[],
  sole: Runs[],
  scale: number,
  length: number,
): Runs {
  return spans
    .flatMap((span, index) =>
      sole[index]!.map(([from, to]): [number, number] => [
        span.start * scale + from,
        Math.min(span.start * scale + to, length),
      ]),
    )
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
}

function inRuns(runs: Runs, position: number): boolean {
  return runs.some(([from, to]) => position >= from && position < to);
}
