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
import { decodeFrames, yuvMeanLuma } from './restore-frames.js';
import type { QualityFigures } from './restore-report.js';

export interface QualityContext {
  readonly clips: RestoreClips;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  readonly sigma: number;
  readonly jpegQuality: number;
}

/** Mean over frames of each frame's PSNR (dB), of the first `length` bytes of each. */
export function meanPsnr(
  frames: readonly Uint8Array[],
  reference: readonly Uint8Array[],
  length?: number,
): number {
  if (frames.length !== reference.length || frames.length === 0)
    throw new RangeError(`${frames.length} frames against ${reference.length} references`);
  const scores = frames.map((frame, k) =>
    psnr(frame.subarray(0, length), reference[k]!.subarray(0, length)),
  );
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
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
  const rows: QualityFigures[] = [];
  const pair = async (
    degradation: string,
    restoration: string,
    input: { url: string; format: 'rgb24' | 'yuv420p'; filter: string },
    reference: readonly Buffer[],
  ) => {
    const luma = input.format === 'yuv420p' ? width * height : undefined;
    const before = meanPsnr(await decode(input.url, input.format), reference, luma);
    const after = meanPsnr(await decode(input.url, input.format, input.filter), reference, luma);
    const measure = luma === undefined ? 'PSNR RGB (dB)' : 'PSNR Y (dB)';
    rows.push({ degradation, restoration, frames, measure, before, after });
  };
  const rgbNoise = `Gaussian σ ${sigma} on R, G, B`;
  await pair(
    rgbNoise,
    `\`${denoise}\``,
    { url: clips.noisyRgb, format: 'rgb24', filter: denoise },
    clips.clean,
  );
  const cleanYuv = await decode(clips.cleanYuv, 'yuv420p');
  await pair(
    `Gaussian σ ${sigma} on Y, U, V`,
    `\`${denoise}\``,
    { url: clips.noisyYuv, format: 'yuv420p', filter: denoise },
    cleanYuv,
  );
  const jpeg = `JPEG q${context.jpegQuality} (IJG tables)`;
  await pair(
    jpeg,
    `\`${deblock}\``,
    { url: clips.jpeg, format: 'rgb24', filter: deblock },
    clips.clean,
  );
  rows.push(...(await deflickerRows(context, decode)));
  return rows;
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
