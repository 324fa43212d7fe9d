// Frame interpolation on packed RGB frames (rgb24 or rgb48le): any contract
// form (7-channel, three inputs, packed-wrapped), with padding for models
// that need size multiples.
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import type { ModelSession } from './model-session.js';
import { checkFrameSize, pixelBytes, type PixelFormat } from './pixel-format.js';
import { extractTile } from './tile-blender.js';

/** Options for {@link Interpolator}. */
export interface InterpolatorOptions {
  /**
   * Frame sides must be multiples of this (RIFE exports need 32 or 64); frames
   * are padded by replicating their edges and the result is cropped. Default 1.
   */
  padMultiple?: number;
  /** The frames' pixel format; default rgb24. */
  format?: PixelFormat;
}

/** Runs an interpolation model ([N,7,H,W], or A, B, timestep → [N,3,H,W]) on packed RGB frames. */
export class Interpolator {
  private readonly runner: FrameRunner;
  private readonly padMultiple: number;
  /** The pixel format of the frames it takes and returns. */
  readonly format: PixelFormat;

  /**
   * @param model - a loaded interpolation session
   * @throws ModelError MODEL_CONTRACT when the session is not an interpolation model
   */
  constructor(model: ModelSession, options: InterpolatorOptions = {}) {
    this.format = options.format ?? 'rgb24';
    this.runner = new FrameRunner(model, 'vfi', this.format);
    this.padMultiple = options.padMultiple ?? 1;
  }

  /** Whether a width×height frame runs at its own size (needs no padding). */
  fitsWhole(width: number, height: number): boolean {
    return width % this.padMultiple === 0 && height % this.padMultiple === 0;
  }

  /**
   * Synthesises the frame at time `t` between frames `a` (t = 0) and `b`
   * (t = 1); resolves to a frame of width×height in the same format.
   */
  async interpolate(
    a: Buffer,
    b: Buffer,
    t: number,
    width: number,
    height: number,
  ): Promise<Buffer> {
    if (!(t >= 0 && t <= 1)) throw new RangeError(`timestep must be within [0, 1], got ${t}`);
    for (const frame of [a, b]) checkFrameSize(frame, this.format, width, height);
    const padded = {
      width: Math.ceil(width / this.padMultiple) * this.padMultiple,
      height: Math.ceil(height / this.padMultiple) * this.padMultiple,
    };
    const bytesPerPixel = pixelBytes(this.format);
    const pad = (frame: Buffer): FrameBatch => ({
      data: padFrame(frame, width, height, padded, bytesPerPixel),
      count: 1,
      ...padded,
    });
    const out = await this.runner.interpolateBatch(pad(a), pad(b), [t]);
    if (out.width !== padded.width || out.height !== padded.height) {
      throw new Error(
        `interpolating ${padded.width}x${padded.height} at t=${t}: the model gave ${out.width}x${out.height}`,
      );
    }
    const result = padFrame(out.data, out.width, out.height, { width, height }, bytesPerPixel);
    // A view, not a copy: the array is this call's own.
    return Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  }
}

/** Pads (replicating edges) or crops a packed frame to `size`; the frame itself when the size matches. */
function padFrame(
  frame: Uint8Array,
  width: number,
  height: number,
  size: { width: number; height: number },
  bytesPerPixel: number,
): Uint8Array {
  if (size.width === width && size.height === height) return frame;
  const out = new Uint8Array(bytesPerPixel * size.width * size.height);
  extractTile(frame, width, height, { x: 0, y: 0, ...size }, out, 0, bytesPerPixel);
  return out;
}
