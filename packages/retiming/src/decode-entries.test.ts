import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEntries, fallbackKeyframes } from './decode-entries.js';

test('fallback keyframes are the nearest ones strictly before the start, never frame 0', () => {
  const keyframes = [0, 24, 48, 72, 96];
  assert.deepEqual(fallbackKeyframes(keyframes, 70), [48, 24]);
  assert.deepEqual(fallbackKeyframes(keyframes, 72), [48, 24]);
  assert.deepEqual(fallbackKeyframes(keyframes, 73, 3), [72, 48, 24]);
  assert.deepEqual(fallbackKeyframes(keyframes, 22), []);
  assert.deepEqual(fallbackKeyframes([], 50), []);
});

test('decode entries go from the start back to frame 0, once each', () => {
  assert.deepEqual(decodeEntries(70, [48, 24]), [70, 48, 24, 0]);
  assert.deepEqual(decodeEntries(22, []), [22, 0]);
  assert.deepEqual(decodeEntries(0, [5]), [0]);
  assert.deepEqual(decodeEntries(30), [30, 0]);
});
