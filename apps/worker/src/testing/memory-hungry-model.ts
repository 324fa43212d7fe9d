// A super-resolution model for tests that really runs out of memory: on a tile whose
// longer side passes `maxSide` it asks onnxruntime for a 4 PiB scratch tensor, which no
// machine can allocate (onnxruntime's arena answers "Failed to allocate memory …"). Below
// that it upscales ×2 (linear), so shrinking the tiles makes it pass.
import { attr, buildModel, floatTensor, int64Tensor, node, tensorInfo } from '@remaster/onnx-graph';

/** ONNX bytes of the ×2 model that cannot run on tiles larger than `maxSide`. */
export function memoryHungryModel(maxSide: number): Uint8Array {
  return buildModel({
    name: 'memory-hungry-x2',
    inputs: [tensorInfo('input', 'float32', ['N', 3, 'H', 'W'])],
    outputs: [tensorInfo('output', 'float32', ['N', 3, 'H2', 'W2'])],
    nodes: [
      node('Shape', ['input'], ['shape']),
      node('Slice', ['shape', 'two', 'four', 'axis_0'], ['sides']),
      node('ReduceMax', ['sides'], ['side'], { keepdims: attr.int(1) }),
      node('Greater', ['side', 'max_side'], ['too_big']),
      node('Where', ['too_big', 'huge', 'one'], ['scratch_shape']),
      // Zeros of that shape, summed into the output so the graph keeps them.
      node('ConstantOfShape', ['scratch_shape'], ['scratch']),
      node('ReduceSum', ['scratch'], ['nothing'], { keepdims: attr.int(1) }),
      node('Resize', ['input', '', 'scales'], ['resized'], { mode: attr.string('linear') }),
      node('Add', ['resized', 'nothing'], ['output']),
    ],
    initializers: [
      int64Tensor('two', [1], [2]),
      int64Tensor('four', [1], [4]),
      int64Tensor('axis_0', [1], [0]),
      int64Tensor('max_side', [1], [maxSide]),
      int64Tensor('huge', [1], [2 ** 50]),
      int64Tensor('one', [1], [1]),
      floatTensor('scales', [4], [1, 1, 2, 2]),
    ],
  });
}
