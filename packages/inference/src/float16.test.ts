import assert from 'node:assert/strict';
import { test } from 'node:test';
import { float16ToFloat32, float32ToFloat16, fromFloat16Bits, toFloat16Bits } from './float16.js';

test('known values have their IEEE 754 half-precision patterns', () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [65504, 0x7bff],
    [1 / 3, 0x3555],
    [2 ** -14, 0x0400],
    [2 ** -24, 0x0001],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [65520, 0x7c00],
    [1e6, 0x7c00],
    [2 ** -26, 0x0000],
  ];
  for (const [value, bits] of cases) assert.equal(toFloat16Bits(value), bits, `${value}`);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
});

test('rounding is to nearest, ties to even', () => {
  // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
  assert.equal(toFloat16Bits(1 + 2 ** -11), 0x3c00);
  assert.equal(toFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.equal(toFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01);
  // Halfway between the two smallest subnormals.
  assert.equal(toFloat16Bits(1.5 * 2 ** -24), 0x0002);
});

test('every finite half value survives float32 and back', () => {
  const bits = Uint16Array.from({ length: 65536 }, (_, i) => i).filter(
    (b) => (b & 0x7c00) !== 0x7c00,
  );
  assert.deepEqual(float32ToFloat16(float16ToFloat32(bits)), bits);
});
