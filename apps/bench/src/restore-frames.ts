// The restore bench's decodes, made as the worker makes its chunk's (buildDecodeArgs with
// the restoration filter, its frames read from the pipe, the checksums read on fd 3), and
// the per-frame measures of its quality rows.
import type { ColourPlan, Rational } from '@remaster/media';
import {
  buildDecodeArgs,
  rawFrameBytes,
  readDigests,
  readFrames,
  spawnPiped,
} from '@remaster/media';

export interface BenchDecode {
  readonly url: string;
  /** Source frames decoded, from the first. */
  readonly frames: number;
  readonly fps: Rational;
  readonly width: number;
  readonly height: number;
  readonly pixelFormat: 'rgb24' | 'yuv420p';
  readonly colour?: Pick<ColourPlan, 'matrix' | 'range'>;
  /** `buildRestoreFilter`'s chain, and its `outputsPerFrame`. */
  readonly filter?: string;
  readonly outputs?: 1 | 2;
}

/**
 * Decodes as the worker does and returns the frames (`keep`) or only counts them; rejects
 * when fewer frames come than asked for (a filter that drops frames would change every row).
 */
export async function decodeFrames(decode: BenchDecode, keep = true): Promise<Buffer[]> {
  const outputs = decode.outputs ?? 1;
  const child = spawnPiped({
    command: 'ffmpeg',
    args: buildDecodeArgs({
      url: decode.url,
      startFrame: 0,
      frameCount: decode.frames,
      fps: decode.fps,
      pixelFormat: decode.pixelFormat,
      ...(decode.colour && { colour: decode.colour }),
      ...(decode.filter !== undefined && { restoreFilter: decode.filter }),
      outputsPerFrame: outputs,
      digests: true,
    }),
    sidePipe: true,
  });
  child.stdin.end();
  const kept: Buffer[] = [];
  let count = 0;
  try {
    const digests = (async () => {
      let n = 0;
      for await (const _ of readDigests(child.side!)) n += 1;
      return n;
    })();
    const size = rawFrameBytes(decode.pixelFormat, decode.width, decode.height);
    for await (const frame of readFrames(child.stdout, size)) {
      count += 1;
      if (keep) kept.push(frame);
    }
    await Promise.all([child.done, digests]);
  } finally {
    child.kill();
  }
  if (count !== decode.frames * outputs)
    throw new Error(`${decode.url}: ${count} frames came, ${decode.frames * outputs} expected`);
  return kept;
}

/** Mean luma of a yuv420p frame on the limited-range scale: 0 at 16, 1 at 235. */
export function yuvMeanLuma(frame: Uint8Array, width: number, height: number): number {
  let sum = 0;
  const samples = width * height;
  for (let i = 0; i < samples; i += 1) sum += frame[i]!;
  return (sum / samples - 16) / 219;
}

/**
 * BT.601 limited-range luma of an rgb24 frame, rounded to 8 bits (MATLAB's `rgb2ycbcr`, the
 * Y its JPEG and DnCNN figures are measured on): 16 + (65.481 R + 128.553 G + 24.966 B) / 255.
 */
export function studioLuma(rgb: Uint8Array): Uint8Array {
  const luma = new Uint8Array(rgb.length / 3);
  for (let i = 0, j = 0; j < luma.length; i += 3, j += 1) {
    luma[j] = Math.round(
      16 + (65.481 * rgb[i]! + 128.553 * rgb[i + 1]! + 24.966 * rgb[i + 2]!) / 255,
    );
  }
  return luma;
}
