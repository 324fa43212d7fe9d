// The film bench's synthetic source, made in seconds: a short H.264 piece of testsrc2
// looped by stream copy for the video, and a tone encoded for the whole length (a low
// sample rate keeps the AAC encode fast), muxed into one MP4.
import { join } from 'node:path';
import { runProcess } from '@remaster/media';

export interface FilmSourceOptions {
  readonly dir: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly fps: number;
  /** A whole number of pieces: a multiple of {@link PIECE_SECONDS} × fps. */
  readonly frames: number;
}

/** Seconds of the looped piece; two keyframes a piece. */
const PIECE_SECONDS = 10;

/** Frames of the piece the film loops: every film's frame count is a multiple of it. */
export function pieceFrames(fps: number): number {
  return PIECE_SECONDS * fps;
}

/** Writes the film to `<dir>/<name>` and returns its path. */
export async function makeFilmSource(options: FilmSourceOptions): Promise<string> {
  const { dir, width, height, fps, frames } = options;
  const piece = join(dir, `piece-${width}x${height}.mp4`);
  const path = join(dir, options.name);
  const gop = String(fps * (PIECE_SECONDS / 2));
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi'],
      ...['-i', `testsrc2=s=${width}x${height}:r=${fps},trim=end_frame=${pieceFrames(fps)}`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-g', gop, '-pix_fmt', 'yuv420p'],
      ...['-y', piece],
    ],
  });
  const seconds = String(frames / fps);
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-stream_loop', '-1', '-i', piece],
      ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=8000:d=${seconds}`],
      ...['-map', '0:v', '-c:v', 'copy', '-frames:v', String(frames)],
      ...['-map', '1:a', '-c:a', 'aac', '-b:a', '16k', '-ac', '1', '-t', seconds],
      ...['-movflags', '+faststart', '-y', path],
    ],
  });
  return path;
}
