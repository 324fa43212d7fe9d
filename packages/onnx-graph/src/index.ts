export {
  attr,
  buildModel,
  DATA_TYPE,
  encodeNode,
  encodeTensor,
  encodeValueInfo,
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
export {
  defaultOpset,
  readOnnxModel,
  type OnnxModelInfo,
  type OnnxNodeInfo,
  type OnnxValueInfo,
} from './onnx-reader.js';
export { ProtoWriter } from './protobuf-writer.js';
export { protoString, readProtoFields, type ProtoField } from './protobuf-reader.js';
export { GraphBuilder } from './graph-builder.js';
export { buildMotionInterpolator, type MotionInterpolatorOptions } from './motion-interpolator.js';
export {
  BUILTIN_MODEL_INFO,
  type BuiltinModelId,
  type BuiltinModelInfo,
} from './builtin-catalog.js';
export { builtinModels, findBuiltinModel, type BuiltinModel } from './builtin-models.js';
