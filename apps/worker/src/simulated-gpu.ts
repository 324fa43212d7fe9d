import { setTimeout as sleep } from 'node:timers/promises';
import {
  frameBytes,
  pixelBytes,
  yuvFrameBytes,
  type ModelKind,
  type PixelFormat,
  type PlanarYuvForm,
  type YuvConversion,
} from '@remaster/inference';
import type { FrameConverter, FrameModels, FusedModel } from '@remaster/render';

/**
 * A pretend GPU for scale benchmarks (SIMULATED_GPU_MS_PER_FRAME): each model run holds
 * the device for a fixed time with a timer, one run at a time per process as on one
 * GPU, and uses no CPU, so a benchmark measures the orchestration around the model:
 * ffmpeg, pipes, S3, Redis, BullMQ. The event loop turns while it waits, as it does
 * during a real run on the inference thread (a real run on the event loop did not).
 * Its frames are not restored: never for production.
 */
export class SimulatedGpu {
  /** When the device is free again (ms, performance.now clock). */
  private freeAt = 0;

  constructor(readonly msPerFrame: number) {}

  /**
   * Waits for the device, then holds it `msPerFrame`. Runs are booked back to back on
   * the clock, so a late timer does not slow the device down over a chunk.
   */
  async run(): Promise<void> {
    const now = performance.now();
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + this.msPerFrame;
    const wait = this.freeAt - now;
    if (wait >= 1) await sleep(wait);
  }
}

/** The model kinds a simulated GPU stands in for, with the frame shapes the real ones make. */
export class SimulatedModels implements FrameModels {
  constructor(private readonly gpu: SimulatedGpu) {}

  /** A ×`factor` upscaler: nearest-neighbour pixels after one device run. */
  upscaler(
    _id: string,
    factor: number,
    format: PixelFormat,
  ): Promise<{
    upscale(frame: Buffer, width: number, height: number): Promise<Buffer>;
    fitsWhole(): boolean;
  }> {
    return Promise.resolve({
      fitsWhole: () => true,
      upscale: async (frame, width, height) => {
        await this.gpu.run();
        return nearestUpscale(frame, width, height, factor, pixelBytes(format));
      },
    });
  }

  /** A restoration model: the frame as it came, after one device run. */
  restorer(): Promise<{ restore(frame: Buffer): Promise<Buffer> }> {
    return Promise.resolve({
      restore: async (frame) => {
        await this.gpu.run();
        return Buffer.from(frame);
      },
    });
  }

  providerOf(): string {
    return 'simulated';
  }

  /** An interpolator: the nearer source frame after one device run. */
  interpolator(
    _id: string,
    _format: PixelFormat,
  ): Promise<{
    interpolate(a: Buffer, b: Buffer, t: number, width: number, height: number): Promise<Buffer>;
    fitsWhole(): boolean;
  }> {
    return Promise.resolve({
      fitsWhole: () => true,
      interpolate: async (a, b, t) => {
        await this.gpu.run();
        return Buffer.from(t < 0.5 ? a : b);
      },
    });
  }

  /** Frames of the right sizes, black: the colour conversion is not what a scale run measures. */
  converter(conversion: YuvConversion): Promise<FrameConverter> {
    return Promise.resolve({
      conversion,
      toRgb: (_frame, width, height) =>
        Promise.resolve(Buffer.alloc(frameBytes(conversion.rgb, width, height))),
      toYuv: (_frame, width, height) =>
        Promise.resolve(Buffer.alloc(yuvFrameBytes(conversion.yuv, width, height))),
    });
  }

  /**
   * The fused form: one device run a frame, like the real one; upscaled frames are of the
   * right size and black, like the converter's, interpolated ones the nearer source frame.
   */
  fused(
    _id: string,
    options: { kind: ModelKind; factor?: number; form: PlanarYuvForm },
  ): Promise<FusedModel> {
    const factor = options.factor ?? 1;
    return Promise.resolve({
      upscale: async (_frame, width, height) => {
        await this.gpu.run();
        return Buffer.alloc(yuvFrameBytes(options.form.yuv, width * factor, height * factor));
      },
      interpolate: async (a, b, t) => {
        await this.gpu.run();
        return Buffer.from(t < 0.5 ? a : b);
      },
    });
  }

  /** None: no model is loaded (heartbeats show the worker without models). */
  loadedModels(): [] {
    return [];
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** A packed `frame` of width×height scaled by an integer factor, each pixel repeated. */
export function nearestUpscale(
  frame: Buffer,
  width: number,
  height: number,
  factor: number,
  bytesPerPixel = 3,
): Buffer {
  if (factor === 1) return Buffer.from(frame);
  const pixel = bytesPerPixel;
  const outWidth = width * factor;
  const out = Buffer.allocUnsafe(outWidth * height * factor * pixel);
  const row = Buffer.allocUnsafe(outWidth * pixel);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const from = (y * width + x) * pixel;
      for (let k = 0; k < factor; k += 1)
        frame.copy(row, (x * factor + k) * pixel, from, from + pixel);
    }
    for (let k = 0; k < factor; k += 1) row.copy(out, (y * factor + k) * outWidth * pixel);
  }
  return out;
}
