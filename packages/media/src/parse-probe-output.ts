import { MediaError } from './media-error.js';
import { bitDepthOf } from './pixel-format.js';
import { parseRate } from './rational.js';
import type { Rational } from './rational.js';

/** What the pipeline needs to know about a source video. */
export interface SourceInfo {
  /** Displayed size: swapped when the stream is rotated by ±90°, as ffmpeg auto-rotates on decode. */
  readonly width: number;
  readonly height: number;
  /** avg_frame_rate when known, else r_frame_rate (see {@link parseProbeOutput}). */
  readonly fps: Rational;
  /**
   * Whether r_frame_rate equals avg_frame_rate. False hints at a variable frame rate (or
   * irregular timestamps), where seeking by frame index is not exact: normalise such input
   * to a constant rate first. Always set by {@link parseProbeOutput}.
   */
  readonly constantFrameRate?: boolean;
  /** r_frame_rate: the timestamp grid ffmpeg sees, the rate a variable-rate source is normalised to. */
  readonly nominalFps?: Rational;
  /** Exact count of video packets (one per frame for the codecs we accept). */
  readonly frames: number;
  readonly durationSeconds: number;
  /** Video stream start time in seconds; input `-ss` is relative to the file start. */
  readonly startTime: number;
  readonly videoCodec: string;
  readonly pixelFormat: string;
  /**
   * The container's or codec's field order (ffprobe `field_order`): `tff` for tt/tb,
   * `bff` for bb/bt; absent when it says progressive or nothing. Flags lie often: the
   * planner's idet count decides, this breaks a tie.
   */
  readonly fieldOrder?: 'tff' | 'bff';
  /** Bits per sample, from the pixel format: 8 for yuv420p, 10 for yuv420p10le. */
  readonly bitDepth: number;
  readonly hasAudio: boolean;
  readonly audioCodec?: string;
  /** ffprobe's format_name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  readonly container: string;
  /** The file's start (the earliest stream); ffmpeg shifts every input by it. */
  readonly formatStartTime?: number;
  /** First audio stream's start and length, to keep it in sync and trim or pad it. */
  readonly audioStartTime?: number;
  readonly audioDurationSeconds?: number;
  /** Colour tags of the video stream as ffprobe names them (`tv`, `bt709`, …); absent when untagged. */
  readonly colour?: ColourTags;
  /** Codec of each subtitle stream, in order (`subrip`, `ass`, `hdmv_pgs_subtitle`, …). */
  readonly subtitleCodecs?: readonly string[];
  /** The file's size in bytes, when ffprobe knows it. */
  readonly sizeBytes?: number;
  /**
   * The file ends before its own index says it does: fewer packets were read than the
   * container declares (`nb_frames`), or ffprobe reported a partial file.
   */
  readonly truncated?: boolean;
  /**
   * Entries of the container's index that hold no frame, in a file that is whole: its
   * index declares more frames than it holds, yet its timeline runs to the end (AVI
   * "drop" chunks from capture cards and webcams). Such a source is retimed by its
   * timestamps; absent when there are none.
   */
  readonly emptyIndexEntries?: number;
}

export interface ColourTags {
  readonly range?: string;
  readonly space?: string;
  readonly primaries?: string;
  readonly transfer?: string;
}

type Json = Record<string, unknown>;

/**
 * Parses the JSON of `ffprobe -show_format -show_streams -count_packets` into a SourceInfo.
 *
 * Frame count: `nb_read_packets` of the first video stream, counted by demuxing the whole
 * file, so it is exact without decoding; `nb_frames` (container metadata, absent in mkv and
 * often in ts) is only a fallback. Frame rate: avg_frame_rate (frames ÷ duration), which keeps
 * the source duration and so the audio sync; r_frame_rate (ffmpeg's guess of the timestamp
 * grid) only when avg is unknown, e.g. `0/0` for a single frame.
 *
 * Throws MediaError `INPUT_NOT_VIDEO`, `INPUT_EMPTY` or `INPUT_UNREADABLE`.
 */
export function parseProbeOutput(json: string): SourceInfo {
  const root = parseRoot(json);
  const streams = Array.isArray(root.streams) ? root.streams.filter(isRecord) : [];
  const video = streams.find(isVideoStream);
  if (!video) {
    throw new MediaError(
      'INPUT_NOT_VIDEO',
      'input has no video stream (audio only, or only cover art): send a video file',
    );
  }
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const format = isRecord(root.format) ? root.format : {};
  const videoCodec = toText(video.codec_name);
  if (videoCodec === undefined) {
    const tag = toText(video.codec_tag_string) ?? 'none';
    throw new MediaError(
      'INPUT_CODEC_UNSUPPORTED',
      `input video codec (tag ${tag}) is not one ffmpeg can decode: re-encode it to H.264, HEVC, VP9 or AV1`,
    );
  }
  const counted = toInteger(video.nb_read_packets);
  const declared = toInteger(video.nb_frames);
  const frames = counted ?? declared ?? 0;
  const { width, height } = displaySize(video);
  if (frames <= 0 || width <= 0 || height <= 0) {
    throw new MediaError('INPUT_EMPTY', 'input video has no frames: send a video that plays');
  }
  const { fps, constantFrameRate, nominalFps } = frameRate(video);
  const audioCodec = audio ? toText(audio.codec_name) : undefined;
  const pixelFormat = toText(video.pix_fmt) ?? 'unknown';
  return {
    width,
    height,
    fps,
    constantFrameRate,
    ...(nominalFps ? { nominalFps } : {}),
    frames,
    durationSeconds:
      toNumber(video.duration) ?? toNumber(format.duration) ?? (frames * fps.den) / fps.num,
    startTime: toNumber(video.start_time) ?? 0,
    videoCodec,
    pixelFormat,
    ...fieldOrderOf(toText(video.field_order)),
    bitDepth: bitDepthOf(pixelFormat),
    hasAudio: audio !== undefined,
    ...(audioCodec === undefined ? {} : { audioCodec }),
    container: toText(format.format_name) ?? 'unknown',
    formatStartTime: toNumber(format.start_time) ?? 0,
    ...audioTiming(audio),
    colour: colourTags(video),
    subtitleCodecs: streams
      .filter((s) => s.codec_type === 'subtitle')
      .map((s) => toText(s.codec_name) ?? 'unknown'),
    ...optional('sizeBytes', toInteger(format.size)),
    ...missingFrames({
      counted,
      declared,
      seconds: toNumber(video.duration),
      fps,
      container: toText(format.format_name),
    }),
  };
}

/**
 * Fewer packets than the index declares: a file cut short, or (AVI only) a whole file whose
 * index carries empty "drop" entries. ffprobe's duration of an AVI stream is the time its
 * packets span, so a whole file lasts as long as its declared frame count and a cut one
 * ends early; an mp4's comes from its header (moov) and says nothing of what is there.
 */
function missingFrames(input: {
  counted: number | undefined;
  declared: number | undefined;
  seconds: number | undefined;
  fps: Rational;
  container: string | undefined;
}): { truncated?: true; emptyIndexEntries?: number } {
  const { counted, declared, seconds, fps } = input;
  if (counted === undefined || declared === undefined || counted >= declared) return {};
  const lastsAsDeclared =
    input.container === 'avi' &&
    seconds !== undefined &&
    (seconds * fps.num) / fps.den >= declared - 0.5;
  return lastsAsDeclared ? { emptyIndexEntries: declared - counted } : { truncated: true };
}

function optional<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

function audioTiming(audio: Json | undefined): {
  audioStartTime?: number;
  audioDurationSeconds?: number;
} {
  if (!audio) return {};
  const start = toNumber(audio.start_time);
  // Matroska keeps stream lengths in a DURATION tag (`00:00:30.003000000`).
  const tags = isRecord(audio.tags) ? audio.tags : {};
  const duration = toNumber(audio.duration) ?? clockSeconds(toText(tags.DURATION));
  return {
    ...(start === undefined ? {} : { audioStartTime: start }),
    ...(duration === undefined ? {} : { audioDurationSeconds: duration }),
  };
}

function colourTags(video: Json): ColourTags {
  const tag = (name: string) => {
    const value = toText(video[name]);
    return value === undefined || value === 'unknown' || value === 'reserved' ? undefined : value;
  };
  const tags = {
    range: tag('color_range'),
    space: tag('color_space'),
    primaries: tag('color_primaries'),
    transfer: tag('color_transfer'),
  };
  return Object.fromEntries(Object.entries(tags).filter(([, value]) => value !== undefined));
}

function parseRoot(json: string): Json {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (error) {
    throw new MediaError('INPUT_UNREADABLE', 'ffprobe printed no valid JSON for the input', {
      cause: error,
    });
  }
  if (!isRecord(root)) throw new MediaError('INPUT_UNREADABLE', 'ffprobe printed no object');
  return root;
}

/** A real video stream: cover art in music files is a one-frame "video" flagged attached_pic. */
function isVideoStream(stream: Json): boolean {
  const disposition = isRecord(stream.disposition) ? stream.disposition : {};
  return stream.codec_type === 'video' && disposition.attached_pic !== 1;
}

function frameRate(video: Json): {
  fps: Rational;
  constantFrameRate: boolean;
  nominalFps?: Rational;
} {
  const avg = parseRate(video.avg_frame_rate);
  const real = parseRate(video.r_frame_rate);
  const fps = avg ?? real;
  if (!fps) {
    throw new MediaError(
      'INPUT_UNREADABLE',
      'input video has no frame rate ffprobe can read: re-encode it to a constant frame rate',
    );
  }
  const constantFrameRate = avg !== undefined && real?.num === avg.num && real.den === avg.den;
  return { fps, constantFrameRate, ...(real ? { nominalFps: real } : {}) };
}

function displaySize(video: Json): { width: number; height: number } {
  const width = toInteger(video.width) ?? 0;
  const height = toInteger(video.height) ?? 0;
  const quarterTurns = Math.round(rotation(video) / 90);
  return quarterTurns % 2 === 0 ? { width, height } : { width: height, height: width };
}

/** Degrees from the display matrix (ffprobe ≥ 5) or the legacy `rotate` tag. */
function rotation(video: Json): number {
  const sideData = Array.isArray(video.side_data_list) ? video.side_data_list : [];
  for (const entry of sideData) {
    const degrees = isRecord(entry) ? toNumber(entry.rotation) : undefined;
    if (degrees !== undefined) return degrees;
  }
  const tags = isRecord(video.tags) ? video.tags : {};
  return toNumber(tags.rotate) ?? 0;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** ffprobe prints most numbers as strings and unknowns as `N/A`. */
function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

function toInteger(value: unknown): number | undefined {
  const number = toNumber(value);
  return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
}

function clockSeconds(text: string | undefined): number | undefined {
  const match = text === undefined ? null : /^(\d+):(\d+):(\d+(?:\.\d+)?)$/.exec(text);
  return match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]) : undefined;
}

/** ffprobe's field_order as the field that comes first; nothing for progressive or unknown. */
function fieldOrderOf(order: string | undefined): { fieldOrder?: 'tff' | 'bff' } {
  if (order === 'tt' || order === 'tb') return { fieldOrder: 'tff' };
  if (order === 'bb' || order === 'bt') return { fieldOrder: 'bff' };
  return {};
}
