// Turns a manifest entry's bytes into a ready session for one pixel format:
// checked against its contract, wrapped for the packed frames when it can
// be, warmed up, and logged with the provider that really ran it.
import type { ExecutionProviderName } from './execution-providers.js';
import { FrameRunner, type FrameBatch } from './frame-runner.js';
import { checkContract } from './model-contract.js';
import { ModelError } from './model-error.js';
import type { ModelEntry } from './model-manifest.js';
import {
  loadModelSession,
  type InferenceLogger,
  type ModelSession,
  type SessionThreads,
} from './model-session.js';
import { readOnnxModel } from '@remaster/onnx-graph';
import { frameBytes, type PixelFormat } from './pixel-format.js';
import { canWrapForPackedRgb, wrapForPackedRgb } from './wrap-for-packed-rgb.js';
import { wrapForPlanarYuv, type PlanarYuvForm } from './wrap-for-planar-yuv.js';
import { YuvFrameModel } from './yuv-frame-model.js';
import { yuvFrameBytes } from './yuv-converter.js';
import { YUV_FORMATS, type YuvFormat } from './yuv-graph.js';

/**
 * Where per-pixel conversion runs. `graph`: inside onnxruntime (the model is
 * wrapped to take and return the packed frames); `js`: in JavaScript; `auto`
 * (default): `graph` when the model can be wrapped, else `js`.
 */
export type FrameIo = 'auto' | 'graph' | 'js';

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  entry: Pick<ModelEntry, 'id' | 'kind' | 'padMultiple' | 'layout' | 'strengthInput'>;
  bytes: Uint8Array;
  executionProviders: readonly ExecutionProviderName[];
  deviceId?: number;
  logger?: InferenceLogger;
  io?: FrameIo;
  /** The frames the session will take: rgb24 (default) or rgb48le. */
  format?: PixelFormat;
  /** Side of the warm-up frame in pixels (rounded up to the padding multiple); 0 skips the warm-up. Default 64. */
  warmUpSize?: number;
  /** onnxruntime's CPU threads; by default they do not spin between runs. */
  threads?: SessionThreads;
}

/**
 * Loads one model for Upscaler or Interpolator.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit its kind's contract;
 *   Error when onnxruntime cannot load or run it on the configured providers.
 */
export async function loadModel(options: LoadModelOptions): Promise<ModelSession> {
  const { entry, executionProviders, deviceId, logger = console, warmUpSize = 64 } = options;
  const format = options.format ?? 'rgb24';
  const bytes = prepareBytes(options, format, logger);
  const size = Math.ceil(warmUpSize / entry.padMultiple) * entry.padMultiple;
  return loadModelSession({
    bytes,
    executionProviders,
    logger,
    ...(options.threads ? { threads: options.threads } : {}),
    label: format === 'rgb24' ? entry.id : `${entry.id} (${format})`,
    ...(deviceId === undefined ? {} : { deviceId }),
    ...(size > 0
      ? { warmUp: (model: ModelSession) => warmUp(model, entry.kind, size, format) }
      : {}),
  });
}

/** Options for {@link loadYuvModel}: those of {@link loadModel}, with planes instead of a format. */
export interface LoadYuvModelOptions extends Omit<LoadModelOptions, 'format' | 'io' | 'entry'> {
  readonly entry: Pick<ModelEntry, 'id' | 'kind' | 'scale'>;
  readonly form: PlanarYuvForm;
}

/**
 * Loads one model in its fused form for the pipes' planar YUV frames (see
 * `wrapForPlanarYuv`), checked and warmed up like {@link loadModel}'s.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit its kind's contract or
 *   cannot be wrapped; Error when onnxruntime cannot load or run it.
 */
export function loadYuvModel(options: LoadYuvModelOptions): Promise<ModelSession> {
  const { entry, form, executionProviders, deviceId, logger = console } = options;
  // Even sides, for 4:2:0 chroma.
  const size = 2 * Math.ceil((options.warmUpSize ?? 64) / 2);
  return loadModelSession({
    bytes: wrapForPlanarYuv(options.bytes, form, entry.kind),
    executionProviders,
    logger,
    ...(options.threads ? { threads: options.threads } : {}),
    label: `${entry.id} (${form.yuv} ${form.matrix} ${form.range}, fused)`,
    ...(deviceId === undefined ? {} : { deviceId }),
    ...(size > 0
      ? {
          warmUp: async (model: ModelSession) => {
            // Any σ for a model with a strength input: the warm-up only checks that it runs.
            const runner = new YuvFrameModel(model, entry.kind, form, entry.scale, { sigma: 10 });
            const frame = midGrey(form.yuv, size);
            if (entry.kind === 'vfi') await runner.interpolate(frame, frame, 0.5, size, size);
            else if (entry.kind === 'restoration') await runner.restore(frame, size, size);
            else await runner.upscale(frame, size, size);
          },
        }
      : {}),
  });
}

function prepareBytes(
  options: LoadModelOptions,
  format: PixelFormat,
  logger: InferenceLogger,
): Uint8Array {
  const { entry, bytes, io = 'auto' } = options;
  const model = readOnnxModel(bytes);
  // Checked on the file first, so a misfit fails before any session exists.
  const contract = checkContract(model, entry.kind);
  checkStrengthInput(entry, contract.strengthInput);
  if (contract.layout !== 'nchw') {
    if (contract.layout === format) return bytes;
    throw new ModelError(
      'MODEL_CONTRACT',
      `model ${entry.id} takes only ${contract.layout} frames, not ${format}: register its planar float form (which runs on both), or ask for ${contract.layout === 'rgb24' ? '8-bit' : '10-bit'} output`,
    );
  }
  if (io === 'js') return bytes;
  if (io === 'auto' && !canWrapForPackedRgb(model)) {
    logger.info(`models: ${entry.id} converts frames in JavaScript (opset too old to wrap)`);
    return bytes;
  }
  return wrapForPackedRgb(bytes, entry.kind, format);
}

/**
 * What GET /v1/models says of a restoration model's strength input (a manifest's
 * `strengthInput`, or discovery's) must be what the file takes: the planner feeds σ by it.
 */
function checkStrengthInput(
  entry: Pick<ModelEntry, 'id' | 'kind' | 'strengthInput'>,
  actual: string | undefined,
): void {
  if (entry.kind !== 'restoration' || entry.strengthInput === actual) return;
  const said = entry.strengthInput === undefined ? 'none' : `'${entry.strengthInput}'`;
  const has = actual === undefined ? 'none (a blind model)' : `'${actual}'`;
  throw new ModelError(
    'MODEL_CONTRACT',
    `model ${entry.id}: its entry names strength input ${said} but the file takes ${has}; correct the manifest's "strengthInput"`,
  );
}

/** One run on a mid-grey frame: checks the contract against the session and warms it. */
async function warmUp(
  model: ModelSession,
  kind: ModelEntry['kind'],
  size: number,
  format: PixelFormat,
): Promise<void> {
  const runner = new FrameRunner(model, kind, format);
  const frame: FrameBatch = {
    // Mid-grey in either format (0x80 in every byte).
    data: new Uint8Array(frameBytes(format, size, size)).fill(128),
    count: 1,
    width: size,
    height: size,
  };
  if (kind === 'sr') await runner.upscaleBatch(frame);
  else if (kind === 'restoration') await runner.restoreBatch(frame, 0.05);
  else await runner.interpolateBatch(frame, frame, [0.5]);
}

/** A size×size frame of `yuv` with every sample at half its range. */
function midGrey(yuv: YuvFormat, size: number): Uint8Array {
  const { bits, onnxType } = YUV_FORMATS[yuv];
  const bytes = yuvFrameBytes(yuv, size, size);
  if (onnxType === 'uint8') return new Uint8Array(bytes).fill(2 ** (bits - 1));
  return new Uint8Array(new Uint16Array(bytes / 2).fill(2 ** (bits - 1)).buffer);
}
