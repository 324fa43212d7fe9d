import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseDecimation } from './choose-decimation.js';

describe('chooseDecimation', () => {
  it('drops the frame most like its predecessor in each cycle of 5, whatever the phase', () => {
    // Repeats (diff 0.01) at 3, 8, 13: every 5th frame from 3.
    const diffs = [0, 2, 3, 0.01, 2.5, 1.8, 2.2, 3.1, 0.01, 2, 2.4, 1.9, 2.6, 0.01, 2.1];
    assert.deepEqual(chooseDecimation(diffs), [3, 8, 13]);
    // A repeat at the first frame of a cycle (its predecessor in the cycle before).
    assert.deepEqual(chooseDecimation([0, 2, 0.01, 2, 2, 0.02, 2, 2, 2, 2]), [2, 5]);
  });

  it('never drops frame 0, which has no predecessor', () => {
    assert.deepEqual(chooseDecimation([0, 0.5, 3, 3, 3]), [1]);
  });

  it('drops from the last partial cycle only when it clearly holds a repeat', () => {
    const full = [0, 2, 2, 0.01, 2, 2, 2, 2, 0.01, 2];
    assert.deepEqual(chooseDecimation([...full, 2, 0.02, 2]), [3, 8, 11]);
    assert.deepEqual(chooseDecimation([...full, 2, 1.6, 2]), [3, 8]);
    // No full cycle to compare with: nothing is dropped.
    assert.deepEqual(chooseDecimation([0, 0, 2]), []);
  });

  it('takes another cycle length, and rejects a cycle below 2', () => {
    assert.deepEqual(chooseDecimation([0, 1, 0.1, 1, 1, 0.1], 3), [2, 5]);
    assert.throws(() => chooseDecimation([0, 1], 1), RangeError);
  });
});
