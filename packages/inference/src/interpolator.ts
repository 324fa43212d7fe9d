// Frame interpolation on rgb24 frames: any contract form (7-channel, three
// inputs, rgb24-wrapped), with padding for models that need size multiples.
import { FrameRunner, type Rgb24Batch } from './frame-runner.js';
import type { ModelSession } from './model-session.js';
import { extractTile } from './tile-blender.js';

/** Options for {@link Interpolator}. */
export interface InterpolatorOptions {
  /**
   * Frame sides must be multiples of this (RIFE exports need 32 or 64); frames
   * are padded by replicating their edges and the result is cropped. Default 1.
   */
  padMultiple?: number;
}

/** Runs an interpolation model ([N,7,H,W], or A, B, timestep → [N,3,H,W]) on rgb24 frames. */
export class Interpolator {
  private readonly runner: FrameRunner;
  private readonly padMultiple: number;

  /**
   * @param model - a loaded interpolation session
   * @throws ModelError MODEL_CONTRACT when the session is not an interpolation model
   */
  constructor(model: ModelSession, options: InterpolatorOptions = {}) {
    this.runner = new FrameRunner(model, 'vfi');
    this.padMultiple = options.padMultiple ?? 1;
  }

  /**
   * Synthesises the frame at time `t` between frames `a` (t = 0) and `b`
   * (t = 1); resolves to an rgb24 frame of width×height.
   */
  async interpolate(
    a: Buffer,
    b: Buffer,
    t: number,
    width: number,
    height: number,
  ): Promise<Buffer> {
    if (!(t >= 0 && t <= 1)) throw new RangeError(`timestep must be within [0, 1], got ${t}`);
    for (const frame of [a, b]) {
      if (frame.length !== 3 * width * height) {
        throw new RangeError(
          `rgb24 frame has ${frame.length} bytes, ${width}x${height} needs ${3 * width * height}`,
        );
      }
    }
    const padded = {
      width: Math.ceil(width / this.padMultiple) * this.padMultiple,
      height: Math.ceil(height / this.padMultiple) * this.padMultiple,
    };
    const pad = (frame: Buffer): Rgb24Batch => ({
      data: padFrame(frame, width, height, padded),
      count: 1,
      ...padded,
    });
    const out = await this.runner.interpolateBatch(pad(a), pad(b), [t]);
    if (out.width !== padded.width || out.height !== padded.height) {
      throw new Error(
        `interpolating ${padded.width}x${padded.height} at t=${t}: the model gave ${out.width}x${out.height}`,
      );
    }
    const result = padFrame(out.data, out.width, out.height, { width, height });
    // A view, not a copy: the array is this call's own.
    return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  }
}

/** Pads (replicating edges) or crops an rgb24 frame to `size`; the frame itself when the size matches. */
function padFrame(
  frame: Uint8Array,
  width: number,
  height: number,
  size: { width: number; height: number },
): Uint8Array {
  if (size.width === width && size.height === height) return frame;
  const out = new Uint8Array(3 * size.width * size.height);
  extractTile(frame, width, height, { x: 0, y: 0, ...size }, out);
  return out;
}
