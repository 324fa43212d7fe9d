import type { Interpolator, PixelFormat, Upscaler, YuvFrameModel } from '@remaster/inference';
import type { RawPixelFormat } from '@remaster/media';
import { applyGain } from '@remaster/media';
import type { FrameOp } from '@remaster/retiming';
import { toNumber } from '@remaster/retiming';
import type { FrameConverter } from './frame-models.js';
import { isOutOfMemory } from './out-of-memory.js';

/** Models in their fused form: the pipes' planar YUV in and out, one session run a frame. */
export interface FusedModels {
  upscaler?: Pick<YuvFrameModel, 'upscale'>;
  interpolator?: Pick<YuvFrameModel, 'interpolate'>;
}

/** What a {@link FrameRenderer} renders with. */
export interface FrameRendererOptions {
  /** The source frames' size. */
  readonly width: number;
  readonly height: number;
  readonly upscaler?: Pick<Upscaler, 'upscale'>;
  readonly interpolator?: Pick<Interpolator, 'interpolate'>;
  /** The upscaler's factor; default 1. */
  readonly factor?: number;
  /** The models' packed RGB; default rgb24 (rgb48le keeps 10-bit precision). */
  readonly format?: PixelFormat;
  /** With one, the pipes carry its planar YUV, converted around the packed models. */
  readonly converter?: FrameConverter;
  /**
   * The same models fused with the conversion, for frames that run whole (no tiles,
   * no padding): with YUV pipes a frame that needs one model runs in one session.
   */
  readonly fused?: FusedModels;
  /**
   * Learned 1x restoration models (denoise, deblock) run in order on each source frame
   * before anything else, on packed RGB of `format` (DESIGN §10).
   */
  readonly restorers?: readonly FrameRestoreModel[];
  /** The pipes' YUV range, for a deflicker gain on YUV frames; default tv. */
  readonly range?: 'tv' | 'pc';
}

/** A 1x restoration model on packed RGB frames (`Restorer` of @remaster/inference). */
export interface FrameRestoreModel {
  restore(frame: Buffer, width: number, height: number): Promise<Buffer>;
}

/**
 * Makes one output frame from its recipe: interpolate at source resolution (cheaper),
 * then upscale. A source frame copied to several outputs is upscaled once. The models
 * work on packed RGB of `format`; with a `converter` the frames in and out are the pipes'
 * planar YUV, converted in onnxruntime around the models, a frame that needs no model
 * passes through unconverted, and one that needs a single model that has a fused form
 * runs in that (an out-of-memory run there falls back to the tiled path for good).
 */
export class FrameRenderer {
  private lastUpscaled: { source: number; frame: Buffer } | undefined;
  /** The RGB forms of the last source frames converted (an interpolated pair and a copy). */
  private readonly rgbSources = new Map<number, Promise<Buffer>>();
  /** The frames' format on the pipes: the converter's YUV, or the models' RGB. */
  readonly pipeFormat: RawPixelFormat;
  readonly format: PixelFormat;
  private readonly factor: number;
  private fused: FusedModels;

  constructor(private readonly options: FrameRendererOptions) {
    this.format = options.format ?? 'rgb24';
    this.factor = options.factor ?? 1;
    this.pipeFormat = options.converter?.conversion.yuv ?? this.format;
    this.fused = options.converter ? (options.fused ?? {}) : {};
  }

  /**
   * A decoded frame restored: its deflicker `gain` (1: none) on the pipes' frame, then the
   * learned restoration models on its RGB form (converted from and back to the pipes' YUV).
   */
  async restore(frame: Buffer, gain: number): Promise<Buffer> {
    const { width, height, restorers = [], converter } = this.options;
    const format = this.pipeFormat;
    // The pipes never carry 4:4:4 (see FrameRendererOptions.converter).
    if (format === 'yuv444p') throw new Error('a deflicker gain on yuv444p frames is not made');
    const evened =
      gain === 1
        ? frame
        : applyGain(frame, { format, width, height, gain, range: this.options.range ?? 'tv' });
    if (restorers.length === 0) return evened;
    let rgb = converter ? await converter.toRgb(evened, width, height) : evened;
    for (const restorer of restorers) rgb = await restorer.restore(rgb, width, height);
    return converter ? converter.toYuv(rgb, width, height) : rgb;
  }

  outputSize(width: number, height: number): { width: number; height: number } {
    return { width: width * this.factor, height: height * this.factor };
  }

  async render(op: FrameOp, source: (index: number) => Promise<Buffer>): Promise<Buffer> {
    if (op.kind === 'copy') return this.copySource(op.source, source);
    const { interpolator, upscaler, width, height } = this.options;
    if (!interpolator)
      throw new Error('an interpolated frame was planned but no interpolation model is loaded');
    const fused = this.fused.interpolator;
    if (fused && !upscaler) {
      const [a, b] = [await source(op.a), await source(op.b)];
      return fused.interpolate(a, b, toNumber(op.t), width, height);
    }
    const [a, b] = [await this.rgbSource(op.a, source), await this.rgbSource(op.b, source)];
    const middle = await interpolator.interpolate(a, b, toNumber(op.t), width, height);
    return this.toPipe(await this.upscale(middle));
  }

  private async copySource(
    index: number,
    source: (index: number) => Promise<Buffer>,
  ): Promise<Buffer> {
    if (!this.options.upscaler) return source(index);
    if (this.lastUpscaled?.source === index) return this.lastUpscaled.frame;
    const upscaled =
      (await this.fusedUpscale(await source(index))) ??
      (await this.toPipe(await this.upscale(await this.rgbSource(index, source))));
    this.lastUpscaled = { source: index, frame: upscaled };
    return upscaled;
  }

  /** The fused upscaler's frame; undefined without one, or once it ran out of memory. */
  private async fusedUpscale(frame: Buffer): Promise<Buffer | undefined> {
    const fused = this.fused.upscaler;
    if (!fused) return undefined;
    try {
      return await fused.upscale(frame, this.options.width, this.options.height);
    } catch (error) {
      if (!isOutOfMemory(error)) throw error;
      // The tiled path bounds memory (and shrinks its tiles further when it must).
      this.fused = { ...this.fused, upscaler: undefined };
      return undefined;
    }
  }

  /** Source frame `index` as the models take it; converted once while it is in use. */
  private rgbSource(index: number, source: (index: number) => Promise<Buffer>): Promise<Buffer> {
    const { converter, width, height } = this.options;
    if (!converter) return source(index);
    let rgb = this.rgbSources.get(index);
    if (rgb === undefined) {
      rgb = source(index).then((frame) => converter.toRgb(frame, width, height));
      this.rgbSources.set(index, rgb);
      // Frames are read in order, so only the newest few can be asked for again.
      for (const key of this.rgbSources.keys()) if (key < index - 1) this.rgbSources.delete(key);
    }
    return rgb;
  }

  private toPipe(frame: Buffer): Promise<Buffer> {
    const { converter, width, height } = this.options;
    if (!converter) return Promise.resolve(frame);
    const out = this.outputSize(width, height);
    return converter.toYuv(frame, out.width, out.height);
  }

  private async upscale(frame: Buffer): Promise<Buffer> {
    const { upscaler, width, height } = this.options;
    return upscaler ? upscaler.upscale(frame, width, height) : frame;
  }
}
