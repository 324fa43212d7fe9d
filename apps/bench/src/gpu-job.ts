// One real ×2 job through the real processes with one CUDA worker, and the worker's
// stages timed alone on the same machine (ffmpeg decode of the clip, libx264 encode of
// yuv420p frames of the output size; the model's figure comes from gpu-models.ts), so
// the check can say which stage bounds the worker.
import { join } from 'node:path';
import { buildEncodeArgs, runProcess } from '@remaster/media';
import type { JobBody } from '@remaster/testing';
import { makeClip } from '@remaster/testing';
import { BENCH_KEY, startBenchStack } from './bench-stack.js';

const FRAMES = 96;
const TIMEOUT_MS = 240_000;

export interface GpuJobResult {
  readonly status: string;
  readonly frames: number;
  /** Output frames over the chunks' renderSeconds (one worker, one chunk at a time). */
  readonly chunkFps: number;
  readonly providers: string;
  readonly decodeFps: number;
  readonly encodeFps: number;
}

/** Runs the job and the stage timings; `model` is an ×2 SR model the worker can load. */
export async function runGpuJob(options: {
  model: string;
  /** MODELS_DIR of the worker; absent: the built-in models only. */
  modelsDir?: string;
  deviceId: number;
  width: number;
  height: number;
}): Promise<GpuJobResult> {
  const { model, modelsDir, deviceId, width, height } = options;
  const stack = await startBenchStack(['api', 'planner', 'stitcher']);
  try {
    const clip = join(stack.dir, 'clip.mp4');
    await makeClip({ path: clip, width, height, fps: 25, frames: FRAMES });
    await stack.s3.store.putFile('inputs/clip.mp4', clip);
    const workers = await stack.startWorkers(1, {
      EXECUTION_PROVIDERS: 'cuda,cpu',
      GPU_DEVICE_ID: String(deviceId),
      ...(modelsDir === undefined ? {} : { MODELS_DIR: modelsDir }),
    });
    const job = await submitAndWait(stack.url, { factor: 2, model });
    await workers.stop();
    const renderSeconds = (job.report?.chunks ?? []).reduce(
      (s, c) => s + (c.renderSeconds ?? 0),
      0,
    );
    const frames = job.output?.frames ?? 0;
    return {
      status:
        job.status === 'failed' ? `failed ${job.error?.code}: ${job.error?.message}` : job.status,
      frames,
      chunkFps: renderSeconds > 0 ? frames / renderSeconds : 0,
      providers: (job.report?.models ?? []).map((m) => `${m.id} on ${m.provider}`).join(', '),
      decodeFps: await decodeFps(clip),
      encodeFps: await encodeFps(join(stack.dir, 'encoded.mp4'), 2 * width, 2 * height),
    };
  } finally {
    await stack.stop();
  }
}

async function submitAndWait(base: string, upscale: object): Promise<JobBody> {
  const headers = { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' };
  const body = { input: { url: 's3://remaster/inputs/clip.mp4' }, upscale };
  const submitted = await fetch(`${base}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  if (submitted.status !== 202)
    throw new Error(`submit: ${submitted.status} ${await submitted.text()}`);
  const { id } = (await submitted.json()) as JobBody;
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const job = (await (await fetch(`${base}/v1/jobs/${id}`, { headers })).json()) as JobBody;
    if (['completed', 'failed', 'canceled'].includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the job did not end within ${TIMEOUT_MS / 1000} s`);
}

/** ffmpeg decoding the clip alone (to yuv420p, thrown away). */
async function decodeFps(clip: string): Promise<number> {
  const started = performance.now();
  await runProcess({
    command: 'ffmpeg',
    args: [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      clip,
      '-pix_fmt',
      'yuv420p',
      '-f',
      'null',
      '-',
    ],
  });
  return FRAMES / ((performance.now() - started) / 1000);
}

/** The worker's encode (buildEncodeArgs, libx264, yuv420p pipe) of FRAMES frames alone. */
async function encodeFps(outputPath: string, width: number, height: number): Promise<number> {
  const frameBytes = (width * height * 3) / 2;
  const frames = new Uint8Array(frameBytes * FRAMES);
  for (let i = 0; i < frames.length; i += 4096) frames[i] = (i / 4096) % 251;
  const args = buildEncodeArgs({
    width,
    height,
    fps: { num: 25, den: 1 },
    outputPath,
    codec: 'h264',
    crf: 18,
    pixelFormat: 'yuv420p',
  });
  const started = performance.now();
  await runProcess({ command: 'ffmpeg', args, stdin: frames });
  return FRAMES / ((performance.now() - started) / 1000);
}
