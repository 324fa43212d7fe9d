import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobRequestSchema } from '@remaster/jobs';
import { parseRational } from '@remaster/retiming';
import { outputRateProblem } from './output-rate.js';

function verdict(interpolate: object | undefined, sourceFps?: string): string {
  const request = jobRequestSchema.parse({ input: { url: 's3://remaster/a.mp4' }, interpolate });
  const problem = outputRateProblem({
    interpolate: request.interpolate,
    maxFps: 240,
    ...(sourceFps === undefined ? {} : { sourceFps: parseRational(sourceFps) }),
  });
  return problem?.code ?? 'ok';
}

test('interpolate.fps outside 1–OUTPUT_MAX_FPS is refused before the probe', () => {
  assert.equal(verdict({ fps: 240 }), 'ok');
  assert.equal(verdict({ fps: '60000/1001' }), 'ok');
  assert.equal(verdict({ fps: '59.94' }), 'ok');
  assert.equal(verdict({ fps: 1 }), 'ok');
  assert.equal(verdict({ fps: 241 }), 'OUTPUT_FPS_OUT_OF_RANGE');
  assert.equal(verdict({ fps: '1/2' }), 'OUTPUT_FPS_OUT_OF_RANGE');
});

test('interpolate.factor outside 1/16–16 is refused; within it, the source rate decides', () => {
  for (const factor of [16, '1/16', 2, 0.5, '5/2']) assert.equal(verdict({ factor }), 'ok');
  for (const factor of [100, 16.5, '1/17', 0.05])
    assert.equal(verdict({ factor }), 'INTERPOLATE_FACTOR_OUT_OF_RANGE');
  assert.equal(verdict({ factor: 5 }, '60'), 'OUTPUT_FPS_OUT_OF_RANGE');
  assert.equal(verdict({ factor: 4 }, '30000/1001'), 'ok');
  assert.equal(verdict({ factor: '1/16' }, '8'), 'OUTPUT_FPS_OUT_OF_RANGE');
});

test('without interpolate the probed source rate itself must fit', () => {
  assert.equal(verdict(undefined, '300'), 'OUTPUT_FPS_OUT_OF_RANGE');
  assert.equal(verdict(undefined, '25'), 'ok');
  assert.equal(verdict(undefined), 'ok');
});
