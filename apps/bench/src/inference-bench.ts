// `pnpm --filter @remaster/bench inference`: frames per second of the inference paths
// on this machine.
//   1. Upscaler (rgb24 in, rgb24 out) vs a bare onnxruntime loop on pre-made
//      float tensors, same model, same process (goal: ratio ≥ 0.9).
//   2. Per-pixel conversion inside the graph vs in JavaScript.
//   3. Every SR model of ../shared/models at 360p and 720p, and the built-in
//      interpolators.
//   4. Decode → infer → encode with an identity model vs ffmpeg alone.
//   5. The built-in mci vs ffmpeg minterpolate (mi_mode=mci): fps at 360p
//      and mean PSNR on vfi_triplets, side by side (bench/minterpolate.ts).
// Frame counts are small so the whole run stays within a few minutes on 2 CPUs.
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { FrameIo, PixelFormat } from '@remaster/inference';
import { buildModel, findBuiltinModel, node, tensorInfo } from '@remaster/onnx-graph';
import {
  InferenceEngine,
  loadModel,
  ModelRegistry,
  packedToPlanar,
  Upscaler,
} from '@remaster/inference';
import { sharedModelsDir, skipUnless, smoothFrame, tripletsDir } from '@remaster/inference/testing';
import { mciVsMinterpolateQuality, mciVsMinterpolateSpeed } from './minterpolate.js';
import { pipelineVsFfmpeg } from './pipeline-bench.js';
import { benchSettingsOrExit } from './bench-settings.js';

const quiet = { info: () => {}, warn: () => {} };
const rows: string[][] = [];

/** Runs `once` untimed (warm-up), then `frames` times; returns frames per second. */
async function fps(frames: number, once: () => Promise<unknown>): Promise<number> {
  await once();
  const started = performance.now();
  for (let i = 0; i < frames; i++) await once();
  return (1000 * frames) / (performance.now() - started);
}

/**
 * Frames per second of several paths measured in interleaved rounds (one
 * frame of each per round), so a busy neighbour on a shared machine slows
 * them alike; each path's median frame time counts.
 */
async function interleaved(rounds: number, paths: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const path of paths) await path();
  const times = paths.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (const [index, path] of paths.entries()) {
      const started = performance.now();
      await path();
      times[index]!.push(performance.now() - started);
    }
  }
  return times.map((list) => 1000 / list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!);
}

function row(...cells: (string | number)[]): void {
  const line = cells.map((cell) => (typeof cell === 'number' ? cell.toFixed(3) : cell));
  rows.push(line);
  console.log(line.join('  |  '));
}

const srEntry = (id: string) => ({
  id,
  kind: 'sr' as const,
  padMultiple: 1,
  layout: 'nchw' as const,
});

async function upscalers(
  bytes: Uint8Array,
  scale: number,
  ios: FrameIo[],
  format: PixelFormat = 'rgb24',
): Promise<Upscaler[]> {
  return Promise.all(
    ios.map(async (io) => {
      const model = await loadModel({
        entry: srEntry('bench'),
        bytes,
        io,
        format,
        executionProviders: ['cpu'],
        logger: quiet,
      });
      return new Upscaler(model, scale, { tiling: { tileSize: 2048 }, format });
    }),
  );
}

async function upscalerVsBareLoop(): Promise<void> {
  const file = 'realesr-animevideov3.onnx';
  const bytes = await readFile(join(sharedModelsDir, file));
  const [width, height] = [320, 180];
  const frame = smoothFrame(width, height);
  const bare = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  const tensor = new ort.Tensor('float32', packedToPlanar(frame, width, height), [
    1,
    3,
    height,
    width,
  ]);
  const [graph, js] = await upscalers(bytes, 4, ['graph', 'js']);
  const [bareFps, graphFps, jsFps] = await interleaved(5, [
    () => bare.run({ input: tensor }),
    () => graph!.upscale(frame, width, height),
    () => js!.upscale(frame, width, height),
  ]);
  row(
    'bare onnxruntime loop, float32 tensors made beforehand',
    file,
    `${width}x${height}`,
    bareFps!,
    1,
  );
  row(
    'Upscaler.upscale, rgb24 in/out, conversion in graph',
    file,
    `${width}x${height}`,
    graphFps!,
    graphFps! / bareFps!,
  );
  row(
    'Upscaler.upscale, rgb24 in/out, conversion in JavaScript',
    file,
    `${width}x${height}`,
    jsFps!,
    jsFps! / bareFps!,
  );
  await bare.release();
}

/** An sr model with scale 1 that does nothing: what is left is the per-pixel conversion. */
function identityModel(): Uint8Array {
  return buildModel({
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H', 'W'])],
    nodes: [node('Identity', ['input'], ['output'])],
  });
}

async function graphVsJsConversion(): Promise<void> {
  const models = [
    { id: 'identity (conversion only)', bytes: identityModel(), scale: 1 },
    { id: 'bicubic-x2', bytes: findBuiltinModel('bicubic-x2')!.build(), scale: 2 },
  ];
  for (const { id, bytes, scale } of models) {
    for (const [width, height] of [
      [640, 360],
      [1280, 720],
    ] as const) {
      const frame = smoothFrame(width, height);
      const [graph, js] = await upscalers(bytes, scale, ['graph', 'js']);
      const [graphFps, jsFps] = await interleaved(6, [
        () => graph!.upscale(frame, width, height),
        () => js!.upscale(frame, width, height),
      ]);
      row(
        'conversion in graph (ratio: fps graph / fps JavaScript)',
        id,
        `${width}x${height}`,
        graphFps!,
        graphFps! / jsFps!,
      );
      row('conversion in JavaScript', id, `${width}x${height}`, jsFps!, 1);
    }
  }
}

async function pipeline(): Promise<void> {
  for (const format of ['rgb24', 'rgb48le'] as const) {
    const [identity] = await upscalers(identityModel(), 1, ['graph'], format);
    const depth = format === 'rgb24' ? '8-bit' : '10-bit';
    for (const clip of [
      { width: 640, height: 360, frames: 48 },
      { width: 1280, height: 720, frames: 24 },
    ]) {
      const { ffmpegFps, pipelineFps } = await pipelineVsFfmpeg(clip, identity!);
      const input = `${clip.width}x${clip.height} ${depth}, ${clip.frames} frames`;
      row(`ffmpeg decode + libx264 encode alone (${depth})`, '—', input, ffmpegFps, 1);
      row(
        `ffmpeg → ${format} pipe → Upscaler → ${format} pipe → ffmpeg (libx264)`,
        'identity, conversion in graph',
        input,
        pipelineFps,
        pipelineFps / ffmpegFps,
      );
    }
  }
}

async function everyModel(): Promise<void> {
  const registry = await ModelRegistry.load({ modelDirs: [sharedModelsDir] });
  const engine = new InferenceEngine({
    registry,
    executionProviders: ['cpu'],
    logger: quiet,
    warmUpSize: 32,
  });
  for (const [width, height, frames] of [
    [640, 360, 1],
    [1280, 720, 1],
  ] as const) {
    const frame = smoothFrame(width, height);
    for (const model of registry.list().filter((m) => m.kind === 'sr' && m.source === 'file')) {
      const upscaler = await engine.upscaler(model.id);
      const result = await fps(frames, () => upscaler.upscale(frame, width, height));
      row(
        `SR ×${model.scale}, ${upscaler.tileSize}px tiles`,
        model.id,
        `${width}x${height}`,
        result,
        '',
      );
    }
    for (const id of ['blend', 'mci']) {
      const interpolator = await engine.interpolator(id);
      const other = smoothFrame(width, height, 6);
      const result = await fps(2, () => interpolator.interpolate(frame, other, 0.5, width, height));
      row('VFI at t = 0.5', id, `${width}x${height}`, result, '');
    }
  }
  await engine.close();
}

async function mciVsMinterpolate(): Promise<void> {
  const registry = await ModelRegistry.load({ modelDirs: [] });
  // The worker's sessions (INFERENCE_THREADS default: 1 thread, no spinning) and, for the
  // comparison, onnxruntime's default threads (one per core), as the worker had them before.
  const common = { registry, executionProviders: ['cpu'] as const, logger: quiet };
  const engine = new InferenceEngine({ ...common, threads: { intraOp: 1 } });
  const defaultEngine = new InferenceEngine({ ...common, threads: { intraOp: 0 } });
  const mci = await engine.interpolator('mci');
  const clip = { width: 640, height: 360, frames: 26 };
  const speed = await mciVsMinterpolateSpeed(clip, mci, 5, await defaultEngine.interpolator('mci'));
  const quality = await mciVsMinterpolateQuality(mci);
  const input = `${clip.width}x${clip.height}, ${speed.interpolated} in-between frames; vfi_triplets mean PSNR`;
  const dB = (value: number) => `${value.toFixed(2)} dB`;
  row(
    'ffmpeg minterpolate=mi_mode=mci (1 thread)',
    dB(quality.minterpolate),
    input,
    speed.minterpolateFps,
    1,
  );
  row(
    'built-in mci, Interpolator (rgb24 in/out, 1 thread: the worker default)',
    dB(quality.mci),
    input,
    speed.mciFps,
    speed.mciFps / speed.minterpolateFps,
  );
  row(
    "built-in mci, Interpolator (rgb24 in/out, onnxruntime's default threads: before)",
    dB(quality.mci),
    input,
    speed.mciDefaultThreadsFps!,
    speed.mciDefaultThreadsFps! / speed.minterpolateFps,
  );
  row(
    'built-in mci, bare graph, 1 thread, float32 tensors made beforehand',
    dB(quality.mci),
    input,
    speed.bareFps,
    speed.bareFps / speed.minterpolateFps,
  );
  await Promise.all([engine.close(), defaultEngine.close()]);
}

const missing = skipUnless(sharedModelsDir) || skipUnless(tripletsDir);
if (missing) {
  console.log(`skipping: ${missing}`);
} else {
  const started = performance.now();
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('what | model | input | frames/s | ratio');
  // `mci` (flag --mci-only) runs only the last group.
  if (!benchSettingsOrExit('inference').mciOnly) {
    await upscalerVsBareLoop();
    await graphVsJsConversion();
    await pipeline();
    await everyModel();
  }
  await mciVsMinterpolate();
  console.log(
    `\nonnxruntime-node ${ort.env.versions.common}, cpu, default threads; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
  console.log(
    [
      '| what | model | input | frames/s | ratio |',
      '|---|---|---|---:|---:|',
      ...rows.map((cells) => `| ${cells.join(' | ')} |`),
    ].join('\n'),
  );
}
