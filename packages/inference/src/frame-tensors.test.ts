import assert from 'node:assert/strict';
import { test } from 'node:test';
import { packedToPlanar, planarToPacked } from './frame-tensors.js';

test('rgb24 HWC becomes planar CHW scaled to [0, 1]', () => {
  // Two pixels: (0, 51, 255) and (255, 102, 0).
  const planar = packedToPlanar(Uint8Array.from([0, 51, 255, 255, 102, 0]), 2, 1);
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
  const back = planarToPacked(
    packedToPlanar(frame, width, height),
    width,
    height,
    new Uint8Array(frame.length),
  );
  assert.deepEqual([...back], [...frame]);
});

test('floats are clamped to [0, 1] and rounded half up', () => {
  const data = Float32Array.from([-0.3, 1.7, NaN, 0.5, 0.6 / 255, 254.49 / 255]);
  // 3 channels × 2 pixels: R = (-0.3, 1.7), G = (NaN, 0.5), B = (0.6/255, 254.49/255).
  assert.deepEqual([...planarToPacked(data, 2, 1, new Uint8Array(6))], [0, 0, 1, 255, 128, 254]);
});

test('frames pack into a shared tensor at an offset without touching the rest', () => {
  const pixels = 2 * 2;
  const tensor = new Float32Array(7 * pixels).fill(-1);
  const white = new Uint8Array(3 * pixels).fill(255);
  const black = new Uint8Array(3 * pixels);
  assert.equal(packedToPlanar(white, 2, 2, tensor, 0), tensor);
  packedToPlanar(black, 2, 2, tensor, 3 * pixels);
  assert.deepEqual([...tensor.subarray(0, 3 * pixels)], new Array<number>(3 * pixels).fill(1));
  assert.deepEqual(
    [...tensor.subarray(3 * pixels, 6 * pixels)],
    new Array<number>(3 * pixels).fill(0),
  );
  assert.deepEqual([...tensor.subarray(6 * pixels)], new Array<number>(pixels).fill(-1));
});

test('planar output is written into a caller buffer and extra tensor values are ignored', () => {
  const out = Buffer.alloc(3);
  const result = planarToPacked(Float32Array.from([1, 0, 0.2, 0.9]), 1, 1, out);
  assert.equal(result, out);
  assert.deepEqual([...out], [255, 0, 51]);
});

test('wrong sizes are refused with the expected size', () => {
  assert.throws(
    () => packedToPlanar(new Uint8Array(11), 2, 2),
    /RGB frame has 11 samples, 2x2 needs 12/,
  );
  assert.throws(
    () => packedToPlanar(new Uint8Array(12), 2, 2, new Float32Array(20), 10),
    /tensor of 20 values cannot hold 3x2x2 at offset 10/,
  );
  assert.throws(
    () => planarToPacked(new Float32Array(11), 2, 2, new Uint8Array(12)),
    /tensor has 11 values, 3x2x2 needs 12/,
  );
  assert.throws(
    () => planarToPacked(new Float32Array(12), 2, 2, Buffer.alloc(13)),
    /output frame has 13 samples/,
  );
});

test('16-bit samples become k/65535 and every one of the 65536 values survives the round trip', () => {
  const [width, height] = [256, 256];
  const frame = new Uint16Array(3 * width * height);
  for (let i = 0; i < width * height; i++) {
    frame[3 * i] = i;
    frame[3 * i + 1] = (i + 21845) % 65536;
    frame[3 * i + 2] = 65535 - i;
  }
  const planar = packedToPlanar(frame, width, height);
  assert.equal(planar[1], Math.fround(1 / 65535));
  assert.equal(planar[width * height - 1], 1);
  const back = planarToPacked(planar, width, height, new Uint16Array(frame.length));
  assert.deepEqual(back, frame);
});

test('16-bit output is clamped to [0, 65535] and rounded half up', () => {
  const data = Float32Array.from([-0.3, 1.7, NaN, 0.5, 0.6 / 65535, 1023.49 / 65535]);
  assert.deepEqual(
    [...planarToPacked(data, 2, 1, new Uint16Array(6))],
    [0, 0, 1, 65535, 32768, 1023],
  );
});
