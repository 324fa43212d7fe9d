// The restore bench's clips, all from one cut of a real clip scaled to the bench's size:
// the cut itself (H.264, what a worker decodes), and from its frames a σ-noisy copy in RGB
// and one in YUV (each with its clean reference), a JPEG copy and a flickering copy.
import { join } from 'node:path';
import type { Rational } from '@remaster/media';
import { runProcess } from '@remaster/media';
import { rational } from '@remaster/retiming';
import { addGaussianNoise, makeFlickerClip, makeNoisyClip } from '@remaster/testing';
import { decodeFrames } from './restore-frames.js';
import { buildJpegClipArgs } from './restore-jpeg.js';

export interface RestoreClipsOptions {
  readonly dir: string;
  /** The real clip the cut is taken from. */
  readonly input: string;
  /** Where the cut starts in it, seconds. */
  readonly start: number;
  readonly frames: number;
  readonly width: number;
  readonly height: number;
  /** σ of the added noise, 0–255 scale. */
  readonly sigma: number;
  /** IJG quality of the JPEG copy. */
  readonly jpegQuality: number;
}

export interface RestoreClips {
  /** The cut: H.264 yuv420p (CRF 18) at 24 fps, the speed rows' source. */
  readonly source: string;
  /** Its first frame alone (stream copy): the planner decode's start is timed on it. */
  readonly sourceFirstFrame: string;
  readonly sourceFps: Rational;
  /** Its frames as rgb24 (BT.601): the reference of the RGB-noise and JPEG rows. */
  readonly clean: readonly Buffer[];
  /** Those frames with Gaussian noise of σ on R, G and B (rawvideo rgb24 in NUT, 25 fps). */
  readonly noisyRgb: string;
  /** makeNoisyClip: σ on Y, U and V, and its clean reference, both lossless x264 (25 fps). */
  readonly noisyYuv: string;
  readonly cleanYuv: string;
  /** The clean frames through JPEG at the IJG quality asked for (mjpeg in Matroska, 25 fps). */
  readonly jpeg: string;
  /** makeFlickerClip of the cut (lossless x264, 25 fps). */
  readonly flicker: string;
  readonly fps: Rational;
}

/** Makes every clip of the bench under `dir`. */
export async function makeRestoreClips(options: RestoreClipsOptions): Promise<RestoreClips> {
  const { dir, frames, width, height } = options;
  const source = join(dir, 'source.mp4');
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-ss', String(options.start), '-i', options.input],
      ...['-map', '0:v:0', '-frames:v', String(frames), '-an'],
      ...['-vf', `scale=${width}:${height}:flags=area`, '-r', '24', '-fps_mode', 'cfr'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'],
      ...['-y', source],
    ],
  });
  const sourceFirstFrame = join(dir, 'source-first-frame.mp4');
  await runProcess({
    command: 'ffmpeg',
    args: [
      '-nostdin',
      '-v',
      'error',
      '-i',
      source,
      '-frames:v',
      '1',
      '-c',
      'copy',
      '-y',
      sourceFirstFrame,
    ],
  });
  const sourceFps = rational(24);
  const fps = rational(25);
  const clean = await decodeFrames({
    url: source,
    frames,
    fps: sourceFps,
    width,
    height,
    pixelFormat: 'rgb24',
  });
  const rgb = Buffer.concat(clean);
  const noisyRgb = join(dir, 'noisy-rgb.nut');
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
      ...['-s', `${width}x${height}`, '-framerate', '25', '-i', 'pipe:0'],
      ...['-c:v', 'rawvideo', '-pix_fmt', 'rgb24', '-y', noisyRgb],
    ],
    stdin: addGaussianNoise(rgb, options.sigma, 1),
  });
  const jpeg = join(dir, 'jpeg.mkv');
  await runProcess({
    command: 'ffmpeg',
    args: buildJpegClipArgs({ width, height, quality: options.jpegQuality, outputPath: jpeg }),
    stdin: rgb,
  });
  const [noisyYuv, cleanYuv, flicker] = ['noisy-yuv.mp4', 'clean-yuv.mp4', 'flicker.mp4'].map(
    (name) => join(dir, name),
  ) as [string, string, string];
  const cut = { width, height, frames, source };
  await makeNoisyClip({ ...cut, path: noisyYuv, cleanPath: cleanYuv, sigma: options.sigma });
  await makeFlickerClip({ ...cut, path: flicker });
  return {
    source,
    sourceFirstFrame,
    sourceFps,
    clean,
    noisyRgb,
    noisyYuv,
    cleanYuv,
    jpeg,
    flicker,
    fps,
  };
}
