import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planarToRgb24, rgb24ToPlanar } from './frame-tensors.js';

test('rgb24 HWC becomes planar CHW scaled to [0, 1]', () => {
  // Two pixels: (0, 51, 255) and (255, 102, 0).
  const planar = rgb24ToPlanar(Uint8Array.from([0, 51, 255, 255, 102, 0]), 2, 1);
  assert.deepEqual([...planar], [0, 1, 0.2, 0.4, 1, 0].map(Math.fround));
});

test('every byte value survives the round trip exactly, in every channel', () => {
  const [width, height] = [16, 16];
  const frame = new Uint8Array(3 * width * height);
  // Each channel holds all 256 values, shifted so the channels differ.
  for (let i = 0; i < width * height; i++) {
    frame[3 * i] = i;
    frame[3 * i + 1] = (i + 85) % 256;
    frame[3 * i + 2] = (i + 170) % 256;
  }
  const back = planarToRgb24(rgb24ToPlanar(frame, width, height), width, height);
  assert.deepEqual([...back], [...frame]);
});

test('floats are clamped to [0, 1] and rounded half up', () => {
  const data = Float32Array.from([-0.3, 1.7, NaN, 0.5, 0.6 / 255, 254.49 / 255]);
  // 3 channels × 2 pixels: R = (-0.3, 1.7), G = (NaN, 0.5), B = (0.6/255, 254.49/255).
  assert.deepEqual([...planarToRgb24(data, 2, 1)], [0, 0, 1, 255, 128, 254]);
});

test('frames pack into a shared tensor at an offset without touching the rest', () => {
  const pixels = 2 * 2;
  const tensor = new Float32Array(7 * pixels).fill(-1);
  const white = new Uint8Array(3 * pixels).fill(255);
  const black = new Uint8Array(3 * pixels);
  assert.equal(rgb24ToPlanar(white, 2, 2, tensor, 0), tensor);
  rgb24ToPlanar(black, 2, 2, tensor, 3 * pixels);
  assert.deepEqual([...tensor.subarray(0, 3 * pixels)], new Array<number>(3 * pixels).fill(1));
  assert.deepEqual(
    [...tensor.subarray(3 * pixels, 6 * pixels)],
    new Array<number>(3 * pixels).fill(0),
  );
  assert.deepEqual([...tensor.subarray(6 * pixels)], new Array<number>(pixels).fill(-1));
});

test('planar output is written into a caller buffer and extra tensor values are ignored', () => {
  const out = Buffer.alloc(3);
  const result = planarToRgb24(Float32Array.from([1, 0, 0.2, 0.9]), 1, 1, out);
  assert.equal(result, out);
  assert.deepEqual([...out], [255, 0, 51]);
});

test('wrong sizes are refused with the expected size', () => {
  assert.throws(
    () => rgb24ToPlanar(new Uint8Array(11), 2, 2),
    /rgb24 frame has 11 bytes, 2x2 needs 12/,
  );
  assert.throws(
    () => rgb24ToPlanar(new Uint8Array(12), 2, 2, new Float32Array(20), 10),
    /tensor of 20 values cannot hold 3x2x2 at offset 10/,
  );
  assert.throws(
    () => planarToRgb24(new Float32Array(11), 2, 2),
    /tensor has 11 values, 3x2x2 needs 12/,
  );
  assert.throws(
    () => planarToRgb24(new Float32Array(12), 2, 2, Buffer.alloc(13)),
    /output buffer has 13 bytes/,
  );
});
