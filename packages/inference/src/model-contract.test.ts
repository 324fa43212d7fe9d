import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkContract,
  type IoSignature,
  type ModelKind,
  type TensorSignature,
} from './model-contract.js';
import { ModelError } from './model-error.js';

const tensor = (name: string, type: string, shape: (number | string)[]): TensorSignature => ({
  name,
  type,
  shape,
});
const signature = (inputs: TensorSignature[], outputs: TensorSignature[]): IoSignature => ({
  inputs,
  outputs,
});
const nchw = (name: string, channels: number | string, type = 'float32') =>
  tensor(name, type, ['N', channels, 'H', 'W']);

function rejects(sig: IoSignature, kind: ModelKind | undefined, message: RegExp): void {
  assert.throws(
    () => checkContract(sig, kind),
    (error: unknown) =>
      error instanceof ModelError && error.code === 'MODEL_CONTRACT' && message.test(error.message),
  );
}

test('super-resolution: one [N,3,H,W] input and output, float32 or float16, dims named or not', () => {
  assert.deepEqual(checkContract(signature([nchw('input', 3)], [nchw('output', 3)])), {
    kind: 'sr',
    layout: 'nchw',
    dtype: 'float32',
    inputs: ['input'],
    output: 'output',
  });
  const fp16 = signature(
    [nchw('x', 3, 'float16')],
    [tensor('y', 'float16', ['', 'Addoutput_dim_1', -1, -1])],
  );
  assert.equal(checkContract(fp16, 'sr').dtype, 'float16');
});

test('interpolation: the 7-channel form and the three-input form', () => {
  const packed = checkContract(signature([nchw('input', 7)], [nchw('output', 3)]));
  assert.deepEqual([packed.kind, packed.inputs], ['vfi', ['input']]);
  const three = checkContract(
    signature(
      [nchw('img0', 3), nchw('img1', 3), tensor('timestep', 'float32', ['N', 1, 1, 1])],
      [nchw('out', 3)],
    ),
  );
  assert.deepEqual(three.inputs, ['img0', 'img1', 'timestep']);
  assert.deepEqual(three.timestepShape, ['N', 1, 1, 1]);
  // The timestep may come first and be a plain vector.
  const first = checkContract(
    signature([tensor('t', 'float32', ['N']), nchw('a', 3), nchw('b', 3)], [nchw('o', 3)]),
  );
  assert.deepEqual(first.inputs, ['a', 'b', 't']);
});

test('the rgb24 forms: uint8 NHWC frames, a float32 timestep', () => {
  const frame = (name: string) => tensor(name, 'uint8', ['N', 'H', 'W', 3]);
  assert.equal(checkContract(signature([frame('rgb24')], [frame('rgb24_out')])).layout, 'rgb24');
  const vfi = checkContract(
    signature([frame('a'), frame('b'), tensor('t', 'float32', ['N', 1, 1, 1])], [frame('out')]),
  );
  assert.deepEqual([vfi.kind, vfi.layout, vfi.dtype], ['vfi', 'rgb24', 'uint8']);
});

test('models that fit no contract get MODEL_CONTRACT with the reason', () => {
  rejects(
    signature([nchw('input', 4)], [nchw('output', 4)]),
    'sr',
    /super-resolution input 'input' is \[N, 4, H, W\], expected \[N, 3, H, W\]/,
  );
  rejects(
    signature([nchw('input', 3)], [nchw('a', 3), nchw('b', 3)]),
    undefined,
    /has 2 outputs; the contracts need exactly one/,
  );
  rejects(
    signature([nchw('input', 3, 'float64')], [nchw('output', 3)]),
    'sr',
    /'input' is float64; models must take float32 or float16/,
  );
  rejects(
    signature([nchw('input', 3)], [nchw('output', 3, 'float16')]),
    'sr',
    /'output' is float16 but the frame inputs are float32/,
  );
  rejects(
    signature([nchw('input', 3)], [nchw('output', 3)]),
    'vfi',
    /interpolation input \(A, B, timestep\) 'input' is \[N, 3, H, W\], expected \[N, 7, H, W\]/,
  );
  rejects(
    signature([nchw('a', 3), nchw('b', 3)], [nchw('o', 3)]),
    'vfi',
    /takes \[N,7,H,W\] or \(A, B, timestep\), this one takes 'a' float32/,
  );
  rejects(
    signature([tensor('x', 'uint8', ['N', 3, 8, 8])], [tensor('o', 'uint8', ['N', 'H', 'W', 3])]),
    'sr',
    /'x' is uint8 \[N, 3, 8, 8\], expected uint8 \[N, H, W, 3\]/,
  );
});

test('restoration: a frame and a strength input is one by itself; a frame alone when asked', () => {
  const sigma = tensor('sigma', 'float32', ['N', 1, 1, 1]);
  // FFDNet's own signature (ffdnet_color.onnx): the strength may come first too.
  for (const inputs of [
    [nchw('input', 3), sigma],
    [sigma, nchw('input', 3)],
  ]) {
    assert.deepEqual(checkContract(signature(inputs, [nchw('output', 3)])), {
      kind: 'restoration',
      layout: 'nchw',
      dtype: 'float32',
      inputs: ['input', 'sigma'],
      output: 'output',
      strengthInput: 'sigma',
      strengthShape: ['N', 1, 1, 1],
    });
  }
  // A frame alone guesses sr (only a run shows the scale); asked for, it is a blind restorer.
  const blind = signature([nchw('input', 3)], [nchw('output', 3)]);
  assert.equal(checkContract(blind).kind, 'sr');
  assert.deepEqual(checkContract(blind, 'restoration'), {
    kind: 'restoration',
    layout: 'nchw',
    dtype: 'float32',
    inputs: ['input'],
    output: 'output',
  });
  const vector = checkContract(
    signature(
      [nchw('x', 3, 'float16'), tensor('noise_level', 'float16', ['N'])],
      [nchw('y', 3, 'float16')],
    ),
  );
  assert.deepEqual(
    [vector.dtype, vector.strengthInput, vector.strengthShape],
    ['float16', 'noise_level', ['N']],
  );
});

test('restoration in packed form: uint8 NHWC frame and a float32 strength', () => {
  const frame = (name: string) => tensor(name, 'uint8', ['N', 'H', 'W', 3]);
  const wrapped = checkContract(
    signature(
      [frame('rgb24'), tensor('rgb24_strength', 'float32', ['N', 1, 1, 1])],
      [frame('rgb24_out')],
    ),
    'restoration',
  );
  assert.deepEqual(
    [wrapped.kind, wrapped.layout, wrapped.dtype, wrapped.inputs, wrapped.strengthInput],
    ['restoration', 'rgb24', 'uint8', ['rgb24', 'rgb24_strength'], 'rgb24_strength'],
  );
});

test('a restoration model that does not fit, or one named for another operation, is refused', () => {
  const sigma = tensor('sigma', 'float32', ['N', 1, 1, 1]);
  rejects(
    signature([nchw('input', 3), sigma, tensor('extra', 'float32', ['N'])], [nchw('o', 3)]),
    'restoration',
    /a restoration model takes one frame \[N,3,H,W\] and at most one strength input/,
  );
  rejects(
    signature([nchw('input', 4)], [nchw('o', 4)]),
    'restoration',
    /restoration input 'input' is \[N, 4, H, W\], expected \[N, 3, H, W\]/,
  );
  rejects(
    signature([nchw('input', 3), tensor('sigma', 'float16', ['N', 1, 1, 1])], [nchw('o', 3)]),
    'restoration',
    /'sigma' is float16 but the frame inputs are float32/,
  );
  // FFDNet named as an upscale or interpolation model.
  rejects(
    signature([nchw('input', 3), sigma], [nchw('o', 3)]),
    'sr',
    /a super-resolution model takes one input \[N,3,H,W\], this one takes 'input' float32 \[N, 3, H, W\], 'sigma'/,
  );
  rejects(
    signature([nchw('input', 3), sigma], [nchw('o', 3)]),
    'vfi',
    /an interpolation model takes \[N,7,H,W\] or \(A, B, timestep\)/,
  );
});
