import type { Interpolator, PixelFormat, Upscaler } from '@remaster/inference';
import type { RawPixelFormat } from '@remaster/media';
import type { FrameOp } from '@remaster/retiming';
import { toNumber } from '@remaster/retiming';
import type { FrameConverter } from './frame-models.js';

/**
 * Makes one output frame from its recipe: interpolate at source resolution (cheaper),
 * then upscale. A source frame copied to several outputs is upscaled once. The models
 * work on packed RGB of `format` (rgb48le keeps 10-bit precision); with a `converter`
 * the frames in and out are the pipes' planar YUV, converted in onnxruntime around the
 * models, and a frame that needs no model passes through unconverted.
 */
export class FrameRenderer {
  private lastUpscaled: { source: number; frame: Buffer } | undefined;
  /** The RGB forms of the last source frames converted (an interpolated pair and a copy). */
  private readonly rgbSources = new Map<number, Promise<Buffer>>();
  /** The frames' format on the pipes: the converter's YUV, or the models' RGB. */
  readonly pipeFormat: RawPixelFormat;

  constructor(
    private readonly sourceWidth: number,
    private readonly sourceHeight: number,
    private readonly upscaler?: Pick<Upscaler, 'upscale'>,
    private readonly interpolator?: Pick<Interpolator, 'interpolate'>,
    private readonly factor = 1,
    readonly format: PixelFormat = 'rgb24',
    private readonly converter?: FrameConverter,
  ) {
    this.pipeFormat = converter?.conversion.yuv ?? format;
  }

  outputSize(width: number, height: number): { width: number; height: number } {
    return { width: width * this.factor, height: height * this.factor };
  }

  async render(op: FrameOp, source: (index: number) => Promise<Buffer>): Promise<Buffer> {
    if (op.kind === 'copy') return this.copySource(op.source, source);
    if (!this.interpolator)
      throw new Error('an interpolated frame was planned but no interpolation model is loaded');
    const [a, b] = [await this.rgbSource(op.a, source), await this.rgbSource(op.b, source)];
    const middle = await this.interpolator.interpolate(
      a,
      b,
      toNumber(op.t),
      this.sourceWidth,
      this.sourceHeight,
    );
    return this.toPipe(await this.upscale(middle));
  }

  private async copySource(
    index: number,
    source: (index: number) => Promise<Buffer>,
  ): Promise<Buffer> {
    if (!this.upscaler) return source(index);
    if (this.lastUpscaled?.source === index) return this.lastUpscaled.frame;
    const upscaled = await this.toPipe(await this.upscale(await this.rgbSource(index, source)));
    this.lastUpscaled = { source: index, frame: upscaled };
    return upscaled;
  }

  /** Source frame `index` as the models take it; converted once while it is in use. */
  private rgbSource(index: number, source: (index: number) => Promise<Buffer>): Promise<Buffer> {
    const converter = this.converter;
    if (!converter) return source(index);
    let rgb = this.rgbSources.get(index);
    if (rgb === undefined) {
      rgb = source(index).then((frame) =>
        converter.toRgb(frame, this.sourceWidth, this.sourceHeight),
      );
      this.rgbSources.set(index, rgb);
      // Frames are read in order, so only the newest few can be asked for again.
      for (const key of this.rgbSources.keys()) if (key < index - 1) this.rgbSources.delete(key);
    }
    return rgb;
  }

  private toPipe(frame: Buffer): Promise<Buffer> {
    if (!this.converter) return Promise.resolve(frame);
    const { width, height } = this.outputSize(this.sourceWidth, this.sourceHeight);
    return this.converter.toYuv(frame, width, height);
  }

  private async upscale(frame: Buffer): Promise<Buffer> {
    return this.upscaler
      ? this.upscaler.upscale(frame, this.sourceWidth, this.sourceHeight)
      : frame;
  }
}
