import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePacketIndex } from './packet-index.js';

const FPS = { num: 25, den: 1 };
const csv = (rows: [string, number, string][]) =>
  rows.map(([pts, size, flags]) => `${pts},${size},${flags}`).join('\n');

test('keyframes in display order: an open GOP sends its I-frame before the leading B-frames', () => {
  // Decode order I0 P3 B1 B2 I6 B4 B5 (the I at 6 leads B4 and B5 of the GOP before).
  const index = parsePacketIndex(
    csv([
      ['0.000000', 900, 'K__'],
      ['0.120000', 300, '___'],
      ['0.040000', 100, '___'],
      ['0.080000', 100, '___'],
      ['0.240000', 900, 'K__'],
      ['0.160000', 100, '___'],
      ['0.200000', 100, '___'],
    ]),
    FPS,
  );
  assert.deepEqual(index, { frames: 7, keyframes: [0, 6], gridGaps: 0, onGrid: true });
});

test('timestamp gaps are counted and leave the grid; empty packets are not frames', () => {
  const index = parsePacketIndex(
    csv([
      ['0.000000', 900, 'K__'],
      ['0.040000', 100, '___'],
      ['0.080000', 0, '___'],
      ['0.160000', 100, '___'],
      ['0.200000', 100, '___'],
    ]),
    FPS,
  );
  assert.deepEqual(index, { frames: 4, keyframes: [0], gridGaps: 2, onGrid: false });
});

test('a stream whose first frame is late is on the grid from there', () => {
  const index = parsePacketIndex(
    csv([
      ['1.500000', 900, 'K__'],
      ['1.540000', 100, '___'],
      ['1.580000', 100, '___'],
    ]),
    FPS,
  );
  assert.deepEqual(index, { frames: 3, keyframes: [0], gridGaps: 0, onGrid: true });
});

test('packets without timestamps (an elementary stream): keyframes in decode order, no grid to check', () => {
  const index = parsePacketIndex(
    csv([
      ['N/A', 900, 'K__'],
      ['N/A', 100, '___'],
      ['N/A', 900, 'K__'],
    ]),
    FPS,
  );
  assert.deepEqual(index, { frames: 3, keyframes: [0, 2], gridGaps: 0, onGrid: true });
  assert.deepEqual(parsePacketIndex('', FPS), {
    frames: 0,
    keyframes: [],
    gridGaps: 0,
    onGrid: true,
  });
});
