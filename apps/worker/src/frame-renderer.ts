import type { Interpolator, PixelFormat, Upscaler } from '@remaster/inference';
import type { FrameOp } from '@remaster/retiming';
import { toNumber } from '@remaster/retiming';

/**
 * Makes one output frame from its recipe: interpolate at source resolution (cheaper),
 * then upscale. A source frame copied to several outputs is upscaled once. Its frames,
 * in and out, are of one pixel format: the models' (rgb48le keeps 10-bit precision).
 */
export class FrameRenderer {
  private lastUpscaled: { source: number; frame: Buffer } | undefined;

  constructor(
    private readonly sourceWidth: number,
    private readonly sourceHeight: number,
    private readonly upscaler?: Pick<Upscaler, 'upscale'>,
    private readonly interpolator?: Pick<Interpolator, 'interpolate'>,
    private readonly factor = 1,
    readonly format: PixelFormat = 'rgb24',
  ) {}

  outputSize(width: number, height: number): { width: number; height: number } {
    return { width: width * this.factor, height: height * this.factor };
  }

  async render(op: FrameOp, source: (index: number) => Promise<Buffer>): Promise<Buffer> {
    if (op.kind === 'copy') return this.upscaleSource(op.source, await source(op.source));
    if (!this.interpolator)
      throw new Error('an interpolated frame was planned but no interpolation model is loaded');
    const [a, b] = [await source(op.a), await source(op.b)];
    const middle = await this.interpolator.interpolate(
      a,
      b,
      toNumber(op.t),
      this.sourceWidth,
      this.sourceHeight,
    );
    return this.upscale(middle);
  }

  private async upscaleSource(index: number, frame: Buffer): Promise<Buffer> {
    if (this.lastUpscaled?.source === index) return this.lastUpscaled.frame;
    const upscaled = await this.upscale(frame);
    this.lastUpscaled = { source: index, frame: upscaled };
    return upscaled;
  }

  private async upscale(frame: Buffer): Promise<Buffer> {
    return this.upscaler
      ? this.upscaler.upscale(frame, this.sourceWidth, this.sourceHeight)
      : frame;
  }
}
