import type { SourceInfo } from './parse-probe-output.js';
import type { OutputBitDepth } from './pixel-format.js';
import { yuvPixelFormat } from './pixel-format.js';
import type { Rational } from './rational.js';
import { formatRate } from './rational.js';
import { sourceInputArgs } from './source-formats.js';

/** Containers whose seeking we checked to land on exact frames (mp4/mov, Matroska/WebM). */
const EXACT_SEEK_CONTAINERS = ['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm'];
const MAX_NATIVE_RATE = 120;

/**
 * Why a source must be normalised to a constant-rate intermediate before planning, or
 * undefined when chunks can seek into it directly: variable frame rate (seeking by
 * frame index would drift) or a container whose seeking is not frame-exact (MPEG-TS,
 * AVI, …).
 */
export function normalisationReason(source: SourceInfo): string | undefined {
  if (source.constantFrameRate === false) return 'variable frame rate';
  if (!EXACT_SEEK_CONTAINERS.includes(source.container))
    return `container ${source.container} does not seek to exact frames`;
  return undefined;
}

/**
 * The constant rate a source is normalised to: its nominal rate (r_frame_rate, the
 * timestamp grid: gaps become repeated frames, nothing is dropped) when plausible,
 * else the average rate.
 */
export function normalisedRate(source: SourceInfo): Rational {
  const nominal = source.nominalFps;
  const plausible =
    nominal &&
    nominal.num / nominal.den <= MAX_NATIVE_RATE &&
    nominal.num / nominal.den >= source.fps.num / source.fps.den;
  return plausible ? nominal : source.fps;
}

export interface NormaliseArgsOptions {
  readonly url: string;
  readonly fps: Rational;
  readonly outputPath: string;
  /** 10 keeps a deeper source's precision (yuv420p10le, x264 High 10); 8 by default. */
  readonly bitDepth?: OutputBitDepth;
}

/**
 * Re-encodes the video to a constant rate, near-lossless (x264 CRF 8), keyframes every
 * 48 frames so chunks seek cheaply, in Matroska. Timestamps keep the source timeline,
 * so the source audio still lines up at stitch time.
 */
export function buildNormaliseArgs(options: NormaliseArgsOptions): string[] {
  const { url, fps, outputPath } = options;
  const pixFmt = yuvPixelFormat(options.bitDepth ?? 8);
  return [
    ...['-nostdin', '-v', 'error', ...sourceInputArgs(), '-i', url],
    ...['-map', '0:v:0', '-an', '-sn', '-dn'],
    ...['-vf', `fps=${formatRate(fps)}`, '-fps_mode', 'cfr'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '8', '-g', '48', '-pix_fmt', pixFmt],
    ...['-f', 'matroska', '-y', outputPath],
  ];
}
