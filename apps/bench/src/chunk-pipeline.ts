// `pnpm --filter @remaster/bench chunk-pipeline` (also run by `npm run bench`): one chunk rendered
// by the worker's own renderChunk (decode → FrameRenderer → encode, with the frame-count
// check) against ffmpeg decoding and encoding the same clip alone with the same x264
// settings, in the same run. Rows: the rgb24 pipes (swscale converting in both ffmpegs),
// the yuv420p pipes with three sessions (converter → packed model → converter) and with
// the model fused with the conversion (one session, YUV in and out), in lock step
// (INFERENCE_QUEUE_DEPTH=1) or with a queue of 4, the sessions running on the inference
// thread as in the worker or, for comparison, on the event loop (as before 2026-12-06);
// an identity model (conversion only, GPU-like speed), bicubic-x2 and, when
// ../shared/models is there, a real ×2 model. Last, a stand-in for a GPU model (--gpu-ms
// a frame, no CPU) that blocks the event loop for its time, as a synchronous run on the
// event loop did, against one that leaves it free, as a run on the inference thread
// does. Each row gives frames/s, its ratio to ffmpeg alone, and CPU ms a frame (Node and
// its ffmpegs).
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { buildModel, findBuiltinModel, node, tensorInfo } from '@remaster/onnx-graph';
import {
  loadModel,
  loadYuvModel,
  Upscaler,
  YuvConverter,
  YuvFrameModel,
} from '@remaster/inference';
import type { ChunkPayload } from '@remaster/jobs';
import { runProcess } from '@remaster/media';
import { FrameRenderer, renderChunk } from '@remaster/render';
import { benchSettingsOrExit } from './bench-settings.js';
import { processCpuSeconds } from './cpu-usage.js';

const { rounds: ROUNDS, gpuMs: GPU_MS } = benchSettingsOrExit('chunkPipeline');
const SPAN_X2 = join(
  import.meta.dirname,
  '../../../../shared/models/hongyuanyu_span_ch48_x2_fp32_op17.onnx',
);

interface Case {
  model: string;
  bytes: Uint8Array;
  scale: number;
  /** The model's memory per pixel, as its manifest entry states it; default 1 KiB. */
  bytesPerPixel?: number;
  width: number;
  height: number;
  frames: number;
}

const identity = buildModel({
  inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
  outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
  nodes: [node('Identity', ['input'], ['output'])],
});
const bicubic = findBuiltinModel('bicubic-x2')!.build();
// Light models, stated like the built-ins (128 B a pixel): 720p frames run whole, as the
// fused session needs.
const light = { bytesPerPixel: 128 };
const CASES: Case[] = [
  { model: 'identity', bytes: identity, scale: 1, width: 640, height: 360, frames: 48, ...light },
  { model: 'identity', bytes: identity, scale: 1, width: 1280, height: 720, frames: 24, ...light },
  { model: 'bicubic-x2', bytes: bicubic, scale: 2, width: 640, height: 360, frames: 24, ...light },
];
if (existsSync(SPAN_X2)) {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(SPAN_X2);
  CASES.push({ model: 'span ×2 (real)', bytes, scale: 2, width: 320, height: 180, frames: 6 });
}

const dir = await mkdtemp(join(tmpdir(), 'remaster-chunk-bench-'));
const quiet = { info: () => undefined, warn: () => undefined };
const colour = {
  matrix: 'bt601',
  range: 'tv',
  tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
} as const;
const X264 = ['-c:v', 'libx264', '-preset', 'medium', '-crf', '18', '-pix_fmt', 'yuv420p'];

console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}; ${ROUNDS} rounds, median`,
);
console.log('| case | model | input | path | frames/s | ratio vs ffmpeg alone | CPU ms a frame |');
console.log('| --- | --- | --- | --- | ---: | ---: | ---: |');
try {
  for (const c of CASES) await bench(c);
  await benchStandIn({ width: 1280, height: 720, frames: 48 });
} finally {
  await rm(dir, { recursive: true, force: true });
}

async function makeClip(c: Pick<Case, 'width' | 'height' | 'frames'>): Promise<string> {
  const clip = join(dir, `${c.width}x${c.height}-${c.frames}.mp4`);
  const lavfi = `testsrc2=size=${c.width}x${c.height}:rate=25`;
  await runProcess({
    command: 'ffmpeg',
    args: [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      lavfi,
      '-frames:v',
      String(c.frames),
      ...X264,
      '-y',
      clip,
    ],
  });
  return clip;
}

async function bench(c: Case): Promise<void> {
  const clip = await makeClip(c);
  const entry = { id: c.model, kind: 'sr' as const, padMultiple: 1, layout: 'nchw' as const };
  const onInference = await modelsFor(c, entry, 'inference');
  const onCaller = await modelsFor(c, entry, 'caller');
  const payload = chunkOf(c);
  const out = join(dir, 'alone.mp4');
  const output = `${c.width * c.scale}x${c.height * c.scale}`;
  const scale = c.scale === 1 ? [] : ['-vf', `scale=${output}:flags=bicubic`];
  const renderer = (models: Models, pipes: 'rgb24' | 'three sessions' | 'fused') =>
    new FrameRenderer({
      ...c,
      upscaler: models.upscaler,
      factor: c.scale,
      ...(pipes === 'rgb24' ? {} : { converter: models.converter }),
      ...(pipes === 'fused' ? { fused: { upscaler: models.fused } } : {}),
    });
  const paths: Array<[string, () => Promise<unknown>]> = [
    [
      'ffmpeg alone (decode, x264 encode)',
      () =>
        runProcess({
          command: 'ffmpeg',
          args: ['-v', 'error', '-i', clip, ...scale, ...X264, '-y', out],
        }),
    ],
    ['rgb24 pipes, lock step', () => render(payload, clip, renderer(onInference, 'rgb24'), 1)],
    [
      'rgb24 pipes, queue 4, runs on the event loop',
      () => render(payload, clip, renderer(onCaller, 'rgb24'), 4),
    ],
    ['rgb24 pipes, queue 4', () => render(payload, clip, renderer(onInference, 'rgb24'), 4)],
    [
      'yuv420p pipes, three sessions, queue 4',
      () => render(payload, clip, renderer(onInference, 'three sessions'), 4),
    ],
    [
      'yuv420p pipes, fused, lock step',
      () => render(payload, clip, renderer(onInference, 'fused'), 1),
    ],
    [
      'yuv420p pipes, fused, queue 4, runs on the event loop',
      () => render(payload, clip, renderer(onCaller, 'fused'), 4),
    ],
    [
      'yuv420p pipes, fused, queue 4',
      () => render(payload, clip, renderer(onInference, 'fused'), 4),
    ],
  ];
  await printRows(c.model, c, paths);
  await Promise.all([onInference.close(), onCaller.close()]);
}

/**
 * A GPU model's shape on the chunk path: GPU_MS a frame without CPU, on rgb24 pipes
 * (the frame returned as it came). Blocking: Atomics.wait holds the event loop as
 * onnxruntime-node's synchronous run does on the thread that calls it; free: a timer,
 * as the event loop sees a run on the inference thread.
 */
async function benchStandIn(c: Pick<Case, 'width' | 'height' | 'frames'>): Promise<void> {
  const clip = await makeClip(c);
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const blocking = {
    upscale: (frame: Buffer) => {
      Atomics.wait(cell, 0, 0, GPU_MS);
      return Promise.resolve(frame);
    },
  };
  const free = {
    upscale: async (frame: Buffer) => {
      await sleep(GPU_MS);
      return frame;
    },
  };
  const chunk = chunkOf({ ...c, model: 'stand-in', bytes: identity, scale: 1 });
  const renderer = (upscaler: typeof free) => new FrameRenderer({ ...c, upscaler, factor: 1 });
  await printRows(`stand-in GPU model, ${GPU_MS} ms a frame`, c, [
    [
      'ffmpeg alone (decode, x264 encode)',
      () =>
        runProcess({
          command: 'ffmpeg',
          args: ['-v', 'error', '-i', clip, ...X264, '-y', join(dir, 'alone.mp4')],
        }),
    ],
    [
      'rgb24 pipes, queue 4, the run blocks the event loop',
      () => render(chunk, clip, renderer(blocking), 4),
    ],
    ['rgb24 pipes, queue 4, the event loop free', () => render(chunk, clip, renderer(free), 4)],
  ]);
}

async function printRows(
  model: string,
  c: Pick<Case, 'width' | 'height' | 'frames'>,
  paths: Array<[string, () => Promise<unknown>]>,
): Promise<void> {
  const results = await interleaved(
    paths.map(([, run]) => run),
    c.frames,
  );
  const input = `${c.width}x${c.height}, ${c.frames} frames`;
  const alone = results[0]!.fps;
  results.forEach(({ fps, cpuMs }, i) => {
    console.log(
      `| ${i === 0 ? 'baseline' : 'chunk'} | ${model} | ${input} | ${paths[i]![0]} | ${fps.toFixed(2)} | ${(fps / alone).toFixed(3)} | ${cpuMs.toFixed(1)} |`,
    );
  });
}

interface Models {
  upscaler: Upscaler;
  converter: YuvConverter;
  fused: YuvFrameModel;
  close(): Promise<void>;
}

/**
 * The worker's sessions for a case (INFERENCE_THREADS default, one thread, no spinning),
 * run on the inference thread as the worker does, or on the event loop as before.
 */
async function modelsFor(
  c: Case,
  entry: { id: string; kind: 'sr'; padMultiple: number; layout: 'nchw' },
  runOn: 'inference' | 'caller',
): Promise<Models> {
  const threads = { intraOp: 1, runOn };
  const common = { executionProviders: ['cpu'] as const, logger: quiet, threads };
  const session = await loadModel({ entry, bytes: c.bytes, ...common });
  const tiling = c.bytesPerPixel === undefined ? {} : { bytesPerPixel: c.bytesPerPixel };
  const upscaler = new Upscaler(session, c.scale, { tiling });
  if (!upscaler.fitsWhole(c.width, c.height)) throw new Error(`${c.model} would tile`);
  const form = { yuv: 'yuv420p', matrix: 'bt601', range: 'tv' } as const;
  const converter = await YuvConverter.load({ ...form, rgb: 'rgb24', ...common });
  const fusedSession = await loadYuvModel({
    ...{ entry: { ...entry, scale: c.scale }, bytes: c.bytes, form },
    ...common,
  });
  const fused = new YuvFrameModel(fusedSession, 'sr', form, c.scale);
  return {
    upscaler,
    converter,
    fused,
    close: async () => {
      await converter.close();
      await session.session.release();
      await fusedSession.session.release();
    },
  };
}

async function render(
  chunk: ChunkPayload,
  clip: string,
  renderer: FrameRenderer,
  queueDepth: number,
) {
  const segment = await renderChunk(chunk, { sourceUrl: clip, renderer, tmpDir: dir, queueDepth });
  await rm(segment.path, { force: true });
}

/**
 * Runs each path once to warm up, then ROUNDS times interleaved; median frames/s of each,
 * and median CPU ms a frame (Node and the ffmpegs it waited for), which other work on
 * the machine disturbs less than the wall clock.
 */
async function interleaved(
  paths: (() => Promise<unknown>)[],
  frames: number,
): Promise<{ fps: number; cpuMs: number }[]> {
  for (const path of paths) await path();
  const times = paths.map(() => [] as number[]);
  const cpu = paths.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [i, path] of paths.entries()) {
      const [started, cpuBefore] = [performance.now(), await processCpuSeconds(process.pid)];
      await path();
      times[i]!.push(performance.now() - started);
      cpu[i]!.push((await processCpuSeconds(process.pid)) - cpuBefore);
    }
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return paths.map((_, i) => ({
    fps: (1000 * frames) / median(times[i]!),
    cpuMs: (1000 * median(cpu[i]!)) / frames,
  }));
}

function chunkOf(c: Case): ChunkPayload {
  return {
    jobId: 'bench',
    index: 0,
    inputUrl: 'unused',
    sourceWidth: c.width,
    sourceHeight: c.height,
    sourceFrames: c.frames,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    sourceStart: 0,
    sourceEnd: c.frames,
    decodeEnd: c.frames,
    outputStart: 0,
    outputEnd: c.frames,
    cutsAfter: [],
    ...(c.scale === 1 ? {} : { upscale: { model: c.model, factor: c.scale } }),
    output: { codec: 'h264', crf: 18, width: c.width * c.scale, height: c.height * c.scale },
    colour,
  };
}
