import type { Rational } from './rational.js';
import { reduceRate } from './rational.js';
import { sourceInputArgs } from './source-formats.js';

export type Container = 'mp4' | 'mkv' | 'webm';

/** What the source brings besides video, from its probe. */
export interface StitchSource {
  readonly url: string;
  readonly audioCodec?: string;
  /** Seconds from the file start to the first video frame: audio before it is cut. */
  readonly videoOffsetSeconds: number;
  readonly audioDurationSeconds?: number;
  readonly subtitleCodecs: readonly string[];
}

export interface StitchArgsOptions {
  readonly concatListPath: string;
  readonly outputPath: string;
  readonly container: Container;
  /** Output video length, exactly frames / fps. */
  readonly frames: number;
  readonly fps: Rational;
  readonly source: StitchSource;
}

const TEXT_SUBTITLES = new Set(['subrip', 'srt', 'ass', 'ssa', 'mov_text', 'webvtt', 'text']);
const MUXER: Record<Container, string[]> = {
  mp4: ['-movflags', '+faststart', '-f', 'mp4'],
  mkv: ['-f', 'matroska'],
  webm: ['-f', 'webm'],
};

/**
 * Joins the segments by stream copy and takes audio and subtitles from the source.
 * Audio is copied when the container takes its codec and it already lines up with the
 * video (same start, length within half a frame); otherwise it is cut at the first
 * video frame, padded or trimmed to the video's exact length, and encoded (AAC for mp4,
 * Opus for webm). Text subtitles are converted for the container; bitmap subtitles are
 * kept only in mkv.
 */
export function buildStitchArgs(options: StitchArgsOptions): string[] {
  const { source, container } = options;
  const subtitles = keptSubtitles(source.subtitleCodecs, container);
  const hasAudio = source.audioCodec !== undefined;
  const needsSource = hasAudio || subtitles.length > 0;
  const seek = source.videoOffsetSeconds > 0 ? ['-ss', source.videoOffsetSeconds.toFixed(6)] : [];
  return [
    ...['-nostdin', '-v', 'error', '-f', 'concat', '-safe', '0', '-i', options.concatListPath],
    ...(needsSource ? [...seek, ...sourceInputArgs(), '-i', source.url] : []),
    '-map',
    '0:v:0',
    ...(hasAudio ? ['-map', '1:a:0', ...audioArgs(options)] : []),
    ...subtitles.flatMap((index) => ['-map', `1:s:${index}`]),
    ...(subtitles.length > 0 ? subtitleCodecArgs(container) : []),
    ...['-c:v', 'copy', ...MUXER[container], '-y', options.outputPath],
  ];
}

function audioArgs({ source, container, frames, fps }: StitchArgsOptions): string[] {
  const videoSeconds = durationSeconds(frames, fps);
  const frameSeconds = durationSeconds(1, fps);
  const aligned =
    source.videoOffsetSeconds === 0 &&
    source.audioDurationSeconds !== undefined &&
    Math.abs(source.audioDurationSeconds - videoSeconds) < frameSeconds / 2;
  if (aligned && audioFits(source.audioCodec, container)) return ['-c:a', 'copy'];
  const codec =
    container === 'webm' ? ['-c:a', 'libopus', '-b:a', '160k'] : ['-c:a', 'aac', '-b:a', '192k'];
  // apad + -t: the audio ends exactly with the last video frame, whichever was longer.
  return [...codec, '-af', 'apad', '-t', videoSeconds.toFixed(6)];
}

function audioFits(codec: string | undefined, container: Container): boolean {
  if (container === 'mkv') return true;
  if (container === 'webm') return codec === 'opus' || codec === 'vorbis';
  return codec === 'aac';
}

/** Indexes among the source's subtitle streams that the container can carry. */
export function keptSubtitles(codecs: readonly string[], container: Container): number[] {
  return codecs.flatMap((codec, index) =>
    container === 'mkv' || TEXT_SUBTITLES.has(codec) ? [index] : [],
  );
}

function subtitleCodecArgs(container: Container): string[] {
  const codec = { mp4: 'mov_text', mkv: 'copy', webm: 'webvtt' }[container];
  return ['-c:s', codec];
}

function durationSeconds(frames: number, fps: Rational): number {
  const { num, den } = reduceRate(fps);
  return (frames * den) / num;
}
