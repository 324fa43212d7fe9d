// The baseline for the orchestration benchmark: the same work as a Remaster job, done
// by one process with no queue, no chunks and no storage: ffmpeg → onnxruntime → ffmpeg.
import { findBuiltinModel } from '@remaster/onnx-graph';
import { Interpolator, Upscaler, loadModel } from '@remaster/inference';
import { buildDecodeArgs, readFrames, runProcess, spawnPiped, writeFrame } from '@remaster/media';
import type { Rational } from '@remaster/retiming';
import { createRetiming, formatRational, frameOp, toNumber } from '@remaster/retiming';

export interface SingleProcessJob {
  readonly input: string;
  readonly output: string;
  readonly width: number;
  readonly height: number;
  readonly frames: number;
  readonly fps: Rational;
  readonly targetFps: Rational;
  readonly factor: 2 | 4;
}

const quiet = { info: () => undefined, warn: () => undefined };

export async function renderSingleProcess(job: SingleProcessJob): Promise<void> {
  // Loaded as the worker loads them: wrapped so the graph takes rgb24 as it is, on one
  // onnxruntime thread (INFERENCE_THREADS' default).
  const load = async (id: string) => {
    const model = findBuiltinModel(id)!;
    return loadModel({
      entry: { id, kind: model.kind, padMultiple: 1, layout: 'nchw' },
      bytes: model.build(),
      executionProviders: ['cpu'],
      logger: quiet,
      threads: { intraOp: 1 },
    });
  };
  const upscaler = new Upscaler(await load(`bicubic-x${job.factor}`), job.factor);
  const interpolator = new Interpolator(await load('blend'));
  const retiming = createRetiming(job.frames, job.fps, job.targetFps);
  const decoder = spawnPiped({
    command: 'ffmpeg',
    args: buildDecodeArgs({ url: job.input, startFrame: 0, frameCount: job.frames, fps: job.fps }),
  });
  const encoder = spawnPiped({ command: 'ffmpeg', args: encodeWithAudioArgs(job) });
  const source = readFrames(decoder.stdout, job.width * job.height * 3)[Symbol.asyncIterator]();
  const frames: Buffer[] = [];
  const frame = async (index: number) => {
    while (frames.length <= index) frames.push((await source.next()).value as Buffer);
    return frames[index]!;
  };
  for (let j = 0; j < retiming.outputFrames; j += 1) {
    const op = frameOp(retiming, j, () => false);
    const small =
      op.kind === 'copy'
        ? await frame(op.source)
        : await interpolator.interpolate(
            await frame(op.a),
            await frame(op.b),
            toNumber(op.t),
            job.width,
            job.height,
          );
    await writeFrame(encoder.stdin, await upscaler.upscale(small, job.width, job.height));
  }
  encoder.stdin.end();
  await Promise.all([encoder.done, decoder.done]);
  await runProcess({ command: 'ffprobe', args: ['-v', 'error', job.output] });
}

function encodeWithAudioArgs(job: SingleProcessJob): string[] {
  const size = `${job.width * job.factor}x${job.height * job.factor}`;
  return [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    size,
    '-framerate',
    formatRational(job.targetFps),
    '-i',
    'pipe:0',
    '-i',
    job.input,
    '-map',
    '0:v:0',
    '-map',
    '1:a:0?',
    '-c:v',
    'libx264',
    '-preset',
    'medium',
    '-crf',
    '18',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'copy',
    '-movflags',
    '+faststart',
    job.output,
  ];
}
