// 1x restoration (denoise, deblock) on packed RGB frames (rgb24 or rgb48le): the same
// frame size out, in overlapping tiles when a frame is larger than the memory budget
// allows in one run (frame-tiler.ts, shared with the Upscaler).
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { FrameTiler, type TilingOptions } from './frame-tiler.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { checkFrameSize, type PixelFormat } from './pixel-format.js';

/** Options for {@link Restorer}. */
export interface RestorerOptions {
  /** Default overlap 32: a 17-layer DnCNN sees 17 pixels around each pixel, FFDNet 30. */
  tiling?: TilingOptions;
  /** Tile sides must be multiples of this (edges are replicated, then cropped); default 1. */
  padMultiple?: number;
  /** The frames' pixel format; default rgb24. */
  format?: PixelFormat;
  /**
   * Noise σ on the 0–255 scale (at any bit depth), for a model with a strength input
   * (FFDNet): fed as σ/255. Needed by such a model; a blind model ignores it.
   */
  sigma?: number;
  /** Names the model in error messages. */
  id?: string;
}

/** Largest σ a strength input is fed (FFDNet was trained on 0–75). */
const MAX_SIGMA = 75;

/**
 * The value a strength input takes for noise `sigma` (0–255 scale): σ/255.
 *
 * @throws ModelError MODEL_CONTRACT when `sigma` is absent: the model needs one.
 * @throws RangeError when it is outside [0, 75].
 */
export function strengthOf(sigma: number | undefined, model = 'the model'): number {
  if (sigma === undefined) {
    throw new ModelError(
      'MODEL_CONTRACT',
      `${model} takes a noise strength: give σ (0–${MAX_SIGMA} on the 0–255 scale, e.g. 5 for light grain, 15 for heavy noise), or use a blind restoration model`,
    );
  }
  if (!(sigma >= 0 && sigma <= MAX_SIGMA)) {
    throw new RangeError(`noise σ must be within [0, ${MAX_SIGMA}], got ${sigma}`);
  }
  return sigma / 255;
}

/**
 * Runs a restoration model (`[N,3,H,W]` and an optional strength input → `[N,3,H,W]`,
 * or its packed form) on packed RGB frames; the output is clamped and rounded.
 */
export class Restorer {
  private readonly runner: FrameRunner;
  private readonly tiler: FrameTiler;
  /** The value fed to the strength input (σ/255); undefined for a blind model. */
  private readonly strength: number | undefined;
  private readonly label: string;
  /** The pixel format of the frames it takes and returns. */
  readonly format: PixelFormat;

  /**
   * @param model - a loaded restoration session
   * @throws ModelError MODEL_CONTRACT when the session is not a restoration model, or
   *   takes a strength and `sigma` is absent
   */
  constructor(model: ModelSession, options: RestorerOptions = {}) {
    this.format = options.format ?? 'rgb24';
    this.label = options.id === undefined ? 'the model' : `model ${options.id}`;
    this.runner = new FrameRunner(model, 'restoration', this.format);
    const { strengthInput } = this.runner.contract;
    this.strength =
      strengthInput === undefined
        ? undefined
        : strengthOf(options.sigma, `${this.label} (input '${strengthInput}')`);
    this.tiler = new FrameTiler({
      scale: 1,
      format: this.format,
      padMultiple: options.padMultiple ?? 1,
      tiling: { overlap: 32, ...options.tiling },
    });
  }

  /** Whether the model takes a noise strength (FFDNet) rather than being blind. */
  get takesStrength(): boolean {
    return this.strength !== undefined;
  }

  /** Largest tile side in input pixels. */
  get tileSize(): number {
    return this.tiler.tileSize;
  }

  /** Whether a width×height frame runs as one model run at its own size (no tiles, no padding). */
  fitsWhole(width: number, height: number): boolean {
    return this.tiler.fitsWhole(width, height);
  }

  /** Restores one frame; resolves to a frame of the same size and format. */
  async restore(frame: Buffer, width: number, height: number): Promise<Buffer> {
    checkFrameSize(frame, this.format, width, height);
    return await this.tiler.run(frame, width, height, (frames) => this.run(frames));
  }

  private async run(frames: FrameBatch): Promise<FrameBatch> {
    const out = await this.runner.restoreBatch(frames, this.strength);
    if (out.width !== frames.width || out.height !== frames.height) {
      throw new ModelError(
        'MODEL_CONTRACT',
        `restoring ${frames.width}x${frames.height}: ${this.label} gave ${out.width}x${out.height}; a restoration model keeps the size (is it a super-resolution model?)`,
      );
    }
    return out;
  }
}
