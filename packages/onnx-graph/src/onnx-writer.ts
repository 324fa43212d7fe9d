// Writes ONNX models (onnx/onnx.proto, proto2) without a protobuf dependency.
// Only the messages and fields the built-in models need are covered.
import { ProtoWriter } from './protobuf-writer.js';

/** ONNX IR version 8 pairs with opset 17 (ONNX 1.12+), which onnxruntime 1.29 loads. */
const IR_VERSION = 8;
const OPSET_VERSION = 17;

/** Element types we write; names follow onnxruntime's `Tensor.type`. */
export type TensorElementType = 'float32' | 'uint8' | 'uint16' | 'int64' | 'float16';

/** TensorProto.DataType values, e.g. for a Cast node's `to`. */
export const DATA_TYPE: Readonly<Record<TensorElementType, number>> = {
  float32: 1,
  uint8: 2,
  uint16: 4,
  int64: 7,
  float16: 10,
};

/** A shape dimension: a fixed size (dim_value) or a symbolic name such as 'N' (dim_param). */
export type Dim = number | string;

/** A graph input or output: ValueInfoProto with a tensor type. */
export interface ValueInfo {
  name: string;
  elemType: TensorElementType;
  shape: readonly Dim[];
}

/** A node attribute, tagged because ONNX distinguishes int from float attributes. */
export type AttributeValue =
  | { type: 'float'; value: number }
  | { type: 'int'; value: number }
  | { type: 'string'; value: string }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'ints'; value: readonly number[] };

/** AttributeProto.AttributeType values. */
const ATTRIBUTE_TYPE: Record<AttributeValue['type'], number> = {
  float: 1,
  int: 2,
  string: 3,
  floats: 6,
  ints: 7,
};

/** One operator call; an input named '' marks an omitted optional input. */
export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
}

/**
 * A constant tensor stored in the model. The element type follows the array:
 * Float32Array → float32, Uint8Array → uint8, BigInt64Array → int64, and
 * Uint16Array → float16 (the array holds IEEE 754 half-precision bit patterns).
 */
export interface Initializer {
  name: string;
  dims: readonly number[];
  data: Float32Array | Uint8Array | BigInt64Array | Uint16Array;
}

/** Everything {@link buildModel} needs to write one model. */
export interface ModelSpec {
  /** Graph name; defaults to 'remaster'. */
  name?: string;
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
  nodes: readonly OnnxNode[];
  initializers?: readonly Initializer[];
}

/**
 * Encodes a ModelProto (IR 8, default-domain opset 17, producer 'remaster')
 * ready for `ort.InferenceSession.create(bytes)` or writing to a .onnx file.
 */
export function buildModel(spec: ModelSpec): Uint8Array {
  const opset = new ProtoWriter().int(2, OPSET_VERSION).finish();
  return new ProtoWriter()
    .int(1, IR_VERSION)
    .string(2, 'remaster')
    .message(7, encodeGraph(spec))
    .message(8, opset)
    .finish();
}

/** Shorthand for an {@link OnnxNode}. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes?: Readonly<Record<string, AttributeValue>>,
): OnnxNode {
  return attributes === undefined
    ? { opType, inputs, outputs }
    : { opType, inputs, outputs, attributes };
}

/** Shorthand for a tensor {@link ValueInfo}. */
export function tensorInfo(
  name: string,
  elemType: TensorElementType,
  shape: readonly Dim[],
): ValueInfo {
  return { name, elemType, shape };
}

/** A float32 initializer from plain numbers. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Initializer {
  return { name, dims, data: Float32Array.from(values) };
}

/** An int64 initializer from plain (safe integer) numbers. */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): Initializer {
  return { name, dims, data: BigInt64Array.from(values, (value) => BigInt(value)) };
}

/** Constructors for tagged {@link AttributeValue}s. */
export const attr = {
  float: (value: number): AttributeValue => ({ type: 'float', value }),
  int: (value: number): AttributeValue => ({ type: 'int', value }),
  string: (value: string): AttributeValue => ({ type: 'string', value }),
  floats: (value: readonly number[]): AttributeValue => ({ type: 'floats', value }),
  ints: (value: readonly number[]): AttributeValue => ({ type: 'ints', value }),
};

function encodeGraph(spec: ModelSpec): Uint8Array {
  const graph = new ProtoWriter();
  spec.nodes.forEach((n, index) => graph.message(1, encodeNode(n, index)));
  graph.string(2, spec.name ?? 'remaster');
  for (const initializer of spec.initializers ?? []) graph.message(5, encodeTensor(initializer));
  for (const input of spec.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of spec.outputs) graph.message(12, encodeValueInfo(output));
  return graph.finish();
}

/** Encodes a NodeProto; `index` names an unnamed node `<op>_<index>`. */
export function encodeNode(n: OnnxNode, index: number): Uint8Array {
  const writer = new ProtoWriter();
  for (const input of n.inputs) writer.string(1, input);
  for (const output of n.outputs) writer.string(2, output);
  // Names make onnxruntime's error messages point at the failing node.
  writer.string(3, n.name ?? `${n.opType}_${index}`);
  writer.string(4, n.opType);
  for (const [name, value] of Object.entries(n.attributes ?? {})) {
    writer.message(5, encodeAttribute(name, value));
  }
  return writer.finish();
}

function encodeAttribute(name: string, attribute: AttributeValue): Uint8Array {
  const writer = new ProtoWriter().string(1, name);
  switch (attribute.type) {
    case 'float':
      writer.float(2, attribute.value);
      break;
    case 'int':
      writer.int(3, BigInt(attribute.value));
      break;
    case 'string':
      writer.string(4, attribute.value);
      break;
    case 'floats':
      // proto2 repeated scalars are unpacked unless declared packed; onnx.proto does not.
      for (const value of attribute.value) writer.float(7, value);
      break;
    case 'ints':
      for (const value of attribute.value) writer.int(8, BigInt(value));
      break;
  }
  return writer.int(20, ATTRIBUTE_TYPE[attribute.type]).finish();
}

/** Encodes a TensorProto with raw_data. */
export function encodeTensor(initializer: Initializer): Uint8Array {
  const { name, dims, data } = initializer;
  const count = dims.reduce((product, dim) => product * dim, 1);
  if (count !== data.length) {
    throw new RangeError(
      `initializer '${name}' has ${data.length} values but dims [${dims.join(', ')}] need ${count}`,
    );
  }
  const writer = new ProtoWriter();
  for (const dim of dims) writer.int(1, dim);
  writer.int(2, DATA_TYPE[elementTypeOf(data)]);
  writer.string(8, name);
  writer.bytes(9, littleEndianBytes(data));
  return writer.finish();
}

function elementTypeOf(data: Initializer['data']): TensorElementType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof BigInt64Array) return 'int64';
  if (data instanceof Uint16Array) return 'float16';
  return 'uint8';
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** raw_data is little-endian by definition; swap bytes only on a big-endian host. */
function littleEndianBytes(data: Initializer['data']): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (hostIsLittleEndian) return bytes;
  const size = data.BYTES_PER_ELEMENT;
  for (let start = 0; start < bytes.length; start += size) {
    bytes.subarray(start, start + size).reverse();
  }
  return bytes;
}

/** Encodes a ValueInfoProto with a tensor type. */
export function encodeValueInfo(info: ValueInfo): Uint8Array {
  const shape = new ProtoWriter();
  for (const dim of info.shape) {
    const dimension = new ProtoWriter();
    if (typeof dim === 'number') dimension.int(1, dim);
    else dimension.string(2, dim);
    shape.message(1, dimension.finish());
  }
  const tensorType = new ProtoWriter()
    .int(1, DATA_TYPE[info.elemType])
    .message(2, shape.finish())
    .finish();
  const type = new ProtoWriter().message(1, tensorType).finish();
  return new ProtoWriter().string(1, info.name).message(2, type).finish();
}
