// A small helper for writing larger ONNX graphs in TypeScript: each call
// adds a node and returns its output's (generated) name, so graph code reads
// like the arithmetic it performs.
import {
  buildModel,
  floatTensor,
  int64Tensor,
  node,
  type AttributeValue,
  type Initializer,
  type OnnxNode,
  type ValueInfo,
} from './onnx-writer.js';

/** Collects nodes and constants; {@link GraphBuilder.build} writes the model. */
export class GraphBuilder {
  private readonly nodes: OnnxNode[] = [];
  private readonly initializers: Initializer[] = [];
  private readonly constants = new Map<string, string>();
  private count = 0;

  /**
   * @param prefix - starts every generated name, so that the nodes can join another graph
   *   (see {@link GraphBuilder.parts}) without clashing with its names
   */
  constructor(
    private readonly name: string,
    private readonly prefix = '',
  ) {}

  /** Adds one node with a single output; returns the output name (or `output` when given). */
  op(
    opType: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    output?: string,
  ): string {
    const name = output ?? `${this.prefix}${opType.toLowerCase()}_${this.count++}`;
    this.nodes.push(node(opType, inputs, [name], attributes));
    return name;
  }

  /** A float32 constant, shared between uses of the same values and shape. */
  float(
    values: readonly number[],
    dims: readonly number[] = values.length === 1 ? [] : [values.length],
  ): string {
    return this.constant('f', values, dims, (name) => floatTensor(name, dims, values));
  }

  /** An int64 constant, shared between uses of the same values and shape. */
  int(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.constant('i', values, dims, (name) => int64Tensor(name, dims, values));
  }

  /** Encodes the model (opset 17) with the given graph inputs and outputs. */
  build(inputs: readonly ValueInfo[], outputs: readonly ValueInfo[]): Uint8Array {
    return buildModel({
      name: this.name,
      inputs,
      outputs,
      nodes: this.nodes,
      initializers: this.initializers,
    });
  }

  /** The nodes and constants so far, to splice into another model's graph. */
  parts(): { nodes: readonly OnnxNode[]; initializers: readonly Initializer[] } {
    return { nodes: [...this.nodes], initializers: [...this.initializers] };
  }

  private constant(
    kind: string,
    values: readonly number[],
    dims: readonly number[],
    make: (name: string) => Initializer,
  ): string {
    const key = `${kind}[${dims.join(',')}]${values.join(',')}`;
    const existing = this.constants.get(key);
    if (existing !== undefined) return existing;
    const name = `${this.prefix}const_${this.constants.size}`;
    this.initializers.push(make(name));
    this.constants.set(key, name);
    return name;
  }
}
