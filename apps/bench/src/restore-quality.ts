// The restore bench's quality rows for the ffmpeg filters and deflicker, on the clips of
// restore-clips.ts: PSNR against the clean frames before and after the classical denoise
// (noise on RGB, noise on YUV) and deblock, and the variance of the frame means of the
// flickering clip before and after the planned gains.
import { DEFAULT_SCENE_THRESHOLD } from '@remaster/jobs';
import { applyGain, buildRestoreFilter, indexFrames, sceneCutsOf } from '@remaster/media';
import { AUTO_DEFLICKER_STRENGTH, deflickerGains, meanVariance } from '@remaster/planning';
import { psnr } from '@remaster/testing';
import type { RestoreClips } from './restore-clips.js';
import type { BenchDecode } from './restore-frames.js';
import { decodeFrames, studioLuma, yuvMeanLuma } from './restore-frames.js';
import type { QualityFigures } from './restore-report.js';

export interface QualityContext {
  readonly clips: RestoreClips;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly sigma: number;
  readonly jpegQuality: number;
}

/** Mean over frames of each frame's PSNR (dB). */
export function meanPsnr(frames: readonly Uint8Array[], reference: readonly Uint8Array[]): number {
  if (frames.length !== reference.length || frames.length === 0)
    throw new RangeError(`${frames.length} frames against ${reference.length} references`);
  const scores = frames.map((frame, k) => psnr(frame, reference[k]!));
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

/**
 * What a PSNR is taken over: every sample of rgb24 frames, the Y plane of yuv420p ones, or
 * the BT.601 luma computed from rgb24 ones.
 */
export type PsnrMeasure = 'rgb' | 'yuv-y' | 'rgb-y601';

const MEASURE_NAMES: Record<PsnrMeasure, string> = {
  rgb: 'PSNR RGB (dB)',
  'yuv-y': 'PSNR Y (dB)',
  'rgb-y601': 'PSNR Y, BT.601 from RGB (dB)',
};

export interface PsnrComparison {
  readonly degradation: string;
  readonly restoration: string;
  readonly degraded: readonly Uint8Array[];
  readonly restored: readonly Uint8Array[];
  readonly reference: readonly Uint8Array[];
  readonly measures: readonly PsnrMeasure[];
  /** Samples of the Y plane (yuv-y). */
  readonly lumaSamples?: number;
}

/** One row per measure: the mean PSNR of the degraded and of the restored frames. */
export function psnrRows(comparison: PsnrComparison): QualityFigures[] {
  const { degraded, restored, reference } = comparison;
  return comparison.measures.map((measure) => {
    const view = (frame: Uint8Array) =>
      measure === 'rgb'
        ? frame
        : measure === 'rgb-y601'
          ? studioLuma(frame)
          : frame.subarray(0, comparison.lumaSamples);
    const score = (frames: readonly Uint8Array[]) =>
      meanPsnr(frames.map(view), reference.map(view));
    return {
      degradation: comparison.degradation,
      restoration: comparison.restoration,
      frames: degraded.length,
      measure: MEASURE_NAMES[measure],
      before: score(degraded),
      after: score(restored),
    };
  });
}

/** The classical rows: denoise on RGB and YUV noise, deblock, deflicker. */
export async function classicalQuality(context: QualityContext): Promise<QualityFigures[]> {
  const { clips, frames, width, height, sigma } = context;
  const decode = (url: string, pixelFormat: 'rgb24' | 'yuv420p', filter?: string) => {
    const options: BenchDecode = { url, frames, fps: clips.fps, width, height, pixelFormat };
    return decodeFrames(filter === undefined ? options : { ...options, filter });
  };
  const denoise = buildRestoreFilter({ denoise: { sigma } })!;
  const deblock = buildRestoreFilter({ deblock: true })!;
  const filtered = async (url: string, format: 'rgb24' | 'yuv420p', filter: string) => ({
    degraded: await decode(url, format),
    restored: await decode(url, format, filter),
    restoration: `\`${filter}\``,
  });
  const rgbNoise = await filtered(clips.noisyRgb, 'rgb24', denoise);
  const yuvNoise = await filtered(clips.noisyYuv, 'yuv420p', denoise);
  const jpeg = await filtered(clips.jpeg, 'rgb24', deblock);
  return [
    ...psnrRows({
      ...rgbNoise,
      degradation: `Gaussian σ ${sigma} on R, G, B`,
      reference: clips.clean,
      measures: ['rgb'],
    }),
    ...psnrRows({
      ...yuvNoise,
      degradation: `Gaussian σ ${sigma} on Y, U, V`,
      reference: await decode(clips.cleanYuv, 'yuv420p'),
      measures: ['yuv-y'],
      lumaSamples: width * height,
    }),
    ...psnrRows({
      ...jpeg,
      degradation: `JPEG q${context.jpegQuality} (IJG tables)`,
      reference: clips.clean,
      measures: ['rgb', 'rgb-y601'],
    }),
    ...(await deflickerRows(context, decode)),
  ];
}

async function deflickerRows(
  context: QualityContext,
  decode: (url: string, format: 'yuv420p') => Promise<Buffer[]>,
): Promise<QualityFigures[]> {
  const { clips, frames, width, height } = context;
  const meansOf = (list: readonly Buffer[]) => list.map((f) => yuvMeanLuma(f, width, height));
  // The planner's way: its decode's luma means and scene cuts, then the gains over them.
  const index = await indexFrames(clips.flicker, { scan: true, restore: { luma: true } });
  const sceneStarts = sceneCutsOf(index.scan!, DEFAULT_SCENE_THRESHOLD);
  const flickering = await decode(clips.flicker, 'yuv420p');
  const before = meanVariance(meansOf(flickering));
  const unflickered = await decodeFrames({
    ...{ url: clips.source, frames, fps: clips.sourceFps, width, height },
    pixelFormat: 'yuv420p',
  });
  const natural = meanVariance(meansOf(unflickered));
  const runs = [
    { strength: 1, cuts: sceneStarts },
    { strength: AUTO_DEFLICKER_STRENGTH, cuts: sceneStarts },
    { strength: 1, cuts: [] },
  ];
  return runs.map(({ strength, cuts }) => {
    const gains = deflickerGains(index.restore!.luma!, { strength, sceneStarts: cuts });
    const evened = flickering.map((frame, k) =>
      applyGain(frame, { format: 'yuv420p', width, height, gain: gains[k]!, range: 'tv' }),
    );
    const scenes = cuts === sceneStarts ? `the scan's cuts [${cuts.join(', ')}]` : 'no cuts';
    return {
      degradation: `flicker ±15 % (unflickered clip: ${natural.toExponential(2)})`,
      restoration: `deflickerGains, strength ${strength}, ${scenes}; applyGain`,
      frames,
      measure: 'frame-mean luma variance',
      before,
      after: meanVariance(meansOf(evened)),
    };
  });
}
