import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatRational, rational } from './rational.js';
import {
  firstRestoredOf,
  restoreTimeline,
  restoredFrameCount,
  restoredRate,
  sourceOfRestored,
  sourceSpan,
} from './restore-timeline.js';

test('fields: two restored frames per source frame at twice the rate', () => {
  const t = restoreTimeline({ sourceFrames: 10, outputsPerFrame: 2 });
  assert.equal(restoredFrameCount(t), 20);
  assert.equal(formatRational(restoredRate(rational(25), t)), '50');
  assert.deepEqual(
    Array.from({ length: 20 }, (_, r) => sourceOfRestored(t, r)),
    [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9],
  );
  assert.equal(firstRestoredOf(t, 3), 6);
});

test('inverse telecine: the dropped frames leave the timeline, 30000/1001 becomes 24000/1001', () => {
  const t = restoreTimeline({ sourceFrames: 12, dropped: [7, 2] });
  assert.equal(restoredFrameCount(t), 10);
  assert.equal(formatRational(restoredRate(rational(30000, 1001), t)), '24000/1001');
  const sources = Array.from({ length: 10 }, (_, r) => sourceOfRestored(t, r));
  assert.deepEqual(sources, [0, 1, 3, 4, 5, 6, 8, 9, 10, 11]);
  // Every kept source frame maps back to its restored index; a dropped one to the next kept.
  sources.forEach((source, r) => assert.equal(firstRestoredOf(t, source), r));
  assert.equal(firstRestoredOf(t, 2), 2);
  assert.equal(firstRestoredOf(t, 12), 10);
  assert.throws(() => sourceOfRestored(t, 10), RangeError);
});

test('a chunk span widens the source range by the context, clamped, with the drops inside it', () => {
  const t = restoreTimeline({ sourceFrames: 12, dropped: [2, 7] });
  assert.deepEqual(sourceSpan(t, { start: 3, end: 6 }, { before: 2, after: 2 }), {
    sourceStart: 2,
    sourceEnd: 9,
    firstRestored: 2,
    dropped: [2, 7],
  });
  assert.deepEqual(sourceSpan(t, { start: 0, end: 10 }, { before: 2, after: 2 }), {
    sourceStart: 0,
    sourceEnd: 12,
    firstRestored: 0,
    dropped: [2, 7],
  });
  const fields = restoreTimeline({ sourceFrames: 10, outputsPerFrame: 2 });
  assert.deepEqual(sourceSpan(fields, { start: 5, end: 9 }, { before: 1, after: 1 }), {
    sourceStart: 1,
    sourceEnd: 6,
    firstRestored: 2,
    dropped: [],
  });
});

test('bad timelines are refused', () => {
  assert.throws(() => restoreTimeline({ sourceFrames: 4, dropped: [4] }), RangeError);
  assert.throws(() => restoreTimeline({ sourceFrames: 4, dropped: [1, 1] }), RangeError);
  assert.throws(
    () => restoreTimeline({ sourceFrames: 4, outputsPerFrame: 2, dropped: [1] }),
    RangeError,
  );
});
