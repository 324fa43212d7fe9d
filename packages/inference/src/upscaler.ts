// Super-resolution on packed RGB frames (rgb24 or rgb48le), in overlapping
// tiles when a frame is larger than the memory budget allows in one run
// (DESIGN.md §3; the tiling is frame-tiler.ts's, shared with the Restorer).
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { FrameTiler, type TilingOptions } from './frame-tiler.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { checkFrameSize, type PixelFormat } from './pixel-format.js';

export { tileSizeForBudget, type TilingOptions } from './frame-tiler.js';

/** Options for {@link Upscaler}. */
export interface UpscalerOptions {
  tiling?: TilingOptions;
  /** Tile sides must be multiples of this (edges are replicated, then cropped); default 1. */
  padMultiple?: number;
  /** The frames' pixel format; default rgb24. */
  format?: PixelFormat;
}

/** Runs a super-resolution model ([N,3,H,W] → [N,3,sH,sW], or its packed form) on packed RGB frames. */
export class Upscaler {
  private readonly runner: FrameRunner;
  private readonly tiler: FrameTiler;
  /** The pixel format of the frames it takes and returns. */
  readonly format: PixelFormat;

  /**
   * @param model - a loaded super-resolution session
   * @param scale - the model's integer upscale factor (e.g. 2 for bicubic-x2)
   * @throws ModelError MODEL_CONTRACT when the session is not a super-resolution model
   */
  constructor(
    model: ModelSession,
    readonly scale: number,
    options: UpscalerOptions = {},
  ) {
    if (!Number.isInteger(scale) || scale < 1) {
      throw new RangeError(`scale must be a positive integer, got ${scale}`);
    }
    this.format = options.format ?? 'rgb24';
    this.runner = new FrameRunner(model, 'sr', this.format);
    this.tiler = new FrameTiler({
      scale,
      format: this.format,
      padMultiple: options.padMultiple ?? 1,
      tiling: options.tiling ?? {},
    });
  }

  /** Largest tile side in input pixels. */
  get tileSize(): number {
    return this.tiler.tileSize;
  }

  /** Whether a width×height frame runs as one model run at its own size (no tiles, no padding). */
  fitsWhole(width: number, height: number): boolean {
    return this.tiler.fitsWhole(width, height);
  }

  /** Upscales one frame; resolves to a frame of (scale·width)×(scale·height), same format. */
  async upscale(frame: Buffer, width: number, height: number): Promise<Buffer> {
    checkFrameSize(frame, this.format, width, height);
    return await this.tiler.run(frame, width, height, (frames) => this.run(frames));
  }

  private async run(frames: FrameBatch): Promise<FrameBatch> {
    const out = await this.runner.upscaleBatch(frames);
    const expected = [this.scale * frames.width, this.scale * frames.height];
    if (out.width !== expected[0] || out.height !== expected[1]) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `upscaling ${frames.width}x${frames.height} by ${this.scale}: the model gave ${out.width}x${out.height}, expected ${expected[0]}x${expected[1]}; is it a ×${this.scale} model?`,
      );
    }
    return out;
  }
}
