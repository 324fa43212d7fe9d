import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { attr, buildModel, floatTensor, int64Tensor, node, tensorInfo } from '@remaster/onnx-graph';

test('an Add/Mul graph with symbolic dims loads in onnxruntime and computes', async () => {
  const bytes = buildModel({
    inputs: [tensorInfo('x', 'float32', ['N', 3]), tensorInfo('y', 'float32', ['N', 3])],
    outputs: [tensorInfo('z', 'float32', ['N', 3])],
    nodes: [node('Add', ['x', 'y'], ['sum']), node('Mul', ['sum', 'k'], ['z'])],
    initializers: [floatTensor('k', [3], [1, 2, -0.5])],
  });
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, ['x', 'y']);
  assert.deepEqual(session.outputNames, ['z']);
  const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
  const y = new ort.Tensor('float32', Float32Array.from([10, 20, 30, 40, 50, 60]), [2, 3]);
  const { z } = await session.run({ x, y });
  assert.deepEqual(z?.dims, [2, 3]);
  assert.deepEqual([...(z?.data as Float32Array)], [11, 44, -16.5, 44, 110, -33]);
  await session.release();
});

test('every attribute type and initializer element type reaches onnxruntime', async () => {
  const bytes = buildModel({
    inputs: [tensorInfo('x', 'float32', [2, 3])],
    outputs: [
      tensorInfo('floats', 'float32', [3]),
      tensorInfo('ints', 'int64', [2]),
      tensorInfo('one_float', 'float32', []),
      tensorInfo('one_int', 'int64', []),
      tensorInfo('transposed', 'float32', [3, 2]),
      tensorInfo('reshaped', 'float32', [6]),
      tensorInfo('from_uint8', 'float32', [2]),
      tensorInfo('from_half', 'float32', [2]),
    ],
    nodes: [
      node('Constant', [], ['floats'], { value_floats: attr.floats([0.5, -2, 3.25]) }),
      node('Constant', [], ['ints'], { value_ints: attr.ints([-7, 9_000_000_000]) }),
      node('Constant', [], ['one_float'], { value_float: attr.float(-1.5) }),
      node('Constant', [], ['one_int'], { value_int: attr.int(-3) }),
      node('Transpose', ['x'], ['transposed'], { perm: attr.ints([1, 0]) }),
      node('Reshape', ['x', 'shape'], ['reshaped']),
      node('Cast', ['bytes'], ['from_uint8'], { to: attr.int(1) }),
      node('Cast', ['half'], ['from_half'], { to: attr.int(1) }),
    ],
    initializers: [
      int64Tensor('shape', [1], [-1]),
      { name: 'bytes', dims: [2], data: Uint8Array.from([0, 255]) },
      // 0x3e00 is 1.5 and 0xc000 is -2 in IEEE 754 half precision.
      { name: 'half', dims: [2], data: Uint16Array.from([0x3e00, 0xc000]) },
    ],
  });
  const session = await ort.InferenceSession.create(bytes);
  const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
  const out = await session.run({ x });
  assert.deepEqual([...(out.floats?.data as Float32Array)], [0.5, -2, 3.25]);
  assert.deepEqual([...(out.ints?.data as BigInt64Array)], [-7n, 9_000_000_000n]);
  assert.deepEqual([...(out.one_float?.data as Float32Array)], [-1.5]);
  assert.deepEqual([...(out.one_int?.data as BigInt64Array)], [-3n]);
  assert.deepEqual([...(out.transposed?.data as Float32Array)], [1, 4, 2, 5, 3, 6]);
  assert.deepEqual(out.reshaped?.dims, [6]);
  assert.deepEqual([...(out.from_uint8?.data as Float32Array)], [0, 255]);
  assert.deepEqual([...(out.from_half?.data as Float32Array)], [1.5, -2]);
  await session.release();
});

test('an initializer whose values do not match its dims is refused', () => {
  assert.throws(
    () =>
      buildModel({
        inputs: [],
        outputs: [],
        nodes: [],
        initializers: [floatTensor('k', [2, 2], [1, 2, 3])],
      }),
    /initializer 'k' has 3 values but dims \[2, 2\] need 4/,
  );
});
