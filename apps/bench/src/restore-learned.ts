// The restore bench's learned 1x models (../shared/restore-models, PROVENANCE.md there)
// through the inference package's Restorer, on CPU with one onnxruntime thread as the
// worker runs them (INFERENCE_THREADS 1): on the first frames of the σ-noisy RGB clip (each
// denoiser) and of the JPEG clip (DnCNN-3), PSNR before and after, and frames/s against the
// plain rgb24 decode timed just before them. Each model restores one frame untimed first:
// onnxruntime's first run at a size allocates what the later ones reuse.
import { loadavg } from 'node:os';
import { InferenceEngine, ModelRegistry } from '@remaster/inference';
import { buildRestoreFilter } from '@remaster/media';
import type { RestoreClips } from './restore-clips.js';
import { decodeFrames } from './restore-frames.js';
import type { PsnrMeasure } from './restore-quality.js';
import { psnrRows } from './restore-quality.js';
import type { QualityFigures, SpeedFigures } from './restore-report.js';
import type { SpeedContext } from './restore-speed.js';
import { plainDecodeRuns, timeRounds } from './restore-speed.js';

/** Each model, its σ when it takes a strength, and the degraded clips it is measured on. */
const MODELS: readonly {
  readonly id: string;
  readonly sigma?: number;
  readonly on: readonly ('noise' | 'jpeg')[];
}[] = [
  { id: 'ffdnet_color', sigma: 15, on: ['noise'] },
  { id: 'cdncnn_b_color_blind', on: ['noise'] },
  { id: 'dncnn3_luma_rgbwrap', on: ['noise', 'jpeg'] },
];

export interface LearnedContext extends SpeedContext {
  readonly clips: RestoreClips;
  readonly modelsDir: string;
  /** Frames each model restores per clip (timed), after its untimed first one. */
  readonly modelFrames: number;
  readonly sigma: number;
  readonly jpegQuality: number;
}

/** The learned models' speed rows and quality rows. */
export async function learnedRestoration(
  context: LearnedContext,
): Promise<{ speed: SpeedFigures[]; quality: QualityFigures[] }> {
  const { clips, width, height, modelFrames, frames } = context;
  const first = (url: string) =>
    decodeFrames({ url, frames: modelFrames, fps: clips.fps, width, height, pixelFormat: 'rgb24' });
  const degraded = { noise: await first(clips.noisyRgb), jpeg: await first(clips.jpeg) };
  const names = {
    noise: `Gaussian σ ${context.sigma} on R, G, B`,
    jpeg: `JPEG q${context.jpegQuality} (IJG tables)`,
  };
  const measures: Record<'noise' | 'jpeg', PsnrMeasure[]> = {
    noise: ['rgb'],
    jpeg: ['rgb', 'rgb-y601'],
  };
  const reference = clips.clean.slice(0, modelFrames);
  const quality: QualityFigures[] = [];
  // The classical filters on the same frames, for a like-for-like comparison.
  for (const [clip, url, plan] of [
    ['noise', clips.noisyRgb, { denoise: { sigma: context.sigma } }],
    ['jpeg', clips.jpeg, { deblock: true }],
  ] as const) {
    const filter = buildRestoreFilter(plan)!;
    const options = { url, frames: modelFrames, fps: clips.fps, width, height, filter };
    quality.push(
      ...psnrRows({
        degradation: names[clip],
        restoration: `\`${filter}\` (the models' frames)`,
        degraded: degraded[clip],
        restored: await decodeFrames({ ...options, pixelFormat: 'rgb24' }),
        reference,
        measures: measures[clip],
      }),
    );
  }
  const registry = await ModelRegistry.load({
    modelDirs: [context.modelsDir],
    withoutBuiltins: true,
  });
  const engine = new InferenceEngine({
    registry,
    executionProviders: ['cpu'],
    threads: { intraOp: 1 },
  });
  const plain = await timeRounds(context.rounds, plainDecodeRuns(context, 'rgb24'));
  const baseline = {
    name: 'plain decode, rgb24',
    frames,
    seconds: plain.plain,
    start: plain.plainStart,
  };
  const speed: SpeedFigures[] = [];
  try {
    for (const model of MODELS) {
      const restorer = await engine.restorer(model.id, {
        ...(model.sigma !== undefined && { sigma: model.sigma }),
      });
      const label = `${model.id}${model.sigma === undefined ? '' : ` σ ${model.sigma}`}`;
      for (const clip of model.on) {
        const inputs = degraded[clip];
        await restorer.restore(inputs[0]!, width, height);
        const restored: Buffer[] = [];
        const started = performance.now();
        for (const frame of inputs) restored.push(await restorer.restore(frame, width, height));
        const seconds = (performance.now() - started) / 1000;
        const whole = restorer.fitsWhole(width, height) ? 'whole frames' : 'tiled';
        speed.push({
          stage: `learned ${label} (Restorer, 1 thread, ${whole}) on ${clip}`,
          frames: inputs.length,
          seconds,
          baseline,
          load: loadavg(),
        });
        console.log(`  ${label} on ${clip}: ${(seconds / inputs.length).toFixed(2)} s a frame`);
        quality.push(
          ...psnrRows({
            degradation: names[clip],
            restoration: label,
            degraded: inputs,
            restored,
            reference,
            measures: measures[clip],
          }),
        );
      }
    }
  } finally {
    await engine.close();
  }
  return { speed, quality };
}
