import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobRequestSchema } from '@remaster/jobs';
import { ApiError } from './api-error.js';
import { checkOutputRate } from './output-rate-limit.js';

function verdict(interpolate: object): string {
  const request = jobRequestSchema.parse({ input: { url: 's3://remaster/a.mp4' }, interpolate });
  try {
    checkOutputRate(request, 240);
    return 'ok';
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return `${error.statusCode} ${error.code}`;
  }
}

test('interpolate.fps outside 1–OUTPUT_MAX_FPS is refused at submit', () => {
  assert.equal(verdict({ fps: 240 }), 'ok');
  assert.equal(verdict({ fps: '60000/1001' }), 'ok');
  assert.equal(verdict({ fps: 1 }), 'ok');
  assert.equal(verdict({ fps: 241 }), '400 OUTPUT_FPS_OUT_OF_RANGE');
  assert.equal(verdict({ fps: '1/2' }), '400 OUTPUT_FPS_OUT_OF_RANGE');
});

test('interpolate.factor outside 1/16–16 is refused at submit; within it, the probe decides', () => {
  for (const factor of [16, '1/16', 2, 0.5, '5/2']) assert.equal(verdict({ factor }), 'ok');
  for (const factor of [100, 16.5, '1/17', 0.05])
    assert.equal(verdict({ factor }), '400 INTERPOLATE_FACTOR_OUT_OF_RANGE');
});
