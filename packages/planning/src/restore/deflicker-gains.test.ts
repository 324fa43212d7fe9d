import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflickerGains, meanVariance } from './deflicker-gains.js';

/** A deterministic flicker: ±15 % around a slow ramp. */
function flickering(frames: number): { base: number[]; flicker: number[] } {
  let seed = 7;
  // A small LCG whose products stay exact in doubles.
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  const base = Array.from({ length: frames }, (_, i) => 0.4 + (0.1 * i) / frames);
  return { base, flicker: base.map((b) => b * (1 + 0.15 * random())) };
}

test('full strength removes frame-to-frame flicker and keeps the slow ramp', () => {
  const { base, flicker } = flickering(200);
  const gains = deflickerGains(flicker, { strength: 1 });
  const evened = flicker.map((m, i) => m * gains[i]!);
  const residual = (list: number[]) => meanVariance(list.map((m, i) => m - base[i]!));
  assert.ok(
    residual(flicker) / residual(evened) >= 5,
    `${residual(flicker)} → ${residual(evened)}`,
  );
  // The ramp itself survives: the last frames are still brighter than the first.
  const avg = (list: number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  assert.ok(avg(evened.slice(-20)) - avg(evened.slice(0, 20)) > 0.06);
});

test('strength 0 is no change; dark frames keep gain 1', () => {
  const { flicker } = flickering(30);
  assert.deepEqual(
    deflickerGains(flicker, { strength: 0 }),
    flicker.map(() => 1),
  );
  assert.deepEqual(
    deflickerGains([0.01, 0.3, 0.01], { strength: 1 }).filter((_, i) => i !== 1),
    [1, 1],
  );
});

test('the smoothing does not reach across a scene cut', () => {
  const means = [...Array(10).fill(0.2), ...Array(10).fill(0.8)];
  const gains = deflickerGains(means, { strength: 1, sceneStarts: [10] });
  assert.deepEqual(
    gains,
    means.map(() => 1),
  );
  const blind = deflickerGains(means, { strength: 1 });
  assert.notEqual(blind[9], 1, 'without the cut, the frames beside it would be pulled together');
});
