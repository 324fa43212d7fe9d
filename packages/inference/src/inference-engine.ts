// What a worker holds: the registry, the execution providers and one
// session per model for the life of the process. It hands out Upscalers and
// Interpolators by model id.
import type { ExecutionProviderName } from './execution-providers.js';
import { Interpolator } from './interpolator.js';
import { loadModel, type FrameIo } from './load-model.js';
import { ModelCache } from './model-cache.js';
import { ModelError } from './model-error.js';
import type { ModelEntry } from './model-manifest.js';
import type { ModelRegistry } from './model-registry.js';
import type { InferenceLogger, ModelSession } from './model-session.js';
import { Upscaler, type TilingOptions } from './upscaler.js';

/** Options for {@link InferenceEngine}. */
export interface InferenceEngineOptions {
  registry: ModelRegistry;
  /** In priority order, e.g. `parseExecutionProviders('cuda,cpu')`. */
  executionProviders: readonly ExecutionProviderName[];
  deviceId?: number;
  logger?: InferenceLogger;
  /** Where per-pixel conversion runs; default 'auto' (inside the graph when possible). */
  io?: FrameIo;
  /** Default tiling for every upscaler (each call may override it). */
  tiling?: TilingOptions;
  /** Warm-up frame side in pixels; 0 skips warm-ups. Default 64. */
  warmUpSize?: number;
}

/** Upscalers and Interpolators by model id, one session per model per process. */
export class InferenceEngine {
  private readonly cache = new ModelCache();

  constructor(private readonly options: InferenceEngineOptions) {}

  /**
   * An Upscaler for a super-resolution model. With `factor`, the model must
   * upscale by exactly that much.
   *
   * @throws ModelError MODEL_NOT_FOUND (unknown id, not sr, other factor),
   *   MODEL_CONTRACT, MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async upscaler(
    id: string,
    options: { factor?: number; tiling?: TilingOptions } = {},
  ): Promise<Upscaler> {
    const entry = this.options.registry.entry(id);
    if (entry.kind !== 'sr' || (options.factor !== undefined && entry.scale !== options.factor)) {
      const wanted = options.factor === undefined ? '' : ` ×${options.factor}`;
      throw new ModelError(
        'MODEL_NOT_FOUND',
        `model ${id} is not a${wanted} super-resolution model (it is ${describe(entry)})`,
      );
    }
    const tiling = { ...this.options.tiling, ...options.tiling };
    return new Upscaler(await this.session(entry), entry.scale, {
      tiling,
      padMultiple: entry.padMultiple,
    });
  }

  /**
   * An Interpolator for an interpolation model.
   *
   * @throws ModelError MODEL_NOT_FOUND (unknown id, not vfi), MODEL_CONTRACT, MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async interpolator(id: string): Promise<Interpolator> {
    const entry = this.options.registry.entry(id);
    if (entry.kind !== 'vfi') {
      throw new ModelError(
        'MODEL_NOT_FOUND',
        `model ${id} is not an interpolation model (it is ${describe(entry)})`,
      );
    }
    return new Interpolator(await this.session(entry), { padMultiple: entry.padMultiple });
  }

  /** The models loaded so far and the provider each runs on (for the worker heartbeat). */
  loadedModels(): Array<{ id: string; provider: ExecutionProviderName }> {
    return [...this.cache.loaded()].map(([id, session]) => ({ id, provider: session.provider }));
  }

  /** Releases every session (worker shutdown). */
  close(): Promise<void> {
    return this.cache.close();
  }

  private session(entry: ModelEntry): Promise<ModelSession> {
    const { registry, executionProviders, deviceId, logger, io, warmUpSize } = this.options;
    return this.cache.get(entry.id, async () =>
      loadModel({
        entry,
        bytes: await registry.bytes(entry.id),
        executionProviders,
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(logger === undefined ? {} : { logger }),
        ...(io === undefined ? {} : { io }),
        ...(warmUpSize === undefined ? {} : { warmUpSize }),
      }),
    );
  }
}

function describe(entry: ModelEntry): string {
  return entry.kind === 'sr'
    ? `a ×${entry.scale} super-resolution model`
    : 'an interpolation model';
}
