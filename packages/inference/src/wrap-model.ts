// What the wrappers of a model share (wrap-for-packed-rgb.ts, wrap-for-planar-yuv.ts):
// the checks, the nodes that feed the contract's inputs from float frames in [0,1],
// and the rewrite that splices new nodes around the original graph.
//
// The original graph is re-emitted field by field, untouched (weights stored
// as initializers or as Constant nodes alike); new nodes go before and after
// it, and its frame inputs and output stop being graph inputs and outputs.
import { checkContract, type ModelContract, type ModelKind } from './model-contract.js';
import { ModelError } from './model-error.js';
import type { Initializer, OnnxModelInfo, OnnxNode, ValueInfo } from '@remaster/onnx-graph';
import {
  attr,
  DATA_TYPE,
  defaultOpset,
  encodeNode,
  encodeTensor,
  encodeValueInfo,
  int64Tensor,
  node,
  protoString,
  ProtoWriter,
  readOnnxModel,
  readProtoFields,
} from '@remaster/onnx-graph';

/** Clip and Round take their current form in opset 11, and Resize its roi input. */
const MIN_OPSET = 11;
/** Every name a wrapping adds (other than its interface) starts with this. */
export const WRAP_PREFIX = 'remaster_';
const PREFIX = `${WRAP_PREFIX}feed_`;

/** Parts added around the original graph. */
export interface Wrapping {
  before: OnnxNode[];
  after: OnnxNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  output: ValueInfo;
}

/** The frames a wrapping hands the model: float32 planar [N,3,H,W] in [0,1]. */
export type ModelFeed =
  | { kind: 'sr'; frame: string }
  /** `strength` float32 [N,1,1,1], for a model with a strength input. */
  | { kind: 'restoration'; frame: string; strength?: string }
  /** `timestep` float32 [N,1,1,1]. */
  | { kind: 'vfi'; a: string; b: string; timestep: string };

/** Whether a model can be wrapped (its default-domain opset is 11 or later). */
export function canWrap(model: OnnxModelInfo): boolean {
  return defaultOpset(model) >= MIN_OPSET;
}

/**
 * Reads and checks a model for wrapping into `form` (named in errors).
 *
 * @throws ModelError MODEL_CONTRACT when it fits no contract, is wrapped already or its opset is below 11.
 */
export function modelToWrap(
  bytes: Uint8Array,
  kind: ModelKind | undefined,
  form: string,
): ModelContract {
  const model = readOnnxModel(bytes);
  if (!canWrap(model)) {
    throw new ModelError(
      'MODEL_CONTRACT',
      `model opset ${defaultOpset(model)} is below ${MIN_OPSET}; run it without ${form} wrapping`,
    );
  }
  const contract = checkContract(model, kind);
  if (contract.layout !== 'nchw') {
    throw new ModelError('MODEL_CONTRACT', `the model already takes ${contract.layout} frames`);
  }
  return contract;
}

/** Nodes from the feed's frames to the contract's inputs, in its dtype and form. */
export function feedModel(contract: ModelContract, feed: ModelFeed): OnnxNode[] {
  const { dtype, inputs, timestepShape } = contract;
  const [first, b, timestep] = inputs;
  if (first === undefined) throw new Error('contract without inputs');
  if (feed.kind === 'sr') return [castTo(feed.frame, first, dtype)];
  if (feed.kind === 'restoration') return feedRestoration(contract, feed);
  if (b === undefined || timestep === undefined) {
    // Seven-channel form: A, B and a timestep plane concatenated on the channel axis.
    return [
      ...timestepPlane(feed.timestep, feed.a, `${PREFIX}t_plane`),
      node('Concat', [feed.a, feed.b, `${PREFIX}t_plane`], [`${PREFIX}packed`], {
        axis: attr.int(1),
      }),
      castTo(`${PREFIX}packed`, first, dtype),
    ];
  }
  return [
    castTo(feed.a, first, dtype),
    castTo(feed.b, b, dtype),
    ...timestepInput(feed.timestep, timestepShape ?? [], feed.a, `${PREFIX}t_shaped`),
    castTo(`${PREFIX}t_shaped`, timestep, dtype),
  ];
}

/** The frame, and the [N,1,1,1] strength shaped as the model declares its strength input. */
function feedRestoration(
  contract: ModelContract,
  feed: { frame: string; strength?: string },
): OnnxNode[] {
  const { dtype, inputs, strengthInput, strengthShape } = contract;
  const frame = castTo(feed.frame, inputs[0]!, dtype);
  if (strengthInput === undefined) return [frame];
  if (feed.strength === undefined) throw new Error('the model takes a strength: feed one');
  return [
    frame,
    ...timestepInput(feed.strength, strengthShape ?? [], feed.frame, `${PREFIX}s_shaped`),
    castTo(`${PREFIX}s_shaped`, strengthInput, dtype),
  ];
}

/** The model's output as float32: its own name, or a Cast of a float16 one. */
export function outputAsFloat(contract: ModelContract): { nodes: OnnxNode[]; name: string } {
  if (contract.dtype !== 'float16') return { nodes: [], name: contract.output };
  const name = `${PREFIX}out_float`;
  return {
    nodes: [node('Cast', [contract.output], [name], { to: attr.int(DATA_TYPE.float32) })],
    name,
  };
}

/** Constants {@link feedModel} reads (unused ones are dropped by {@link wrapModel}). */
export function feedConstants(): Initializer[] {
  return [
    int64Tensor(`${PREFIX}keep_nhw`, [4], [1, 0, 1, 1]),
    int64Tensor(`${PREFIX}one_channel`, [4], [0, 1, 0, 0]),
    int64Tensor(`${PREFIX}scalar_shape`, [0], []),
    int64Tensor(`${PREFIX}vector_shape`, [1], [-1]),
  ];
}

/**
 * The model with `wrapping` spliced around its graph.
 *
 * @throws ModelError MODEL_CONTRACT when the model already uses a name the wrapping adds.
 */
export function wrapModel(
  bytes: Uint8Array,
  contract: ModelContract,
  wrapping: Wrapping,
): Uint8Array {
  checkNamesFree(readOnnxModel(bytes), wrapping);
  // onnxruntime warns about initializers no node reads.
  const used = new Set([...wrapping.before, ...wrapping.after].flatMap((n) => n.inputs));
  const initializers = wrapping.initializers.filter(({ name }) => used.has(name));
  const model = new ProtoWriter();
  for (const field of readProtoFields(bytes)) {
    if (field.field === 7) {
      model.message(7, rewriteGraph(field.bytes, contract, { ...wrapping, initializers }));
    } else model.raw(bytes.subarray(field.start, field.end));
  }
  return model.finish();
}

/** Broadcasts the [N,1,1,1] `timestep` (or strength) to [N,1,H,W], taking H and W from `like` ([N,C,H,W]). */
function timestepPlane(timestep: string, like: string, to: string): OnnxNode[] {
  return [
    node('Shape', [like], [`${PREFIX}shape`]),
    // [N,C,H,W]·[1,0,1,1] + [0,1,0,0] = [N,1,H,W]
    node('Mul', [`${PREFIX}shape`, `${PREFIX}keep_nhw`], [`${PREFIX}shape_n0hw`]),
    node('Add', [`${PREFIX}shape_n0hw`, `${PREFIX}one_channel`], [`${PREFIX}plane_shape`]),
    node('Expand', [timestep, `${PREFIX}plane_shape`], [to]),
  ];
}

/** Shapes the [N,1,1,1] `timestep` (or strength) as the model declares that input. */
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

function checkNamesFree(model: OnnxModelInfo, wrapping: Wrapping): void {
  const taken = new Set([
    ...model.inputs.map((input) => input.name),
    ...model.initializerNames,
    ...model.nodes.flatMap((n) => n.outputs),
  ]);
  const added = [...wrapping.inputs, wrapping.output].map((info) => info.name);
  const clash = added.find((name) => taken.has(name) || name.startsWith(WRAP_PREFIX));
  const internal = [...taken].find((name) => name.startsWith(WRAP_PREFIX));
  if (clash !== undefined || internal !== undefined) {
    throw new ModelError(
      'MODEL_CONTRACT',
      `the model already uses the name '${clash ?? internal}'; run it without frame wrapping`,
    );
  }
}

function rewriteGraph(bytes: Uint8Array, contract: ModelContract, wrapping: Wrapping): Uint8Array {
  const graph = new ProtoWriter();
  const replaced = new Set([...contract.inputs, contract.output]);
  // Repeated fields keep their order across the message, so nodes run before, original, after.
  const named = (n: OnnxNode, index: number) => ({
    ...n,
    name: `${WRAP_PREFIX}${n.opType}_${index}`,
  });
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
  graph.message(12, encodeValueInfo(wrapping.output));
  return graph.finish();
}

function readName(valueInfo: Uint8Array): string {
  for (const field of readProtoFields(valueInfo)) {
    if (field.field === 1) return protoString(field.bytes);
  }
  return '';
}
