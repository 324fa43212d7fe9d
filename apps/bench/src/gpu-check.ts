// `npm run gpu-check`: on a machine with an NVIDIA GPU, checks that onnxruntime loads the
// CUDA provider it is paired with (docs/deploy.md), times every SR model of
// ../shared/models at 720p and 1080p against bare onnxruntime on the same GPU (the
// Upscaler's rgb24 path and the fused YUV path), lists the NVENC encoders, runs one real
// job with a CUDA worker and says which stage bounds it. Bounded to 8 minutes. Without a
// GPU it says so and exits 0. Needs only the working tree (and ../shared/models, or
// GPU_CHECK_MODELS_DIR; without them the built-in models run).
import { existsSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { ModelRegistry } from '@remaster/inference';
import { sharedModelsDir } from '@remaster/inference/testing';
import { benchSettingsOrExit } from './bench-settings.js';
import type { GpuReport, ModelRow } from './gpu-check-report.js';
import { formatGpuReport } from './gpu-check-report.js';
import { runGpuJob } from './gpu-job.js';
import { gpuModelRows } from './gpu-models.js';
import { cudaPairing, findGpu, listNvenc } from './gpu-probe.js';

const LIMIT_MS = 8 * 60_000;
const JOB_SIZE = { width: 1280, height: 720 };

const settings = benchSettingsOrExit('gpuCheck');
const started = performance.now();
const found = await findGpu(settings.deviceId);
if ('missing' in found) {
  console.log(
    `gpu-check: no NVIDIA GPU to check here: ${found.missing}. Nothing was run. ` +
      'Run `npm run gpu-check` on a machine with an NVIDIA GPU and the CUDA provider (docs/deploy.md).',
  );
  process.exit(0);
}
// The check must not hang a GPU machine that was lent for a few minutes.
setTimeout(() => {
  console.error(`gpu-check: stopped after ${LIMIT_MS / 60_000} minutes`);
  process.exit(1);
}, LIMIT_MS).unref();

console.log(`gpu-check: GPU ${settings.deviceId}: ${found.gpu}`);
const pairing = await cudaPairing();
console.log(`gpu-check: CUDA provider: ${pairing.message}`);
const nvenc = await listNvenc();
if (!pairing.ok) {
  console.log(`gpu-check: NVENC encoders: ${nvenc.join(', ') || 'none'}`);
  console.error(
    'gpu-check: the CUDA provider is not installed as docs/deploy.md pairs it: stopped',
  );
  process.exit(1);
}

const modelsDir = settings.modelsDir ?? sharedModelsDir;
const haveModels = existsSync(modelsDir);
if (!haveModels) console.log(`gpu-check: ${modelsDir} is absent: timing the built-in models only`);
const registry = await ModelRegistry.load({ modelDirs: haveModels ? [modelsDir] : [] });
const models = await gpuModelRows({
  registry,
  providers: ['cuda', 'cpu'],
  deviceId: settings.deviceId,
  frames: settings.frames,
});
const jobModel =
  registry.list().find((m) => m.kind === 'sr' && m.scale === 2 && m.source === 'file')?.id ??
  'bicubic-x2';
let job: GpuReport['job'];
try {
  const result = await runGpuJob({
    model: jobModel,
    ...(haveModels ? { modelsDir } : {}),
    deviceId: settings.deviceId,
    ...JOB_SIZE,
  });
  job = {
    description: `×2 ${jobModel}, ${JOB_SIZE.width}x${JOB_SIZE.height} testsrc2, one CUDA worker (${result.providers})`,
    status: result.status,
    frames: result.frames,
    chunkFps: result.chunkFps,
    stages: {
      decode: result.decodeFps,
      model: modelStageFps(models, jobModel),
      encode: result.encodeFps,
    },
    encoder: 'libx264',
  };
} catch (error) {
  console.error(`gpu-check: the job did not run: ${(error as Error).message}`);
  process.exitCode = 1;
}
console.log(
  formatGpuReport({
    gpu: found.gpu,
    onnxruntime: `onnxruntime-node ${ort.env.versions.common}`,
    provider: pairing.message,
    nvenc,
    models,
    ...(job ? { job } : {}),
    seconds: (performance.now() - started) / 1000,
  }),
);

/** The model alone at the job's size, as the GPU worker runs it (fused YUV, else rgb24). */
function modelStageFps(rows: readonly ModelRow[], model: string): number {
  const input = `${JOB_SIZE.width}x${JOB_SIZE.height}`;
  const of = (path: ModelRow['path']) =>
    rows.find((r) => r.model === model && r.input === input && r.path === path)?.fps;
  return of('fused yuv420p') ?? of('Upscaler rgb24') ?? Number.NaN;
}
