import { runProcess } from '@remaster/media';

/**
 * Decodes only the frames with the given indices (in decode order) as rgb24, so a test
 * can look at a few frames of a long video without holding all of them.
 */
export async function selectFrames(
  url: string,
  indices: readonly number[],
  width: number,
  height: number,
): Promise<Map<number, Buffer>> {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const select = sorted.map((n) => `eq(n\\,${n})`).join('+');
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: [
      '-nostdin',
      '-v',
      'error',
      '-i',
      url,
      '-map',
      '0:v:0',
      '-vf',
      `select=${select}`,
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
  });
  const size = width * height * 3;
  if (stdout.length !== size * sorted.length)
    throw new Error(
      `expected ${sorted.length} frames of ${width}x${height}, got ${stdout.length / size}`,
    );
  return new Map(sorted.map((n, k) => [n, stdout.subarray(k * size, (k + 1) * size)]));
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
