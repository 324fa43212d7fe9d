import type { Rational } from '@remaster/retiming';

/**
 * ffmpeg arguments that write frame `frame` of a constant-rate video as one JPEG. Like
 * the workers' decode, it seeks to half a frame before the wanted one, so ffmpeg's
 * accurate seek lands on exactly that frame.
 */
export function buildStillArgs(options: {
  readonly url: string;
  readonly frame: number;
  readonly fps: Rational;
  readonly outputPath: string;
}): string[] {
  const { url, frame, fps, outputPath } = options;
  if (!Number.isSafeInteger(frame) || frame < 0)
    throw new RangeError(`frame must be a non-negative integer, got ${frame}`);
  const seek = frame > 0 ? ['-ss', (((frame - 0.5) * fps.den) / fps.num).toFixed(6)] : [];
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...seek,
    '-i',
    url,
    ...['-map', '0:v:0', '-frames:v', '1', '-an', '-sn'],
    // Full-range JPEG from any depth; quality 3 of 2–31 keeps detail for a comparison.
    ...['-vf', 'scale=out_range=full,format=yuvj444p', '-q:v', '3'],
    ...['-f', 'image2', '-c:v', 'mjpeg'],
    outputPath,
  ];
}
