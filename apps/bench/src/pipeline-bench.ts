// Decode → infer → encode through pipes with an identity model, against
// ffmpeg decoding and encoding the same clip alone (goal: ratio ≥ 0.8). The
// upscaler's pixel format picks the depth: rgb24 pipes between 8-bit video,
// rgb48le pipes between 10-bit video (yuv420p10le in and out).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFrames, runProcess, spawnPiped, writeFrame } from '@remaster/media';
import type { PixelFormat, Upscaler } from '@remaster/inference';
import { pixelBytes } from '@remaster/inference';

/** One clip's size and length. */
export interface Clip {
  width: number;
  height: number;
  frames: number;
}

/** x264 settings of the source, the ffmpeg-alone run and the piped run; 10-bit for rgb48le. */
function encodeArgs(format: PixelFormat): string[] {
  const pixFmt = format === 'rgb48le' ? 'yuv420p10le' : 'yuv420p';
  return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', pixFmt];
}

/**
 * Frames per second of `ffmpeg -i clip … out.mp4`, and of ffmpeg → `upscaler` → ffmpeg
 * over pipes of the upscaler's pixel format.
 */
export async function pipelineVsFfmpeg(
  clip: Clip,
  upscaler: Upscaler,
): Promise<{ ffmpegFps: number; pipelineFps: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-'));
  const encode = encodeArgs(upscaler.format);
  try {
    const source = join(dir, 'source.mp4');
    await runProcess({ command: 'ffmpeg', args: sourceArgs(clip, source, encode) });
    let started = performance.now();
    await runProcess({
      command: 'ffmpeg',
      args: ['-v', 'error', '-i', source, ...encode, '-y', join(dir, 'alone.mp4')],
    });
    const ffmpegFps = (1000 * clip.frames) / (performance.now() - started);
    started = performance.now();
    const written = await throughModel(clip, source, join(dir, 'piped.mp4'), upscaler);
    const pipelineFps = (1000 * written) / (performance.now() - started);
    if (written !== clip.frames) throw new Error(`piped ${written} of ${clip.frames} frames`);
    return { ffmpegFps, pipelineFps };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sourceArgs({ width, height, frames }: Clip, path: string, encode: string[]): string[] {
  const input = `testsrc2=size=${width}x${height}:rate=25`;
  return [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    input,
    '-frames:v',
    String(frames),
    ...encode,
    '-y',
    path,
  ];
}

async function throughModel(
  clip: Clip,
  source: string,
  output: string,
  upscaler: Upscaler,
): Promise<number> {
  const { width, height } = clip;
  const format = upscaler.format;
  const decoder = spawnPiped({
    command: 'ffmpeg',
    args: ['-v', 'error', '-i', source, '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1'],
  });
  const size = `${width * upscaler.scale}x${height * upscaler.scale}`;
  const encoder = spawnPiped({
    command: 'ffmpeg',
    args: ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', format, '-s', size, '-r', '25'].concat([
      '-i',
      'pipe:0',
      ...encodeArgs(format),
      '-y',
      output,
    ]),
  });
  let written = 0;
  try {
    for await (const frame of readFrames(decoder.stdout, pixelBytes(format) * width * height)) {
      await writeFrame(encoder.stdin, await upscaler.upscale(frame, width, height));
      written++;
    }
    encoder.stdin.end();
    await Promise.all([decoder.done, encoder.done]);
    return written;
  } finally {
    decoder.kill();
    encoder.kill();
  }
}
