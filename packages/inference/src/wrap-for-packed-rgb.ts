// Moves per-pixel pre/post-processing into the model: the wrapped graph takes
// ffmpeg's packed frames as they are (rgb24 as uint8 NHWC, rgb48le as uint16
// NHWC) and returns the same, so onnxruntime (multi-threaded, or on the GPU)
// does the layout change, scaling, clamping and rounding that JavaScript
// would otherwise do one sample at a time.
//
// The original graph is re-emitted field by field, untouched (weights stored
// as initializers or as Constant nodes alike); new nodes go before and after
// it, and its frame inputs and output stop being graph inputs and outputs.
import { checkContract, type ModelContract, type ModelKind } from './model-contract.js';
import { PIXEL_FORMATS, type PixelFormat } from './pixel-format.js';
import { ModelError } from './model-error.js';
import type { Initializer, OnnxModelInfo, OnnxNode, ValueInfo } from '@remaster/onnx-graph';
import {
  attr,
  DATA_TYPE,
  defaultOpset,
  encodeNode,
  encodeTensor,
  encodeValueInfo,
  floatTensor,
  int64Tensor,
  node,
  protoString,
  ProtoWriter,
  readOnnxModel,
  readProtoFields,
  tensorInfo,
} from '@remaster/onnx-graph';

/** Names of a wrapped model's inputs and output, e.g. `rgb24`, `rgb24_a` … `rgb24_out`. */
export function packedRgbNames(format: PixelFormat) {
  return {
    frame: format,
    a: `${format}_a`,
    b: `${format}_b`,
    timestep: `${format}_timestep`,
    output: `${format}_out`,
  } as const;
}

type Names = ReturnType<typeof packedRgbNames>;

/** Clip and Round take their current form in opset 11. */
const MIN_OPSET = 11;
/** Every name the wrapping adds (other than the interface) starts with this. */
const PREFIX = 'remaster_packed_';

/** Parts added around the original graph. */
interface Wrapping {
  before: OnnxNode[];
  after: OnnxNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
}

/** Whether {@link wrapForPackedRgb} can wrap this model (its default-domain opset is 11 or later). */
export function canWrapForPackedRgb(model: OnnxModelInfo): boolean {
  return defaultOpset(model) >= MIN_OPSET;
}

/**
 * Wraps an sr or vfi model (planar float32/float16 in [0,1], DESIGN.md §3)
 * so it takes packed frames of `format` (samples uint8 for rgb24, uint16 for
 * rgb48le; names from {@link packedRgbNames}, shown for rgb24): sr `rgb24`
 * [N,H,W,3] → `rgb24_out` [N,sH,sW,3]; vfi (`rgb24_a`, `rgb24_b` [N,H,W,3],
 * `rgb24_timestep` float32 [N,1,1,1]) → `rgb24_out`. Samples are divided by
 * their maximum (255 or 65535); the output is clamped to [0,1], scaled back
 * and rounded (half to even) in the graph.
 *
 * @throws ModelError MODEL_CONTRACT when the model does not fit a contract or its opset is below 11.
 */
export function wrapForPackedRgb(
  bytes: Uint8Array,
  kind?: ModelKind,
  format: PixelFormat = 'rgb24',
): Uint8Array {
  const model = readOnnxModel(bytes);
  if (!canWrapForPackedRgb(model)) {
    throw new ModelError(
      'MODEL_CONTRACT',
      `model opset ${defaultOpset(model)} is below ${MIN_OPSET}; run it without ${format} wrapping`,
    );
  }
  const contract = checkContract(model, kind);
  if (contract.layout !== 'nchw') {
    throw new ModelError('MODEL_CONTRACT', `the model already takes ${contract.layout} frames`);
  }
  const names = packedRgbNames(format);
  const wrapping =
    contract.kind === 'sr' ? wrapSr(contract, names, format) : wrapVfi(contract, names, format);
  checkNamesFree(model, wrapping, names);
  // onnxruntime warns about initializers no node reads.
  const used = new Set([...wrapping.before, ...wrapping.after].flatMap((n) => n.inputs));
  wrapping.initializers = wrapping.initializers.filter(({ name }) => used.has(name));
  return rewriteModel(bytes, contract, wrapping, { name: names.output, format });
}

function wrapSr(contract: ModelContract, names: Names, format: PixelFormat): Wrapping {
  const [input] = contract.inputs as [string];
  return {
    before: toPlanar(names.frame, input, contract.dtype),
    after: toPacked(contract, names, format),
    initializers: constants(format),
    inputs: [frameInfo(names.frame, format)],
  };
}

function wrapVfi(contract: ModelContract, names: Names, format: PixelFormat): Wrapping {
  const { dtype, inputs, timestepShape } = contract;
  const wrapping: Wrapping = {
    before: [],
    after: toPacked(contract, names, format),
    initializers: constants(format),
    inputs: [
      frameInfo(names.a, format),
      frameInfo(names.b, format),
      tensorInfo(names.timestep, 'float32', ['N', 1, 1, 1]),
    ],
  };
  const [packedOrA, b, timestep] = inputs;
  if (packedOrA === undefined) throw new Error('vfi contract without inputs');
  if (b === undefined || timestep === undefined) {
    // Seven-channel form: A, B and a timestep plane concatenated on the channel axis.
    wrapping.before.push(
      ...toPlanar(names.a, `${PREFIX}a`, 'float32'),
      ...toPlanar(names.b, `${PREFIX}b`, 'float32'),
      ...timestepPlane(names.timestep, `${PREFIX}a`, `${PREFIX}t_plane`),
      node('Concat', [`${PREFIX}a`, `${PREFIX}b`, `${PREFIX}t_plane`], [`${PREFIX}packed`], {
        axis: attr.int(1),
      }),
      castTo(`${PREFIX}packed`, packedOrA, dtype),
    );
    return wrapping;
  }
  wrapping.before.push(
    ...toPlanar(names.a, packedOrA, dtype),
    ...toPlanar(names.b, b, dtype),
    ...timestepInput(
      names.timestep,
      timestepShape ?? [],
      `${PREFIX}${names.a}_unit`,
      `${PREFIX}t_shaped`,
    ),
    castTo(`${PREFIX}t_shaped`, timestep, dtype),
  );
  return wrapping;
}

/**
 * Packed samples NHWC → float NCHW in [0,1]; transposing the samples first moves a
 * quarter (uint8) or half (uint16) of the memory.
 */
function toPlanar(from: string, to: string, dtype: ModelContract['dtype']): OnnxNode[] {
  const id = `${PREFIX}${from}`;
  return [
    node('Transpose', [from], [`${id}_nchw`], { perm: attr.ints([0, 3, 1, 2]) }),
    node('Cast', [`${id}_nchw`], [`${id}_float`], { to: attr.int(DATA_TYPE.float32) }),
    // Division, like the JavaScript path, gives the correctly rounded k/max.
    node('Div', [`${id}_float`, `${PREFIX}max`], [`${id}_unit`]),
    castTo(`${id}_unit`, to, dtype),
  ];
}

/** Output → clamp to [0,1] → ×max → round → uint8/uint16 → NHWC. */
function toPacked(contract: ModelContract, names: Names, format: PixelFormat): OnnxNode[] {
  const float = contract.dtype === 'float16' ? `${PREFIX}out_float` : contract.output;
  const sampleType = DATA_TYPE[PIXEL_FORMATS[format].onnxType];
  return [
    ...(float === contract.output
      ? []
      : [node('Cast', [contract.output], [float], { to: attr.int(DATA_TYPE.float32) })]),
    node('Clip', [float, `${PREFIX}0`, `${PREFIX}1`], [`${PREFIX}clipped`]),
    node('Mul', [`${PREFIX}clipped`, `${PREFIX}max`], [`${PREFIX}scaled`]),
    node('Round', [`${PREFIX}scaled`], [`${PREFIX}rounded`]),
    node('Cast', [`${PREFIX}rounded`], [`${PREFIX}samples`], { to: attr.int(sampleType) }),
    node('Transpose', [`${PREFIX}samples`], [names.output], { perm: attr.ints([0, 2, 3, 1]) }),
  ];
}

/** Broadcasts the [N,1,1,1] `timestep` to [N,1,H,W], taking H and W from `like` ([N,C,H,W]). */
function timestepPlane(timestep: string, like: string, to: string): OnnxNode[] {
  return [
    node('Shape', [like], [`${PREFIX}shape`]),
    // [N,C,H,W]·[1,0,1,1] + [0,1,0,0] = [N,1,H,W]
    node('Mul', [`${PREFIX}shape`, `${PREFIX}keep_nhw`], [`${PREFIX}shape_n0hw`]),
    node('Add', [`${PREFIX}shape_n0hw`, `${PREFIX}one_channel`], [`${PREFIX}plane_shape`]),
    node('Expand', [timestep, `${PREFIX}plane_shape`], [to]),
  ];
}

/** Shapes the [N,1,1,1] `timestep` as the three-input model declares it. */
function timestepInput(
  timestep: string,
  shape: readonly (number | string)[],
  like: string,
  to: string,
): OnnxNode[] {
  if (shape.length === 4 && shape[2] === 1 && shape[3] === 1) {
    return [node('Identity', [timestep], [to])];
  }
  if (shape.length === 4) return timestepPlane(timestep, like, to);
  const target = shape.length === 0 ? `${PREFIX}scalar_shape` : `${PREFIX}vector_shape`;
  return [node('Reshape', [timestep, target], [to])];
}

function castTo(from: string, to: string, dtype: ModelContract['dtype']): OnnxNode {
  if (dtype === 'float32') return node('Identity', [from], [to]);
  return node('Cast', [from], [to], { to: attr.int(DATA_TYPE[dtype]) });
}

function constants(format: PixelFormat): Initializer[] {
  return [
    floatTensor(`${PREFIX}0`, [], [0]),
    floatTensor(`${PREFIX}1`, [], [1]),
    floatTensor(`${PREFIX}max`, [], [PIXEL_FORMATS[format].maxSample]),
    int64Tensor(`${PREFIX}keep_nhw`, [4], [1, 0, 1, 1]),
    int64Tensor(`${PREFIX}one_channel`, [4], [0, 1, 0, 0]),
    int64Tensor(`${PREFIX}scalar_shape`, [0], []),
    int64Tensor(`${PREFIX}vector_shape`, [1], [-1]),
  ];
}

function frameInfo(name: string, format: PixelFormat): ValueInfo {
  return tensorInfo(name, PIXEL_FORMATS[format].onnxType, ['N', 'H', 'W', 3]);
}

function checkNamesFree(model: OnnxModelInfo, wrapping: Wrapping, names: Names): void {
  const taken = new Set([
    ...model.inputs.map((input) => input.name),
    ...model.initializerNames,
    ...model.nodes.flatMap((n) => n.outputs),
  ]);
  const added = [...wrapping.inputs.map((input) => input.name), names.output];
  const clash = added.find((name) => taken.has(name) || name.startsWith(PREFIX));
  const internal = [...taken].find((name) => name.startsWith(PREFIX));
  if (clash !== undefined || internal !== undefined) {
    throw new ModelError(
      'MODEL_CONTRACT',
      `the model already uses the name '${clash ?? internal}'; run it without packed-frame wrapping`,
    );
  }
}

/** The wrapped graph's one output. */
interface PackedOutput {
  name: string;
  format: PixelFormat;
}

/** Copies every ModelProto field, replacing the graph (field 7) with the wrapped one. */
function rewriteModel(
  bytes: Uint8Array,
  contract: ModelContract,
  wrapping: Wrapping,
  output: PackedOutput,
): Uint8Array {
  const model = new ProtoWriter();
  for (const field of readProtoFields(bytes)) {
    if (field.field === 7) model.message(7, rewriteGraph(field.bytes, contract, wrapping, output));
    else model.raw(bytes.subarray(field.start, field.end));
  }
  return model.finish();
}

function rewriteGraph(
  bytes: Uint8Array,
  contract: ModelContract,
  wrapping: Wrapping,
  { name, format }: PackedOutput,
): Uint8Array {
  const graph = new ProtoWriter();
  const replaced = new Set([...contract.inputs, contract.output]);
  // Repeated fields keep their order across the message, so nodes run before, original, after.
  const named = (n: OnnxNode, index: number) => ({ ...n, name: `${PREFIX}${n.opType}_${index}` });
  wrapping.before.forEach((n, index) => graph.message(1, encodeNode(named(n, index), index)));
  for (const field of readProtoFields(bytes)) {
    const isInterface = field.field === 11 || field.field === 12;
    if (isInterface && replaced.has(readName(field.bytes))) continue;
    graph.raw(bytes.subarray(field.start, field.end));
  }
  const offset = wrapping.before.length;
  wrapping.after.forEach((n, index) => {
    graph.message(1, encodeNode(named(n, offset + index), offset + index));
  });
  for (const initializer of wrapping.initializers) graph.message(5, encodeTensor(initializer));
  for (const input of wrapping.inputs) graph.message(11, encodeValueInfo(input));
  const output = tensorInfo(name, PIXEL_FORMATS[format].onnxType, ['N', 'H_out', 'W_out', 3]);
  graph.message(12, encodeValueInfo(output));
  return graph.finish();
}

function readName(valueInfo: Uint8Array): string {
  for (const field of readProtoFields(valueInfo)) {
    if (field.field === 1) return protoString(field.bytes);
  }
  return '';
}
