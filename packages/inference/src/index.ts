export {
  executionProviderNames,
  parseExecutionProviders,
  sessionExecutionProviders,
  type ExecutionProviderName,
} from './execution-providers.js';
export {
  loadModelSession,
  type InferenceLogger,
  type LoadModelSessionOptions,
  type ModelSession,
  type SessionThreads,
  type ModelSource,
} from './model-session.js';
export { ModelCache } from './model-cache.js';
export type { RunnableSession } from './inference-thread.js';
export { packedToPlanar, planarToPacked } from './frame-tensors.js';
export {
  checkFrameSize,
  frameBytes,
  frameSamples,
  PIXEL_FORMATS,
  pixelBytes,
  type PackedSamples,
  type PixelFormat,
} from './pixel-format.js';
export { Interpolator, type InterpolatorOptions } from './interpolator.js';
export { Restorer, strengthOf, type RestorerOptions } from './restorer.js';
export {
  tileSizeForBudget,
  Upscaler,
  type TilingOptions,
  type UpscalerOptions,
} from './upscaler.js';
export { ModelError, type ModelErrorCode } from './model-error.js';
export {
  checkContract,
  sessionSignature,
  type IoSignature,
  type ModelContract,
  type ModelKind,
  type ModelLayout,
  type TensorSignature,
} from './model-contract.js';
export {
  builtinEntries,
  modelInfo,
  parseModelManifest,
  type ModelEntry,
  type ModelInfo,
  type ModelEntrySource,
} from './model-manifest.js';
export type { ModelDefaults } from './model-defaults.js';
export { discoverModels, type DiscoveredModels, type SkippedModel } from './discover-models.js';
export {
  cachedModelPath,
  pullFile,
  pullModel,
  sha256File,
  type PullFile,
  type PullModelOptions,
} from './pull-model.js';
export {
  ModelRegistry,
  type LoadRegistryOptions,
  type ModelRegistryOptions,
} from './model-registry.js';
export {
  loadModel,
  loadYuvModel,
  type FrameIo,
  type LoadModelOptions,
  type LoadYuvModelOptions,
} from './load-model.js';
export { InferenceEngine, type InferenceEngineOptions } from './inference-engine.js';
export { FrameRunner, type FrameBatch } from './frame-runner.js';
export { canWrapForPackedRgb, packedRgbNames, wrapForPackedRgb } from './wrap-for-packed-rgb.js';
export {
  fusesWell,
  planarYuvNames,
  wrapForPlanarYuv,
  type PlanarYuvForm,
} from './wrap-for-planar-yuv.js';
export { YuvFrameModel } from './yuv-frame-model.js';
export { planTiles, type AxisSpan, type TilePlan, type TilePlanOptions } from './tile-plan.js';
export { float16ToFloat32, float32ToFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';
export { psnr } from './psnr.js';
export {
  YuvConverter,
  yuvFrameBytes,
  type LoadYuvConverterOptions,
  type YuvConversion,
} from './yuv-converter.js';
export {
  buildRgbToYuv,
  buildYuvToRgb,
  YUV_FORMATS,
  type YuvColour,
  type YuvFormat,
} from './yuv-graph.js';
export { describeNodeProviders, type NodeProviders } from './session-profile.js';
export { loadModelRegistry, type RegistryConfig } from './registry-from-config.js';
