import { runProcess } from '@remaster/media';

/** Decodes a video (file or URL) to rgb24 frames, all of them or those an ffmpeg filter keeps. */
async function decodeRgb(
  url: string,
  width: number,
  height: number,
  filter?: string,
): Promise<Buffer[]> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-i', url, '-map', '0:v:0'],
      ...(filter ? ['-vf', filter] : []),
      ...['-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ],
  });
  const size = width * height * 3;
  if (stdout.length % size !== 0)
    throw new Error(
      `decoded ${stdout.length} bytes, not a whole number of ${width}x${height} frames`,
    );
  return Array.from({ length: stdout.length / size }, (_, k) =>
    stdout.subarray(k * size, (k + 1) * size),
  );
}

/** Every frame of a job output. */
export function decodeOutput(url: string, width: number, height: number): Promise<Buffer[]> {
  return decodeRgb(url, width, height);
}

/**
 * Only the frames with the given indices (in decode order), so a test can look at a few
 * frames of a long video without holding all of them.
 */
export async function selectFrames(
  url: string,
  indices: readonly number[],
  width: number,
  height: number,
): Promise<Map<number, Buffer>> {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const frames = await decodeRgb(
    url,
    width,
    height,
    `select=${sorted.map((n) => `eq(n\\,${n})`).join('+')}`,
  );
  if (frames.length !== sorted.length)
    throw new Error(`expected ${sorted.length} frames, got ${frames.length}`);
  return new Map(sorted.map((n, k) => [n, frames[k]!]));
}

/** Peak signal-to-noise ratio of two rgb24 frames, in dB. */
export function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    sum += d * d;
  }
  const mse = sum / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}
