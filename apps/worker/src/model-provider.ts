import type { Config, Logger } from '@remaster/config';
import type {
  Interpolator,
  Restorer,
  ModelKind,
  PixelFormat,
  PlanarYuvForm,
  Upscaler,
  YuvConversion,
  YuvConverter,
  YuvFrameModel,
} from '@remaster/inference';
import {
  InferenceEngine,
  ModelError,
  loadModelRegistry,
  parseExecutionProviders,
} from '@remaster/inference';
import type { ModelCatalog } from '@remaster/jobs';
import { MODEL_CATALOG, RetryableFailure, TerminalFailure } from '@remaster/jobs';
import { AdaptiveUpscaler } from './adaptive-upscaler.js';

/**
 * The models a worker runs, by the ids jobs name: the registry (built-ins, MODELS_DIR,
 * MODELS_MANIFEST) and one onnxruntime session per model per process, reused across
 * chunks (two for a model that also runs 10-bit jobs: one per pixel format, and one per
 * YUV form it runs fused in). Frames go through the tiled path, converted inside the graph,
 * or whole through the fused form.
 */
export class ModelProvider {
  /** Tile sides lowered after out-of-memory runs, by model id, kept for later chunks. */
  private readonly tileSizes = new Map<string, number>();

  constructor(
    private readonly engine: InferenceEngine,
    private readonly logger?: Pick<Logger, 'warn'>,
    /** The registered models (GET /v1/models' view), defaults flagged. */
    readonly catalog: ModelCatalog = MODEL_CATALOG,
  ) {}

  /**
   * An upscaler for a ×`factor` super-resolution model; it halves its tiles when a run
   * runs out of memory (GPU_OUT_OF_MEMORY at the floor).
   */
  async upscaler(id: string, factor: number, format: PixelFormat): Promise<AdaptiveUpscaler> {
    const make = (tileSize?: number): Promise<Upscaler> =>
      asFailure(
        this.engine.upscaler(id, {
          factor,
          format,
          ...(tileSize ? { tiling: { tileSize } } : {}),
        }),
      );
    return new AdaptiveUpscaler(await make(this.tileSizes.get(id)), make, {
      onShrink: (from, to) => {
        this.tileSizes.set(id, to);
        this.logger?.warn({ model: id, from, to }, 'model ran out of memory: smaller tiles');
      },
    });
  }

  restorer(id: string, format: PixelFormat, inputs: { sigma?: number } = {}): Promise<Restorer> {
    return asFailure(this.engine.restorer(id, { format, ...inputs }));
  }

  interpolator(id: string, format: PixelFormat): Promise<Interpolator> {
    return asFailure(this.engine.interpolator(id, { format }));
  }

  /** The YUV ↔ RGB graphs between the pipes and the models (one per colour plan, kept). */
  converter(conversion: YuvConversion): Promise<YuvConverter> {
    return this.engine.converter(conversion);
  }

  /**
   * Model `id` fused with the YUV conversion of `form` (one session, whole frames);
   * undefined when it runs slower fused on these providers (a cubic Resize on cpu).
   */
  fused(
    id: string,
    options: { kind: ModelKind; factor?: number; form: PlanarYuvForm },
  ): Promise<YuvFrameModel | undefined> {
    return asFailure(this.engine.yuvModel(id, options));
  }

  /** The models loaded so far and the provider each runs on. */
  loadedModels(): Array<{ id: string; provider: string }> {
    return this.engine.loadedModels();
  }

  /** The provider onnxruntime reported for a loaded model (`unknown` if it is not loaded). */
  providerOf(id: string): string {
    return this.loadedModels().find((model) => model.id === id)?.provider ?? 'unknown';
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/** The worker's ModelProvider from its configuration; logs the models it found. */
export async function createModelProvider(config: Config, logger: Logger): Promise<ModelProvider> {
  const inferenceLogger = {
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.warn(message),
  };
  const registry = await loadModelRegistry(config, inferenceLogger);
  logger.info({ models: registry.list().map((model) => model.id) }, 'models registered');
  const engine = new InferenceEngine({
    registry,
    executionProviders: parseExecutionProviders(config.EXECUTION_PROVIDERS),
    deviceId: config.GPU_DEVICE_ID,
    logger: inferenceLogger,
    threads: { intraOp: config.INFERENCE_THREADS },
    tiling: {
      ...(config.TILE_SIZE ? { tileSize: config.TILE_SIZE } : {}),
      memoryBudgetBytes: config.INFERENCE_MEMORY_MB * 1024 * 1024,
    },
  });
  return new ModelProvider(engine, logger, registry.list());
}

/** Model errors as job failures: a download may pass on retry, the rest never will. */
async function asFailure<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const message = `${error.code}: ${error.message}`;
    if (error.code === 'MODEL_DOWNLOAD') {
      throw new RetryableFailure('MODEL_NOT_FOUND', message, { cause: error });
    }
    throw new TerminalFailure('MODEL_NOT_FOUND', message);
  }
}
