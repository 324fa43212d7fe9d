// 1x restoration (denoise, deblock) on packed RGB frames (rgb24 or rgb48le), whole or in
// overlapping tiles like super-resolution (DESIGN §10; the tiling is frame-tiler.ts's).
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { FrameTiler, type TilingOptions } from './frame-tiler.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { checkFrameSize, type PixelFormat } from './pixel-format.js';

/** Options for {@link Restorer}. */
export interface RestorerOptions {
  tiling?: TilingOptions;
  /** The frames' pixel format; default rgb24. */
  format?: PixelFormat;
  /**
   * The noise σ on the 0–255 scale, for a model with a strength input (FFDNet's `sigma`,
   * fed as σ/255); a blind model takes none.
   */
  sigma?: number;
}

/** The value a strength input is fed for noise σ (0–255 scale): σ/255. */
export function strengthOf(sigma: number | undefined): number | undefined {
  if (sigma === undefined) return undefined;
  if (!(Number.isFinite(sigma) && sigma >= 0 && sigma <= 255))
    throw new RangeError(`sigma must be from 0 to 255, got ${sigma}`);
  return sigma / 255;
}

/** Runs a 1x restoration model ([N,3,H,W] (+ strength) → [N,3,H,W]) on packed RGB frames. */
export class Restorer {
  private readonly runner: FrameRunner;
  private readonly tiler: FrameTiler;
  private readonly strength: number | undefined;
  /** The pixel format of the frames it takes and returns. */
  readonly format: PixelFormat;

  /**
   * @throws ModelError MODEL_CONTRACT when the session is not a restoration model, or takes
   *   a strength and no `sigma` is given
   */
  constructor(model: ModelSession, options: RestorerOptions = {}) {
    this.format = options.format ?? 'rgb24';
    this.runner = new FrameRunner(model, 'restoration', this.format);
    const { strengthInput } = this.runner.contract;
    if (strengthInput !== undefined && options.sigma === undefined) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `the model takes a noise strength (input '${strengthInput}'): give a sigma (restore.denoise.strength)`,
      );
    }
    this.strength = strengthInput === undefined ? undefined : strengthOf(options.sigma);
    this.tiler = new FrameTiler({
      scale: 1,
      format: this.format,
      padMultiple: 1,
      tiling: options.tiling ?? {},
    });
  }

  /** Whether a width×height frame runs as one model run (no tiles). */
  fitsWhole(width: number, height: number): boolean {
    return this.tiler.fitsWhole(width, height);
  }

  /** Restores one frame; resolves to a frame of the same size and format (clamped). */
  async restore(frame: Buffer, width: number, height: number): Promise<Buffer> {
    checkFrameSize(frame, this.format, width, height);
    return await this.tiler.run(frame, width, height, (frames) => this.run(frames));
  }

  private async run(frames: FrameBatch): Promise<FrameBatch> {
    const out = await this.runner.restoreBatch(frames, this.strength);
    if (out.width !== frames.width || out.height !== frames.height) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `restoring ${frames.width}x${frames.height}: the model gave ${out.width}x${out.height}; a restoration model keeps the size`,
      );
    }
    return out;
  }
}
