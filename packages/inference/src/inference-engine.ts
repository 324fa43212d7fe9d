// What a worker holds: the registry, the execution providers and one
// session per model for the life of the process. It hands out Upscalers and
// Interpolators by model id.
import type { ExecutionProviderName } from './execution-providers.js';
import { Interpolator } from './interpolator.js';
import { loadModel, loadYuvModel, type FrameIo } from './load-model.js';
import { ModelCache } from './model-cache.js';
import { ModelError } from './model-error.js';
import type { ModelEntry } from './model-manifest.js';
import type { ModelRegistry } from './model-registry.js';
import type { InferenceLogger, ModelSession, SessionThreads } from './model-session.js';
import type { PixelFormat } from './pixel-format.js';
import { Restorer } from './restorer.js';
import { Upscaler, type TilingOptions } from './upscaler.js';
import { YuvConverter, type YuvConversion } from './yuv-converter.js';
import { readOnnxModel } from '@remaster/onnx-graph';
import { fusesWell, type PlanarYuvForm } from './wrap-for-planar-yuv.js';
import { YuvFrameModel } from './yuv-frame-model.js';

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
  /** onnxruntime's CPU threads for every session (models and converters). */
  threads?: SessionThreads;
}

/**
 * Upscalers and Interpolators by model id, one session per model and pixel
 * format per process (a 10-bit job loads the rgb48le form next to the rgb24 one).
 */
export class InferenceEngine {
  private readonly cache = new ModelCache();
  /** YUV ↔ RGB converters by conversion, kept apart: they are not models. */
  private readonly converters = new Map<string, Promise<YuvConverter>>();
  /** Whether each model runs well fused (see `fusesWell`), by id. */
  private readonly fuses = new Map<string, boolean>();

  constructor(private readonly options: InferenceEngineOptions) {}

  /**
   * An Upscaler for a super-resolution model, on frames of `format` (default
   * rgb24). With `factor`, the model must upscale by exactly that much.
   *
   * @throws ModelError MODEL_NOT_FOUND (unknown id, not sr, other factor),
   *   MODEL_CONTRACT, MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async upscaler(
    id: string,
    options: { factor?: number; tiling?: TilingOptions; format?: PixelFormat } = {},
  ): Promise<Upscaler> {
    const entry = this.entry(id, 'sr', options.factor);
    // The model's own memory per pixel, unless the engine or the call sets one.
    const sizing = entry.bytesPerPixel === undefined ? {} : { bytesPerPixel: entry.bytesPerPixel };
    const tiling = { ...sizing, ...this.options.tiling, ...options.tiling };
    const format = options.format ?? 'rgb24';
    return new Upscaler(await this.session(entry, format), entry.scale, {
      tiling,
      padMultiple: entry.padMultiple,
      format,
    });
  }

  /**
   * An Interpolator for an interpolation model, on frames of `format` (default rgb24).
   *
   * @throws ModelError MODEL_NOT_FOUND (unknown id, not vfi), MODEL_CONTRACT, MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async interpolator(id: string, options: { format?: PixelFormat } = {}): Promise<Interpolator> {
    const entry = this.entry(id, 'vfi');
    const format = options.format ?? 'rgb24';
    return new Interpolator(await this.session(entry, format), {
      padMultiple: entry.padMultiple,
      format,
    });
  }

  /**
   * A Restorer for a 1x restoration model (denoise, deblock) on frames of `format` (default
   * rgb24), fed `sigma` when the model takes a strength.
   *
   * @throws ModelError MODEL_NOT_FOUND (unknown id, not restoration), MODEL_CONTRACT (a
   *   strength model without `sigma`), MODEL_CHECKSUM, MODEL_DOWNLOAD.
   */
  async restorer(
    id: string,
    options: { format?: PixelFormat; sigma?: number; tiling?: TilingOptions } = {},
  ): Promise<Restorer> {
    const entry = this.entry(id, 'restoration');
    const sizing = entry.bytesPerPixel === undefined ? {} : { bytesPerPixel: entry.bytesPerPixel };
    const tiling = { ...sizing, ...this.options.tiling, ...options.tiling };
    const format = options.format ?? 'rgb24';
    return new Restorer(await this.session(entry, format), {
      id,
      tiling,
      padMultiple: entry.padMultiple,
      format,
      ...(options.sigma === undefined ? {} : { sigma: options.sigma }),
    });
  }

  /**
   * A model (`kind` sr, ×`factor` when given, vfi, or restoration fed `sigma` when it takes
   * a strength) in its fused form for planar YUV frames of `form`: one session per model
   * and form per process; undefined when that form would run slower than the packed one
   * on the engine's providers (`fusesWell`). It runs frames whole, so use it for frames
   * that the model's {@link Upscaler}, {@link Interpolator} or {@link Restorer} would run
   * whole (their `fitsWhole`).
   *
   * @throws ModelError as {@link InferenceEngine.upscaler} (and {@link InferenceEngine.restorer}).
   */
  async yuvModel(
    id: string,
    options: { kind: ModelEntry['kind']; factor?: number; form: PlanarYuvForm; sigma?: number },
  ): Promise<YuvFrameModel | undefined> {
    const { kind, factor, form, sigma } = options;
    const entry = this.entry(id, kind, factor);
    const { registry, executionProviders, deviceId, logger, warmUpSize, threads } = this.options;
    // Read (checksummed, or built) once for the check and the load that follows it.
    let bytes: Promise<Uint8Array> | undefined;
    const modelBytes = () => (bytes ??= registry.bytes(id));
    let fuses = this.fuses.get(id);
    if (fuses === undefined) {
      fuses = fusesWell(readOnnxModel(await modelBytes()), executionProviders);
      this.fuses.set(id, fuses);
    }
    if (!fuses) return undefined;
    const key = `${id}@${form.yuv}/${form.matrix}/${form.range}`;
    const session = await this.cache.get(key, async () =>
      loadYuvModel({
        entry,
        form,
        bytes: await modelBytes(),
        executionProviders,
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(logger === undefined ? {} : { logger }),
        ...(warmUpSize === undefined ? {} : { warmUpSize }),
        ...(threads === undefined ? {} : { threads }),
      }),
    );
    return new YuvFrameModel(session, kind, form, entry.scale, {
      id,
      ...(sigma === undefined ? {} : { sigma }),
    });
  }

  /**
   * The YUV ↔ RGB converter between the pipes' planar frames and the models' packed RGB,
   * one per conversion per process, on the engine's execution providers.
   */
  converter(conversion: YuvConversion): Promise<YuvConverter> {
    const { yuv, rgb, matrix, range } = conversion;
    const key = `${yuv}/${rgb}/${matrix}/${range}`;
    let pending = this.converters.get(key);
    if (pending === undefined) {
      const { executionProviders, deviceId, logger, threads } = this.options;
      pending = YuvConverter.load({
        ...{ yuv, rgb, matrix, range, executionProviders },
        ...(threads === undefined ? {} : { threads }),
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(logger === undefined ? {} : { logger }),
      });
      this.converters.set(key, pending);
      // A failed load is forgotten so the next chunk tries again.
      pending.catch(() => this.converters.delete(key));
    }
    return pending;
  }

  /** The models loaded so far and the provider each runs on (for the worker heartbeat). */
  loadedModels(): Array<{ id: string; provider: ExecutionProviderName }> {
    const byId = new Map<string, ExecutionProviderName>();
    for (const [key, session] of this.cache.loaded()) byId.set(idOf(key), session.provider);
    return [...byId].map(([id, provider]) => ({ id, provider }));
  }

  /** Releases every session (worker shutdown). */
  async close(): Promise<void> {
    const converters = [...this.converters.values()];
    this.converters.clear();
    await Promise.allSettled(converters.map(async (c) => (await c).close()));
    return this.cache.close();
  }

  /** The registry's entry for `id`, checked to be a model of `kind` (and ×`factor`). */
  private entry(id: string, kind: ModelEntry['kind'], factor?: number): ModelEntry {
    const entry = this.options.registry.entry(id);
    if (entry.kind === kind && (factor === undefined || entry.scale === factor)) return entry;
    const wanted =
      kind === 'vfi'
        ? 'an interpolation model'
        : kind === 'restoration'
          ? 'a 1x restoration model'
          : `a${factor === undefined ? '' : ` ×${factor}`} super-resolution model`;
    throw new ModelError(
      'MODEL_NOT_FOUND',
      `model ${id} is not ${wanted} (it is ${describe(entry)})`,
    );
  }

  private session(entry: ModelEntry, format: PixelFormat): Promise<ModelSession> {
    const { registry, executionProviders, deviceId, logger, io, warmUpSize, threads } =
      this.options;
    return this.cache.get(cacheKey(entry.id, format), async () =>
      loadModel({
        entry,
        format,
        bytes: await registry.bytes(entry.id),
        executionProviders,
        ...(deviceId === undefined ? {} : { deviceId }),
        ...(logger === undefined ? {} : { logger }),
        ...(io === undefined ? {} : { io }),
        ...(warmUpSize === undefined ? {} : { warmUpSize }),
        ...(threads === undefined ? {} : { threads }),
      }),
    );
  }
}

/** `id` for rgb24 sessions, `id@rgb48le` for the others ('@' is never in a model id). */
function cacheKey(id: string, format: PixelFormat): string {
  return format === 'rgb24' ? id : `${id}@${format}`;
}

function idOf(cacheKey: string): string {
  return cacheKey.split('@')[0]!;
}

function describe(entry: ModelEntry): string {
  switch (entry.kind) {
    case 'sr':
      return `a ×${entry.scale} super-resolution model`;
    case 'vfi':
      return 'an interpolation model';
    case 'restoration':
      return `a 1x restoration model${entry.task === undefined ? '' : ` (${entry.task})`}`;
  }
}
