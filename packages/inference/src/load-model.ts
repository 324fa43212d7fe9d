// Turns a manifest entry's bytes into a ready session: checked against its
// contract, wrapped for rgb24 frames when it can be, warmed up, and logged
// with the provider that really ran it.
import type { ExecutionProviderName } from './execution-providers.js';
import { FrameRunner, type Rgb24Batch } from './frame-runner.js';
import { checkContract } from './model-contract.js';
import type { ModelEntry } from './model-manifest.js';
import { loadModelSession, type InferenceLogger, type ModelSession } from './model-session.js';
import { readOnnxModel } from './onnx-reader.js';
import { canWrapForRgb24, wrapForRgb24 } from './wrap-for-rgb24.js';

/**
 * Where per-pixel conversion runs. `graph`: inside onnxruntime (the model is
 * wrapped to take and return rgb24); `js`: in JavaScript; `auto` (default):
 * `graph` when the model can be wrapped, else `js`.
 */
export type FrameIo = 'auto' | 'graph' | 'js';

/** Options for {@link loadModel}. */
export interface LoadModelOptions {
  entry: Pick<ModelEntry, 'id' | 'kind' | 'padMultiple' | 'layout'>;
  bytes: Uint8Array;
  executionProviders: readonly ExecutionProviderName[];
  deviceId?: number;
  logger?: InferenceLogger;
  io?: FrameIo;
  /** Side of the warm-up frame in pixels (rounded up to the padding multiple); 0 skips the warm-up. Default 64. */
  warmUpSize?: number;
}

/**
 * Loads one model for Upscaler or Interpolator.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit its kind's contract;
 *   Error when onnxruntime cannot load or run it on the configured providers.
 */
export async function loadModel(options: LoadModelOptions): Promise<ModelSession> {
  const { entry, executionProviders, deviceId, logger = console, warmUpSize = 64 } = options;
  const bytes = prepareBytes(options, logger);
  const size = Math.ceil(warmUpSize / entry.padMultiple) * entry.padMultiple;
  return loadModelSession({
    bytes,
    executionProviders,
    logger,
    label: entry.id,
    ...(deviceId === undefined ? {} : { deviceId }),
    ...(size > 0 ? { warmUp: (model: ModelSession) => warmUp(model, entry.kind, size) } : {}),
  });
}

function prepareBytes(options: LoadModelOptions, logger: InferenceLogger): Uint8Array {
  const { entry, bytes, io = 'auto' } = options;
  const model = readOnnxModel(bytes);
  // Checked on the file first, so a misfit fails before any session exists.
  const contract = checkContract(model, entry.kind);
  if (contract.layout === 'rgb24' || io === 'js') return bytes;
  if (io === 'auto' && !canWrapForRgb24(model)) {
    logger.info(`models: ${entry.id} converts frames in JavaScript (opset too old to wrap)`);
    return bytes;
  }
  return wrapForRgb24(bytes, entry.kind);
}

/** One run on a mid-grey frame: checks the contract against the session and warms it. */
async function warmUp(model: ModelSession, kind: ModelEntry['kind'], size: number): Promise<void> {
  const runner = new FrameRunner(model, kind);
  const frame: Rgb24Batch = {
    data: new Uint8Array(3 * size * size).fill(128),
    count: 1,
    width: size,
    height: size,
  };
  if (kind === 'sr') await runner.upscaleBatch(frame);
  else await runner.interpolateBatch(frame, frame, [0.5]);
}
