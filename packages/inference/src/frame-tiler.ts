// Runs a model on a packed RGB frame (rgb24 or rgb48le) whole, or in overlapping tiles
// blended back together when it is larger than the memory budget allows in one run
// (DESIGN.md §3). Upscaler and Restorer share it; only the model run differs.
import type { FrameBatch } from './frame-runner.js';
import { pixelBytes, type PixelFormat } from './pixel-format.js';
import { extractTile, TileBlender } from './tile-blender.js';
import { planTiles, type TilePlan } from './tile-plan.js';

/** How frames are cut into tiles. Every field has a default. */
export interface TilingOptions {
  /**
   * Largest tile side in input pixels; default: derived from `memoryBudgetBytes`, and then a
   * frame of no more pixels than such a square tile runs whole, whatever its sides.
   */
  tileSize?: number;
  /** Least overlap of neighbouring tiles in input pixels; default 16. */
  overlap?: number;
  /** Memory one model run may use; default 256 MiB. */
  memoryBudgetBytes?: number;
  /**
   * Working memory per input pixel of a tile; default 1 KiB, about what a
   * 64-feature float32 network such as Real-ESRGAN's compact one keeps live.
   */
  bytesPerPixel?: number;
  /** Tiles per model run; default 1 (batching pays on GPUs, hardly on CPUs). */
  batchSize?: number;
}

const MIB = 1024 * 1024;

/**
 * The tile side a memory budget allows: budget / (batch · bytes per pixel),
 * square-rooted and rounded down to a multiple of 8 (and of `padMultiple`).
 */
export function tileSizeForBudget(tiling: TilingOptions = {}, padMultiple = 1): number {
  if (tiling.tileSize !== undefined) return tiling.tileSize;
  const budget = tiling.memoryBudgetBytes ?? 256 * MIB;
  const perPixel = (tiling.bytesPerPixel ?? 1024) * (tiling.batchSize ?? 1);
  const multiple = lcm(8, padMultiple);
  return Math.max(multiple, Math.floor(Math.sqrt(budget / perPixel) / multiple) * multiple);
}

/** One model run on a batch of equal frames (tiles); the output `scale` times larger. */
export type BatchRun = (frames: FrameBatch) => Promise<FrameBatch>;

/** Cuts frames into tiles for a model of integer `scale` (1 for restoration). */
export class FrameTiler {
  /** Largest tile side in input pixels. */
  readonly tileSize: number;
  /**
   * Frames of at most this many (padded) pixels run whole: the memory budget is per
   * pixel, so a 640x360 frame fits the budget of a 512-pixel square tile. 0 when
   * `tileSize` was given (a side the caller chose, e.g. after running out of memory).
   */
  private readonly wholeFramePixels: number;
  private readonly overlap: number;
  private readonly batchSize: number;

  constructor(
    private readonly options: {
      readonly scale: number;
      readonly format: PixelFormat;
      readonly padMultiple: number;
      readonly tiling: TilingOptions;
    },
  ) {
    const { tiling, padMultiple } = options;
    this.overlap = tiling.overlap ?? 16;
    this.batchSize = Math.max(1, tiling.batchSize ?? 1);
    this.tileSize = tileSizeForBudget(tiling, padMultiple);
    this.wholeFramePixels = tiling.tileSize === undefined ? this.tileSize * this.tileSize : 0;
  }

  /** Whether a width×height frame runs as one model run at its own size (no tiles, no padding). */
  fitsWhole(width: number, height: number): boolean {
    return runsWhole(this.plan(width, height), width, height);
  }

  /** The frame through `run`: whole when it fits, else tile by tile, blended. */
  async run(frame: Buffer, width: number, height: number, run: BatchRun): Promise<Buffer> {
    const plan = this.plan(width, height);
    if (runsWhole(plan, width, height)) {
      const out = await run({ data: frame, count: 1, width, height });
      return Buffer.from(out.data.buffer, out.data.byteOffset, out.data.byteLength);
    }
    return this.runTiles(frame, width, height, plan, run);
  }

  private plan(width: number, height: number): TilePlan {
    const { padMultiple } = this.options;
    const padded = (side: number) => Math.ceil(side / padMultiple) * padMultiple;
    const whole = padded(width) * padded(height) <= this.wholeFramePixels;
    return planTiles({
      width,
      height,
      maxTile: whole ? Math.max(padded(width), padded(height), this.tileSize) : this.tileSize,
      overlap: this.overlap,
      multiple: padMultiple,
    });
  }

  private async runTiles(
    frame: Buffer,
    width: number,
    height: number,
    plan: TilePlan,
    run: BatchRun,
  ): Promise<Buffer> {
    const { scale, format } = this.options;
    const tileWidth = plan.spansX[0]!.size;
    const tileHeight = plan.spansY[0]!.size;
    const tiles = plan.spansY.flatMap((y, iy) =>
      plan.spansX.map((x, ix) => ({ ix, iy, x: x.start, y: y.start })),
    );
    const blender = new TileBlender(plan, width, height, scale, format);
    const tileBytes = pixelBytes(format) * tileWidth * tileHeight;
    const batch = new Uint8Array(Math.min(this.batchSize, tiles.length) * tileBytes);
    for (let first = 0; first < tiles.length; first += this.batchSize) {
      const group = tiles.slice(first, first + this.batchSize);
      group.forEach((tile, index) =>
        extractTile(
          frame,
          width,
          height,
          { ...tile, width: tileWidth, height: tileHeight },
          batch,
          index * tileBytes,
          pixelBytes(format),
        ),
      );
      const data = batch.subarray(0, group.length * tileBytes);
      const out = await run({ data, count: group.length, width: tileWidth, height: tileHeight });
      const outBytes = tileBytes * scale * scale;
      group.forEach(({ ix, iy }, index) =>
        blender.add(ix, iy, out.data.subarray(index * outBytes, (index + 1) * outBytes)),
      );
    }
    return blender.finish();
  }
}

function runsWhole(plan: TilePlan, width: number, height: number): boolean {
  const [spanX] = plan.spansX;
  const [spanY] = plan.spansY;
  if (spanX === undefined || spanY === undefined) throw new Error('tile plan is empty');
  const single = plan.spansX.length === 1 && plan.spansY.length === 1;
  return single && spanX.size === width && spanY.size === height;
}

function lcm(a: number, b: number): number {
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a / gcd(a, b)) * b;
}
