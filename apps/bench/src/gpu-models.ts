// Frames per second of every SR model of a folder on the CUDA provider, at 720p and 1080p:
// bare onnxruntime on float tensors made beforehand, the Upscaler (rgb24 in and out, the
// rgb pipes) and the fused YUV session (yuv420p in and out, the pipes a GPU worker uses).
import * as ort from 'onnxruntime-node';
import type { ExecutionProviderName, ModelRegistry } from '@remaster/inference';
import { InferenceEngine, float32ToFloat16, packedToPlanar } from '@remaster/inference';
import { smoothFrame } from '@remaster/inference/testing';
import type { ModelRow } from './gpu-check-report.js';

const GPU_SIZES = [
  [1280, 720],
  [1920, 1080],
] as const;
const FORM = { yuv: 'yuv420p', matrix: 'bt709', range: 'tv' } as const;
const quiet = { info: () => {}, warn: () => {} };

/** Runs `once` untimed (warm-up), then `frames` times; frames per second. */
async function timedFps(frames: number, once: () => Promise<unknown>): Promise<number> {
  await once();
  const started = performance.now();
  for (let i = 0; i < frames; i++) await once();
  return (1000 * frames) / (performance.now() - started);
}

/** Every file SR model of `registry`, each path at each size, on `providers`. */
export async function gpuModelRows(options: {
  registry: ModelRegistry;
  providers: readonly ExecutionProviderName[];
  deviceId: number;
  frames: number;
}): Promise<ModelRow[]> {
  const { registry, providers, deviceId, frames } = options;
  const engine = new InferenceEngine({
    registry,
    executionProviders: providers,
    deviceId,
    logger: quiet,
  });
  const rows: ModelRow[] = [];
  try {
    const sr = registry.list().filter((m) => m.kind === 'sr');
    // The folder's models; the built-in ones only when it has none.
    const files = sr.filter((m) => m.source === 'file');
    for (const model of files.length > 0 ? files : sr) {
      for (const [width, height] of GPU_SIZES) {
        const input = `${width}x${height}`;
        const row = (
          path: ModelRow['path'],
          fps: number | undefined,
          note: string,
          bareFps?: number,
        ) =>
          rows.push({
            model: model.id,
            input,
            path,
            note,
            ...(fps === undefined ? {} : { fps }),
            ...(bareFps === undefined ? {} : { bareFps }),
          });
        const bare = await attempt(() =>
          bareFps({ bytes: registry.bytes(model.id), width, height, deviceId, frames }),
        );
        const bareResult = typeof bare === 'number' ? bare : undefined;
        row('bare onnxruntime', bareResult, typeof bare === 'number' ? 'cuda' : bare);
        const upscaler = await engine.upscaler(model.id);
        const rgb = smoothFrame(width, height);
        const upscaled = await attempt(() =>
          timedFps(frames, () => upscaler.upscale(rgb, width, height)),
        );
        row(
          'Upscaler rgb24',
          typeof upscaled === 'number' ? upscaled : undefined,
          typeof upscaled === 'number' ? `${upscaler.tileSize}px tiles` : upscaled,
          bareResult,
        );
        const fused = await attempt(async () => {
          const yuv = await engine.yuvModel(model.id, { kind: 'sr', form: FORM });
          if (!yuv) return 'not fused: fusesWell says the packed form is faster here';
          const frame = new Uint8Array((width * height * 3) / 2).fill(128);
          return timedFps(frames, () => yuv.upscale(frame, width, height));
        });
        row(
          'fused yuv420p',
          typeof fused === 'number' ? fused : undefined,
          typeof fused === 'number' ? providers[0]! : fused,
          bareResult,
        );
      }
    }
  } finally {
    await engine.close();
  }
  return rows;
}

/** The model alone: one onnxruntime session on the GPU, float tensors made beforehand. */
async function bareFps(options: {
  bytes: Promise<Uint8Array>;
  width: number;
  height: number;
  deviceId: number;
  frames: number;
}): Promise<number> {
  const { width, height, deviceId, frames } = options;
  const session = await ort.InferenceSession.create(await options.bytes, {
    executionProviders: [{ name: 'cuda', deviceId }],
    graphOptimizationLevel: 'all',
  });
  try {
    const planar = packedToPlanar(smoothFrame(width, height), width, height);
    const meta = session.inputMetadata[0] as { name: string; type?: string };
    const shape = [1, 3, height, width];
    const tensor =
      meta.type === 'float16'
        ? new ort.Tensor('float16', float32ToFloat16(planar), shape)
        : new ort.Tensor('float32', planar, shape);
    return await timedFps(frames, () => session.run({ [session.inputNames[0]!]: tensor }));
  } finally {
    await session.release();
  }
}

/** The result, or the first line of why it failed (an out-of-memory, a missing library). */
async function attempt<T>(run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    return `failed: ${(error as Error).message.split('\n')[0]!.slice(0, 160)}`;
  }
}
