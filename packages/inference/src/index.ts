export {
  attr,
  buildModel,
  floatTensor,
  int64Tensor,
  node,
  tensorInfo,
  type AttributeValue,
  type Dim,
  type Initializer,
  type ModelSpec,
  type OnnxNode,
  type TensorElementType,
  type ValueInfo,
} from './onnx-writer.js';
export { builtinModels, findBuiltinModel, type BuiltinModel } from './builtin-models.js';
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
  type ModelSource,
} from './model-session.js';
export { ModelCache } from './model-cache.js';
export { planarToRgb24, rgb24ToPlanar } from './frame-tensors.js';
export { Interpolator, Upscaler } from './frame-models.js';
