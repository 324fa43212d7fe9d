import { assertRate, formatRate, reduceRate } from './rational.js';
import type { Rational } from './rational.js';

/** Flags every ffmpeg run starts with: no interactive keys on stdin, errors only on stderr. */
const QUIET = ['-nostdin', '-v', 'error'];

/** Options for {@link buildDecodeArgs}. */
export interface DecodeArgsOptions {
  readonly url: string;
  /** First source frame to output, counted from 0. */
  readonly startFrame: number;
  /** How many frames to output (fewer come out when the input ends first). */
  readonly frameCount: number;
  /** The source's constant frame rate. */
  readonly fps: Rational;
}

/**
 * Decodes `frameCount` frames from source frame `startFrame` of a constant-frame-rate input
 * to raw rgb24 on stdout. It seeks with input `-ss` to half a frame before the wanted frame,
 * so timestamp rounding can neither skip it nor let the previous one in; ffmpeg's accurate
 * seek decodes from the keyframe before and drops frames earlier than that time.
 * Exact for containers with an index (mp4/mov, mkv/webm); not for mpegts or avi, whose
 * seeks can land on the wrong frame: remux those to mkv/mp4 first.
 */
export function buildDecodeArgs(options: DecodeArgsOptions): string[] {
  const { url, startFrame, frameCount, fps } = options;
  assertFrameIndex(startFrame, 'startFrame', 0);
  assertFrameIndex(frameCount, 'frameCount', 1);
  assertRate(fps);
  // Seconds of (startFrame - 1/2) frames, relative to the input's start time.
  const seek = startFrame > 0 ? ['-ss', (((startFrame - 0.5) * fps.den) / fps.num).toFixed(6)] : [];
  return [
    ...QUIET,
    ...seek,
    '-i',
    url,
    '-map',
    '0:v:0',
    '-frames:v',
    String(frameCount),
    // One output frame per decoded frame: no duplicates or drops to match a rate.
    '-fps_mode',
    'passthrough',
    '-an',
    '-sn',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    'pipe:1',
  ];
}

/** The video codecs segments are encoded with. */
export type VideoCodec = 'h264';

/** x264 speed presets; slower is smaller at the same quality. */
export type X264Preset =
  | 'ultrafast'
  | 'superfast'
  | 'veryfast'
  | 'faster'
  | 'fast'
  | 'medium'
  | 'slow'
  | 'slower'
  | 'veryslow';

/** Options for {@link buildEncodeArgs}. */
export interface EncodeArgsOptions {
  /** Frame size in pixels; both even, as yuv420p needs. */
  readonly width: number;
  readonly height: number;
  readonly fps: Rational;
  readonly outputPath: string;
  readonly codec: VideoCodec;
  /** Constant rate factor, 0 (lossless) to 51. */
  readonly crf: number;
  readonly preset: X264Preset;
}

/**
 * Encodes raw rgb24 frames from stdin into an mp4 segment (video only). Every segment made
 * with the same options has the same stream parameters and starts on a keyframe of a closed
 * GOP, so segments can be joined by stream copy. The track timescale is a multiple of the
 * rate's numerator, so every frame lasts a whole number of ticks and timestamps never drift.
 */
export function buildEncodeArgs(options: EncodeArgsOptions): string[] {
  const { width, height, fps, outputPath, crf, preset } = options;
  assertEvenSize(width, height);
  if (!Number.isInteger(crf) || crf < 0 || crf > 51) {
    throw new RangeError(`crf must be an integer from 0 to 51, got ${crf}`);
  }
  return [
    ...QUIET,
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`],
    ...['-framerate', formatRate(fps), '-i', 'pipe:0', '-map', '0:v:0'],
    ...videoCodecArgs(options.codec, preset, crf),
    ...['-fps_mode', 'passthrough'],
    ...['-video_track_timescale', String(trackTimescale(fps))],
    ...['-an', '-f', 'mp4', '-y', outputPath],
  ];
}

function videoCodecArgs(codec: VideoCodec, preset: X264Preset, crf: number): string[] {
  switch (codec) {
    case 'h264':
      // +cgop: closed GOPs, so no frame of one segment refers to another segment.
      return [
        ...['-c:v', 'libx264', '-preset', preset, '-crf', String(crf)],
        ...['-pix_fmt', 'yuv420p', '-flags', '+cgop'],
      ];
  }
}

/**
 * The rate's numerator doubled until ≥ 10000 ticks/s (ffmpeg's own rule): 30 fps → 15360,
 * 30000/1001 → 30000. A frame then lasts exactly timescale·den/num ticks.
 */
function trackTimescale(fps: Rational): number {
  let timescale = reduceRate(fps).num;
  while (timescale < 10_000) timescale *= 2;
  return timescale;
}

/** Options for {@link buildStitchArgs}. */
export interface StitchArgsOptions {
  /** A file made from {@link buildConcatList}. */
  readonly concatListPath: string;
  /** The original input; only read for its audio. */
  readonly sourceUrl: string;
  readonly hasAudio: boolean;
  /** The source's first audio codec, as SourceInfo reports it. */
  readonly audioCodec: string | undefined;
  readonly outputPath: string;
}

/**
 * Joins the encoded segments by stream copy (concat demuxer) and adds the source's first
 * audio stream: copied when it is AAC, otherwise transcoded to AAC 192k, since mp4 players
 * expect AAC. The source is only opened when it has audio.
 */
export function buildStitchArgs(options: StitchArgsOptions): string[] {
  const { concatListPath, sourceUrl, hasAudio, audioCodec, outputPath } = options;
  const concat = ['-f', 'concat', '-safe', '0', '-i', concatListPath];
  if (!hasAudio) {
    return [...QUIET, ...concat, '-map', '0:v:0', '-c:v', 'copy', ...mp4Output(outputPath)];
  }
  const audio = audioCodec === 'aac' ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '192k'];
  return [
    ...QUIET,
    ...concat,
    ...['-i', sourceUrl, '-map', '0:v:0', '-map', '1:a:0?'],
    ...['-c:v', 'copy', ...audio],
    ...mp4Output(outputPath),
  ];
}

function mp4Output(outputPath: string): string[] {
  // faststart: the index goes first, so players can start before the download ends.
  return ['-movflags', '+faststart', '-f', 'mp4', '-y', outputPath];
}

/** One encoded segment for {@link buildConcatList}. */
export interface ConcatSegment {
  /** Absolute path; a relative one is resolved against the list file's folder. */
  readonly path: string;
  /** Frames in the segment, as verified after encoding. */
  readonly frames: number;
}

/** Options for {@link buildConcatList}. */
export interface ConcatListOptions {
  readonly segments: readonly ConcatSegment[];
  /** The rate all segments were encoded at. */
  readonly fps: Rational;
}

/**
 * The concat demuxer's list file. Each entry carries a `duration`: without it ffmpeg takes
 * each segment's length from the mp4 header, rounded to milliseconds, and the error adds up
 * at every join (0.33 ms per join at 30000/1001). The demuxer adds durations in whole
 * microseconds, so each is the difference of exact cumulative end times rounded to a
 * microsecond: the sum never drifts and every join lands on an exact frame tick.
 */
export function buildConcatList(options: ConcatListOptions): string {
  const fps = reduceRate(options.fps);
  const lines = ['ffconcat version 1.0'];
  let framesSoFar = 0n;
  let endUs = 0n;
  for (const { path, frames } of options.segments) {
    assertFrameIndex(frames, 'segment frames', 1);
    framesSoFar += BigInt(frames);
    const nextEndUs = roundDiv(framesSoFar * BigInt(fps.den) * 1_000_000n, BigInt(fps.num));
    lines.push(`file ${quoteConcatPath(path)}`, `duration ${formatMicros(nextEndUs - endUs)}`);
    endUs = nextEndUs;
  }
  return `${lines.join('\n')}\n`;
}

/** Single-quotes a path for the concat list; a quote inside becomes `'\''`. */
function quoteConcatPath(path: string): string {
  if (/[\n\r\0]/.test(path)) {
    throw new RangeError(
      `segment path must not contain line breaks or NUL: ${JSON.stringify(path)}`,
    );
  }
  return `'${path.replaceAll("'", "'\\''")}'`;
}

function roundDiv(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

function formatMicros(micros: bigint): string {
  return `${micros / 1_000_000n}.${String(micros % 1_000_000n).padStart(6, '0')}`;
}

function assertFrameIndex(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min}, got ${value}`);
  }
}

function assertEvenSize(width: number, height: number): void {
  const ok = [width, height].every((n) => Number.isSafeInteger(n) && n > 0 && n % 2 === 0);
  if (!ok) {
    throw new RangeError(
      `frame size must be positive and even for yuv420p, got ${width}x${height}: pad or crop first`,
    );
  }
}
