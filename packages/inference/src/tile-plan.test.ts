import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisWeights, planTiles } from './tile-plan.js';

test('a frame that fits one tile is one tile, rounded up to the multiple', () => {
  assert.deepEqual(planTiles({ width: 100, height: 60, maxTile: 128, overlap: 16, multiple: 8 }), {
    spansX: [{ start: 0, size: 104 }],
    spansY: [{ start: 0, size: 64 }],
  });
});

test('tiles are few, even and overlap by at least the overlap', () => {
  const { spansX, spansY } = planTiles({
    width: 640,
    height: 360,
    maxTile: 512,
    overlap: 16,
    multiple: 8,
  });
  // Two tiles of 328, not a 512 and a padded rest.
  assert.deepEqual(spansX, [
    { start: 0, size: 328 },
    { start: 312, size: 328 },
  ]);
  assert.deepEqual(spansY, [{ start: 0, size: 360 }]);
  const wide = planTiles({
    width: 1920,
    height: 1080,
    maxTile: 256,
    overlap: 32,
    multiple: 16,
  }).spansX;
  assert.equal(wide.length, 9);
  for (let i = 1; i < wide.length; i++) {
    assert.ok(
      wide[i - 1]!.start + wide[i - 1]!.size - wide[i]!.start >= 32,
      `tiles ${i - 1} and ${i} overlap`,
    );
  }
  assert.equal(wide.at(-1)!.start + wide.at(-1)!.size, 1920);
});

test('impossible tilings are refused', () => {
  assert.throws(
    () => planTiles({ width: 100, height: 100, maxTile: 16, overlap: 16, multiple: 1 }),
    /cannot overlap by 16/,
  );
});

test('weights are 1 where one tile covers a pixel, ramp in the middle of overlaps and sum to 1', () => {
  const spans = [
    { start: 0, size: 24 },
    { start: 16, size: 24 },
  ];
  const [first, second] = axisWeights(spans, 40, 2);
  assert.equal(first!.length, 48);
  assert.equal(second!.length, 48);
  // The overlap is input 16..24, output 32..48; its first and last quarters (4 pixels) are not blended.
  assert.deepEqual([...first!.subarray(0, 36)], new Array<number>(36).fill(1));
  assert.ok(second![3]! < 1e-3 && first![44]! < 1e-3);
  for (let p = 32; p < 48; p++)
    assert.ok(Math.abs(first![p]! + second![p - 32]! - 1) < 1e-6, `pixel ${p}`);
  assert.ok(first![39]! > first![40]!, 'the first tile fades out');
});
