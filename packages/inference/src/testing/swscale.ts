// ffmpeg's own (swscale) conversions of raw frames, the rgb path the YUV graphs are
// measured against, and a PSNR over raw samples.
import assert from 'node:assert/strict';
import { runProcess } from '@remaster/media';
import type { PixelFormat } from '../pixel-format.js';
import type { YuvColour, YuvFormat } from '../yuv-graph.js';

/** A frame size. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

async function ffmpeg(args: string[], stdin?: Uint8Array): Promise<Buffer> {
  const input = stdin ? { stdin } : {};
  const run = await runProcess({ command: 'ffmpeg', args: ['-v', 'error', ...args], ...input });
  return run.stdout;
}

const raw = ({ width, height }: Size, pixFmt: string) => [
  '-s',
  `${width}x${height}`,
  '-f',
  'rawvideo',
  '-pix_fmt',
  pixFmt,
];

/** `frames` frames of a lavfi source or a file (`input` arguments), scaled to `size`, as raw `format`. */
export function rawFrames(
  input: string[],
  size: Size,
  format: YuvFormat | PixelFormat,
  frames: number,
): Promise<Buffer> {
  const scale = `scale=${size.width}:${size.height}`;
  return ffmpeg([
    ...input,
    '-frames:v',
    String(frames),
    '-vf',
    scale,
    ...raw(size, format).slice(2),
    'pipe:1',
  ]);
}

/** swscale's yuv → rgb with the source matrix and range (the rgb pipes' decode). */
export function swscaleToRgb(
  frames: Buffer,
  size: Size,
  yuv: YuvFormat,
  rgb: PixelFormat,
  c: YuvColour,
): Promise<Buffer> {
  const filter = `scale=in_color_matrix=${c.matrix}:in_range=${c.range}`;
  return ffmpeg(
    [...raw(size, yuv), '-i', 'pipe:0', '-vf', filter, ...raw(size, rgb).slice(2), 'pipe:1'],
    frames,
  );
}

/** swscale's rgb → yuv with the output matrix and range (the rgb pipes' encode). */
export function swscaleToYuv(
  frames: Buffer,
  size: Size,
  rgb: PixelFormat,
  yuv: YuvFormat,
  c: YuvColour,
): Promise<Buffer> {
  const filter = `scale=out_color_matrix=${c.matrix}:out_range=${c.range}`;
  return ffmpeg(
    [...raw(size, rgb), '-i', 'pipe:0', '-vf', filter, ...raw(size, yuv).slice(2), 'pipe:1'],
    frames,
  );
}

/** PSNR over all samples, 8- or 16-bit, against `peak` (default: the sample size's). */
export function samplePsnr(
  a: Uint8Array,
  b: Uint8Array,
  bytesPerSample: 1 | 2,
  peak = bytesPerSample === 1 ? 255 : 65535,
): number {
  assert.equal(a.length, b.length);
  const read = (x: Uint8Array, i: number) =>
    bytesPerSample === 1 ? x[i]! : x[i]! | (x[i + 1]! << 8);
  let sum = 0;
  for (let i = 0; i < a.length; i += bytesPerSample) sum += (read(a, i) - read(b, i)) ** 2;
  const count = a.length / bytesPerSample;
  return sum === 0 ? Infinity : 10 * Math.log10((peak * peak * count) / sum);
}
