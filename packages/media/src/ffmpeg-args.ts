import type { ColourPlan } from './colour.js';
import { ENCODER_REPORT_ARGS } from './encoder-report.js';
import { frameDigestOutput } from './frame-digests.js';
import type { OutputBitDepth, RawPixelFormat } from './pixel-format.js';
import { isYuvFormat, yuvPixelFormat } from './pixel-format.js';
import { assertRate, formatRate, reduceRate } from './rational.js';
import { sourceInputArgs } from './source-formats.js';
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
  /**
   * The source's YUV matrix and range, so RGB comes out as the source meant it; for YUV
   * frames only the range counts (kept as it is: a yuvj source is not squeezed to tv).
   */
  readonly colour?: Pick<ColourPlan, 'matrix' | 'range'>;
  /**
   * Raw frames on stdout: rgb24 by default; rgb48le keeps a 10-bit source's precision;
   * planar YUV (yuv420p, yuv420p10le, yuv444p) needs no RGB conversion at all.
   */
  readonly pixelFormat?: RawPixelFormat;
  /**
   * Also writes each decoded frame's digest to fd 3 ({@link frameDigestOutput}), for the
   * reader to check every frame against the planner's sequential decode.
   */
  readonly digests?: boolean;
  /**
   * ffmpeg filters run on the decoded frames before any scale or format conversion: the
   * restoration filters (`buildRestoreFilter`). The digests stay those of the frames
   * as decoded, one per source frame.
   */
  readonly restoreFilter?: string;
  /**
   * Frames the filters make per source frame (`outputsPerFrame`): 2 when
   * deinterlacing to one frame per field. stdout then carries `frameCount` × this frames.
   */
  readonly outputsPerFrame?: 1 | 2;
}

/**
 * Decodes `frameCount` frames from source frame `startFrame` of a constant-frame-rate input
 * to raw rgb24 (or rgb48le) on stdout. It seeks with input `-ss` to half a frame before the wanted frame,
 * so timestamp rounding can neither skip it nor let the previous one in; ffmpeg's accurate
 * seek decodes from the keyframe before and drops frames earlier than that time.
 * Exact in time for containers with an index (mp4/mov, mkv/webm); not for mpegts or avi,
 * whose seeks can land on the wrong frame: remux those to mkv/mp4 first. Right in time is
 * not yet right in pixels: the keyframe the demuxer picks may not decode cleanly (an open
 * GOP's leading pictures), so readers ask for `digests` and check each frame.
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
    ...sourceInputArgs(),
    '-i',
    url,
    '-map',
    '0:v:0',
    '-frames:v',
    String(frameCount * (options.outputsPerFrame ?? 1)),
    // One output frame per filtered frame: no duplicates or drops to match a rate.
    '-fps_mode',
    'passthrough',
    '-an',
    '-sn',
    ...decodeFilter(options),
    '-f',
    'rawvideo',
    '-pix_fmt',
    options.pixelFormat ?? 'rgb24',
    'pipe:1',
    ...(options.digests ? frameDigestOutput(frameCount) : []),
  ];
}

function decodeFilter(options: DecodeArgsOptions): string[] {
  const filters = [options.restoreFilter, conversionFilter(options)].filter(
    (filter) => filter !== undefined && filter !== '',
  );
  return filters.length > 0 ? ['-vf', filters.join(',')] : [];
}

function conversionFilter({ colour, pixelFormat }: DecodeArgsOptions): string | undefined {
  if (!colour) return undefined;
  if (pixelFormat !== undefined && isYuvFormat(pixelFormat)) {
    return `scale=in_range=${colour.range}:out_range=${colour.range}`;
  }
  return `scale=in_color_matrix=${colour.matrix}:in_range=${colour.range}`;
}

/** The video codecs segments are encoded with. */
export type VideoCodec = 'h264' | 'hevc' | 'av1';

/** CRF range and default per codec. */
export const CODEC_CRF: Record<VideoCodec, { readonly max: number; readonly default: number }> = {
  h264: { max: 51, default: 18 },
  hevc: { max: 51, default: 22 },
  av1: { max: 63, default: 30 },
};

export interface EncodeArgsOptions {
  /** Size of the raw frames on stdin. */
  readonly width: number;
  readonly height: number;
  readonly fps: Rational;
  readonly outputPath: string;
  readonly codec: VideoCodec;
  readonly crf: number;
  /** Final size when it differs from the frames': lanczos-scaled before encoding. */
  readonly scaleTo?: { readonly width: number; readonly height: number };
  /** Matrix, range and tags of the output; BT.601 limited range when absent. */
  readonly colour?: ColourPlan;
  /**
   * The raw frames on stdin; rgb24 by default. Planar YUV frames must be of the output's
   * format (yuv420p, or yuv420p10le for 10 bits): the encoder then converts nothing.
   */
  readonly pixelFormat?: RawPixelFormat;
  /** Bits per sample of the video: 10 is yuv420p10le (x264 High 10, x265 Main 10); 8 by default. */
  readonly bitDepth?: OutputBitDepth;
}

/**
 * Raw rgb24 or rgb48le frames from stdin to one mp4 segment. Every segment of a job is made with the
 * same settings and starts with a keyframe, so the stitcher joins them by stream copy;
 * the track timescale makes every frame duration an exact number of ticks. The final
 * frame count comes on stdout ({@link ENCODER_REPORT_ARGS}; read it with `readEncodedFrames`).
 */
export function buildEncodeArgs(options: EncodeArgsOptions): string[] {
  const { width, height, fps, outputPath, codec, crf } = options;
  const size = options.scaleTo ?? { width, height };
  const yuv = yuvPixelFormat(options.bitDepth ?? 8);
  assertEvenSize(size.width, size.height, yuv);
  if (!Number.isInteger(crf) || crf < 0 || crf > CODEC_CRF[codec].max) {
    throw new RangeError(
      `crf must be an integer from 0 to ${CODEC_CRF[codec].max} for ${codec}, got ${crf}`,
    );
  }
  return [
    ...QUIET,
    ...ENCODER_REPORT_ARGS,
    ...['-f', 'rawvideo', '-pix_fmt', options.pixelFormat ?? 'rgb24', '-s', `${width}x${height}`],
    ...['-framerate', formatRate(fps), '-i', 'pipe:0', '-map', '0:v:0'],
    ...scaleFilter(options, yuv),
    ...videoCodecArgs(codec, crf, yuv),
    ...colourTagArgs(options.colour),
    ...['-fps_mode', 'passthrough'],
    ...['-video_track_timescale', String(trackTimescale(fps))],
    ...['-an', '-f', 'mp4', '-y', outputPath],
  ];
}

/**
 * One scale filter does the lanczos resize (if any) and the RGB → YUV conversion; YUV
 * frames need a filter only to resize.
 */
function scaleFilter({ scaleTo, colour, pixelFormat }: EncodeArgsOptions, yuv: string): string[] {
  const size = scaleTo ? `w=${scaleTo.width}:h=${scaleTo.height}:flags=lanczos` : '';
  if (pixelFormat !== undefined && isYuvFormat(pixelFormat)) {
    if (pixelFormat !== yuv) {
      throw new RangeError(`${pixelFormat} frames cannot be encoded as ${yuv}: decode to ${yuv}`);
    }
    return size ? ['-vf', `scale=${size}`] : [];
  }
  const matrix = `out_color_matrix=${colour?.matrix ?? 'bt601'}:out_range=${colour?.range ?? 'tv'}`;
  return ['-vf', `scale=${size ? `${size}:` : ''}${matrix}`];
}

function colourTagArgs(colour: ColourPlan | undefined): string[] {
  if (!colour) return [];
  const { space, primaries, transfer, range } = colour.tags;
  return [
    '-colorspace',
    space,
    '-color_primaries',
    primaries,
    '-color_trc',
    transfer,
    '-color_range',
    range,
  ];
}

/** yuv420p10le makes x264 write High 10, x265 Main 10 and SVT-AV1 10-bit Main. */
function videoCodecArgs(codec: VideoCodec, crf: number, pixFmt: string): string[] {
  switch (codec) {
    case 'h264':
      return [
        '-c:v',
        'libx264',
        '-preset',
        'medium',
        '-crf',
        String(crf),
        '-pix_fmt',
        pixFmt,
        '-flags',
        '+cgop',
      ];
    case 'hevc':
      // hvc1 is the tag Apple players require in mp4.
      return [
        '-c:v',
        'libx265',
        '-preset',
        'medium',
        '-crf',
        String(crf),
        '-pix_fmt',
        pixFmt,
        '-tag:v',
        'hvc1',
        '-x265-params',
        'log-level=error',
      ];
    case 'av1':
      return ['-c:v', 'libsvtav1', '-preset', '8', '-crf', String(crf), '-pix_fmt', pixFmt];
  }
}

/** A multiple of the reduced rate numerator, at least 10000: frame durations are whole ticks. */
function trackTimescale(fps: Rational): number {
  let timescale = reduceRate(fps).num;
  while (timescale < 10_000) timescale *= 2;
  return timescale;
}

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

function assertEvenSize(width: number, height: number, pixFmt: string): void {
  const ok = [width, height].every((n) => Number.isSafeInteger(n) && n > 0 && n % 2 === 0);
  if (!ok) {
    throw new RangeError(
      `frame size must be positive and even for ${pixFmt}, got ${width}x${height}: pad or crop first`,
    );
  }
}
