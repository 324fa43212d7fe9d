import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CHUNK_PRIORITY, chunkPriorities, virtualTime } from './chunk-priority.js';

test('equal chunks rank in index order, starting just after the virtual time', () => {
  assert.deepEqual(chunkPriorities({ frames: [48, 48, 48], base: 0 }), [1, 2, 3]);
  assert.deepEqual(chunkPriorities({ frames: [48, 48, 48], base: 10 }), [11, 12, 13]);
});

test('longer chunks rank first; ties keep index order', () => {
  // A cut moved the first join earlier and the last chunk is the short remainder.
  assert.deepEqual(chunkPriorities({ frames: [40, 56, 48, 48, 7], base: 0 }), [4, 1, 2, 3, 5]);
});

test('two jobs interleave: chunk k of each shares a priority level', () => {
  const a = chunkPriorities({ frames: Array<number>(100).fill(24), base: 0 });
  const b = chunkPriorities({ frames: [24, 24, 24], base: virtualTime(a[3]) });
  // With a's chunks 0–2 taken, the lowest waiting priority is a[3]: b starts level with it.
  assert.deepEqual(b, [a[3], a[4], a[5]]);
});

test('priorities stay within BullMQ limits', () => {
  const far = chunkPriorities({ frames: [10, 10], base: MAX_CHUNK_PRIORITY - 1 });
  assert.deepEqual(far, [MAX_CHUNK_PRIORITY, MAX_CHUNK_PRIORITY]);
  assert.deepEqual(chunkPriorities({ frames: [10], base: -5 }), [1]);
});

test('the virtual time is the lowest waiting priority minus one, or 0', () => {
  assert.equal(virtualTime(undefined), 0);
  assert.equal(virtualTime(0), 0);
  assert.equal(virtualTime(1), 0);
  assert.equal(virtualTime(7), 6);
});
