import { frameDigestOutput } from './frame-digests.js';
import type { Rational } from './rational.js';
import { sourceInputArgs } from './source-formats.js';

/** One JPEG to write: frame `frame` of the constant-rate video at `url`. */
export interface StillRequest {
  readonly url: string;
  readonly frame: number;
  readonly fps: Rational;
  readonly outputPath: string;
}

/**
 * ffmpeg arguments that write every requested frame as its own JPEG in one process (one
 * process start instead of one per still: each start costs about as much CPU as decoding
 * the frame). Each still is its own input, opened with its own seek, mapped to its own
 * one-frame output. Like the workers' decode, a seek lands half a frame before the wanted
 * frame, so ffmpeg's accurate seek decodes up to exactly that frame.
 */
export function buildStillsArgs(stills: readonly StillRequest[]): string[] {
  if (stills.length === 0) throw new RangeError('at least one still is needed');
  const inputs = stills.flatMap(({ url, frame, fps }) => {
    if (!Number.isSafeInteger(frame) || frame < 0)
      throw new RangeError(`frame must be a non-negative integer, got ${frame}`);
    const seek = frame > 0 ? ['-ss', (((frame - 0.5) * fps.den) / fps.num).toFixed(6)] : [];
    return [...seek, '-i', url];
  });
  const outputs = stills.flatMap(({ outputPath }, k) => [
    ...['-map', `${k}:v:0`, '-frames:v', '1', '-an', '-sn'],
    // Full-range JPEG from any depth; quality 3 of 2–31 keeps detail for a comparison.
    ...['-vf', 'scale=out_range=full,format=yuvj444p', '-q:v', '3'],
    ...['-f', 'image2', '-c:v', 'mjpeg'],
    outputPath,
  ]);
  return [...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'], ...inputs, ...outputs];
}

/** A source still decoded from an entry frame, with its digest written beside it. */
export interface SourceStillRequest extends StillRequest {
  /** The frame to start decoding from (at most `frame`): a keyframe, or 0. */
  readonly entry: number;
}

const JPEG_OUTPUT = ['-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg'];

/**
 * ffmpeg arguments for one source still decoded from `entry` forward (as a chunk reads its
 * frames): the JPEG of frame `frame`, and that frame's digest on fd 3, for the caller to
 * check against the planner's before it keeps the JPEG.
 */
export function buildSourceStillArgs(still: SourceStillRequest): string[] {
  const { url, frame, entry, fps, outputPath } = still;
  if (!Number.isSafeInteger(entry) || entry < 0 || entry > frame)
    throw new RangeError(`entry must be from 0 to the still's frame ${frame}, got ${entry}`);
  const seek = entry > 0 ? ['-ss', (((entry - 0.5) * fps.den) / fps.num).toFixed(6)] : [];
  // Frames are counted from the seek point: the wanted one is the (frame - entry)th.
  const pick = `select=eq(n\\,${frame - entry})`;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...[...seek, ...sourceInputArgs(), '-i', url],
    ...['-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-fps_mode', 'passthrough'],
    ...['-vf', `${pick},scale=out_range=full,format=yuvj444p`, ...JPEG_OUTPUT, outputPath],
    ...['-vf', pick, ...frameDigestOutput(1)],
  ];
}

/** One raw frame (as the worker's pipes carry it) to write as a JPEG. */
export interface RawStillRequest {
  readonly pixelFormat: string;
  readonly width: number;
  readonly height: number;
  /** The YUV range of a planar YUV frame; ignored for RGB. */
  readonly range?: 'tv' | 'pc';
  readonly outputPath: string;
}

/**
 * ffmpeg arguments that write the raw frame on stdin as a full-range JPEG, like the
 * stitcher's stills: the worker's restored frame beside the raw source's.
 */
export function buildRawStillArgs(still: RawStillRequest): string[] {
  const { pixelFormat, width, height, outputPath } = still;
  const range = pixelFormat.startsWith('yuv') ? ['-color_range', still.range ?? 'tv'] : [];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'rawvideo', '-pix_fmt', pixelFormat, '-s', `${width}x${height}`, ...range],
    ...['-i', 'pipe:0', '-frames:v', '1'],
    ...['-vf', 'scale=out_range=full,format=yuvj444p', ...JPEG_OUTPUT, outputPath],
  ];
}
