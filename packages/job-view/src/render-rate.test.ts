import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRecord } from '@remaster/jobs';
import { renderRate } from './job-response.js';

const startedAt = '2026-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(startedAt) + seconds * 1000);
function processing(
  framesDone: number,
  predicted?: { renderSeconds: number; stitchSeconds: number },
) {
  return {
    status: 'processing',
    startedAt,
    plan: {
      ...{ chunksTotal: 4, framesTotal: 200, width: 64, height: 48, fps: '50' },
      ...(predicted ? { predicted: { ...predicted, basis: 'calibrated' } } : {}),
    },
    progress: { chunksDone: 0, framesDone, chunks: [] },
  } as unknown as JobRecord;
}

test('before any frame is done the ETA is the plan’s prediction less the time spent, stitching included', () => {
  const predicted = { renderSeconds: 10, stitchSeconds: 2 };
  assert.deepEqual(renderRate(processing(0, predicted), at(4)), { etaSeconds: 8 });
  assert.deepEqual(renderRate(processing(0), at(4)), {}, 'no prediction, no guess');
});

test('as frames are done the measured rate takes over in proportion', () => {
  const predicted = { renderSeconds: 10, stitchSeconds: 2 };
  // Half done in 2 s: measured 50 fps → 2 s left; predicted 8 s left; half each, + stitch.
  assert.deepEqual(renderRate(processing(100, predicted), at(2)), {
    fps: 50,
    etaSeconds: Math.ceil(0.5 * 8 + 0.5 * 2 + 2),
  });
  // Without a prediction: the measured rate alone (the old rule).
  assert.deepEqual(renderRate(processing(100), at(2)), { fps: 50, etaSeconds: 2 });
});
