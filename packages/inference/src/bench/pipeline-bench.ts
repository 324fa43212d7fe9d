// Decode → infer → encode through pipes with an identity model, against
// ffmpeg decoding and encoding the same clip alone (goal: ratio ≥ 0.8).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFrames, runProcess, spawnPiped, writeFrame } from '@remaster/media';
import type { Upscaler } from '../upscaler.js';

/** One clip's size and length. */
export interface Clip {
  width: number;
  height: number;
  frames: number;
}

const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-pix_fmt', 'yuv420p'];

/** Frames per second of `ffmpeg -i clip … out.mp4`, and of ffmpeg → `upscaler` → ffmpeg over rgb24 pipes. */
export async function pipelineVsFfmpeg(
  clip: Clip,
  upscaler: Upscaler,
): Promise<{ ffmpegFps: number; pipelineFps: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-bench-'));
  try {
    const source = join(dir, 'source.mp4');
    await runProcess({ command: 'ffmpeg', args: sourceArgs(clip, source) });
    let started = performance.now();
    await runProcess({
      command: 'ffmpeg',
      args: ['-v', 'error', '-i', source, ...ENCODE, '-y', join(dir, 'alone.mp4')],
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

function sourceArgs({ width, height, frames }: Clip, path: string): string[] {
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
    ...ENCODE,
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
  const decoder = spawnPiped({
    command: 'ffmpeg',
    args: ['-v', 'error', '-i', source, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  });
  const size = `${width * upscaler.scale}x${height * upscaler.scale}`;
  const encoder = spawnPiped({
    command: 'ffmpeg',
    args: ['-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', size, '-r', '25'].concat([
      '-i',
      'pipe:0',
      ...ENCODE,
      '-y',
      output,
    ]),
  });
  let written = 0;
  try {
    for await (const frame of readFrames(decoder.stdout, 3 * width * height)) {
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
