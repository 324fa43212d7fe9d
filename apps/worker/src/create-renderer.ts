import type { ChunkPayload } from '@remaster/jobs';
import { rawPixelFormat, yuvPixelFormat } from '@remaster/media';
import type { FrameModels } from '@remaster/render';
import { FrameRenderer, type FusedModels } from '@remaster/render';
import type { FramePipes } from './frame-pipes.js';

/**
 * The chunk's models, on 16-bit frames when its output is 10-bit (payloads without a depth
 * are 8-bit). With `yuv` pipes the frames are the output's planar YUV (yuv420p or
 * yuv420p10le): the decoder gives that format (no RGB conversion in ffmpeg), the models'
 * RGB comes from the converter with the source's matrix and range, and the encoder takes
 * it as it is; a frame that runs whole and needs one model runs in its fused form (YUV in,
 * YUV out, one session). `fused` pipes are `yuv` when every model frame of the chunk runs
 * fused, else `rgb`. Odd-sized sources, and `rgb` pipes, keep swscale's conversion.
 */
export async function createRenderer(
  chunk: ChunkPayload,
  models: FrameModels,
  pipes: FramePipes,
): Promise<FrameRenderer> {
  const bitDepth = chunk.output.bitDepth ?? 8;
  const format = rawPixelFormat(bitDepth);
  const upscaler =
    chunk.upscale && (await models.upscaler(chunk.upscale.model, chunk.upscale.factor, format));
  const interpolator =
    chunk.interpolate && (await models.interpolator(chunk.interpolate.model, format));
  const { sourceWidth: width, sourceHeight: height } = chunk;
  // Learned restoration (denoise, deblock) runs first, on every frame, on packed RGB.
  const restorers = await Promise.all(
    (chunk.restore?.models ?? []).map(({ model, sigma }) =>
      models.restorer(model, format, sigma === undefined ? {} : { sigma }),
    ),
  );
  const base = {
    width,
    height,
    ...(restorers.length > 0 && { restorers }),
    range: chunk.colour.range,
    ...(upscaler ? { upscaler, factor: chunk.upscale?.factor ?? 1 } : {}),
    ...(interpolator ? { interpolator } : {}),
    format,
  };
  // 4:2:0 planes need even sides; an odd-sized source (allowed when upscaled) stays RGB.
  if (pipes === 'rgb' || width % 2 !== 0 || height % 2 !== 0) return new FrameRenderer(base);
  const { matrix, range } = chunk.colour;
  const form = { yuv: yuvPixelFormat(bitDepth), matrix, range };
  const fused: FusedModels = {};
  if (chunk.upscale && upscaler?.fitsWhole(width, height)) {
    const { model, factor } = chunk.upscale;
    const sr = await models.fused(model, { kind: 'sr', factor, form });
    if (sr) fused.upscaler = sr;
  }
  // Interpolated frames that are then upscaled stay RGB between the two models.
  if (chunk.interpolate && !upscaler && interpolator?.fitsWhole(width, height)) {
    const vfi = await models.fused(chunk.interpolate.model, { kind: 'vfi', form });
    if (vfi) fused.interpolator = vfi;
  }
  const allFused =
    (!chunk.upscale || fused.upscaler !== undefined) &&
    (!chunk.interpolate || fused.interpolator !== undefined);
  // A restoration model has no fused form: its frames would cross the conversion twice.
  if (pipes === 'fused' && (!allFused || restorers.length > 0)) return new FrameRenderer(base);
  const converter = await models.converter({ ...form, rgb: format });
  return new FrameRenderer({ ...base, converter, fused });
}
