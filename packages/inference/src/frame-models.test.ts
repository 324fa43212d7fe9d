import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from './builtin-models.js';
import { Interpolator, Upscaler } from './frame-models.js';
import { loadModelSession, type ModelSession } from './model-session.js';

const quiet = { info: () => {}, warn: () => {} };
const [width, height] = [8, 6];
const sessions = new Map<string, ModelSession>();

before(async () => {
  for (const id of ['bicubic-x2', 'bicubic-x4', 'blend']) {
    const bytes = findBuiltinModel(id)!.build();
    sessions.set(id, await loadModelSession({ bytes, executionProviders: ['cpu'], logger: quiet }));
  }
});

after(async () => {
  for (const { session } of sessions.values()) await session.release();
});

function solid(value: number, w = width, h = height): Buffer {
  return Buffer.alloc(3 * w * h, value);
}

/** A frame whose bytes all differ from a neighbour's, so layout mistakes show. */
function pattern(seed: number): Buffer {
  return Buffer.from(Array.from({ length: 3 * width * height }, (_, i) => (i * 7 + seed) % 256));
}

test('upscaling a constant frame gives a constant frame with scale² times the pixels', async () => {
  for (const [id, scale] of [
    ['bicubic-x2', 2],
    ['bicubic-x4', 4],
  ] as const) {
    const upscaler = new Upscaler(sessions.get(id)!, scale);
    const out = await upscaler.upscale(solid(77), width, height);
    assert.equal(out.length, 3 * scale * width * scale * height);
    assert.deepEqual(out, solid(77, scale * width, scale * height));
  }
});

test('an upscaler reuses its input between calls and keeps concurrent calls apart', async () => {
  const upscaler = new Upscaler(sessions.get('bicubic-x2')!, 2);
  const values = [10, 200, 33, 140];
  const outs = await Promise.all(values.map((v) => upscaler.upscale(solid(v), width, height)));
  outs.forEach((out, i) => assert.deepEqual(out, solid(values[i]!, 2 * width, 2 * height)));
  // A different frame size after the first ones still works.
  assert.deepEqual(await upscaler.upscale(solid(5, 4, 2), 4, 2), solid(5, 8, 4));
});

test('an upscaler whose scale does not match the model says so', async () => {
  const upscaler = new Upscaler(sessions.get('bicubic-x2')!, 4);
  await assert.rejects(
    upscaler.upscale(solid(1), width, height),
    /upscaling 8x6 by 4: model output is \[1, 3, 12, 16\], expected \[1, 3, 24, 32\]/,
  );
});

test('interpolating black and white at t = 0.5 gives mid grey everywhere', async () => {
  const interpolator = new Interpolator(sessions.get('blend')!);
  const out = await interpolator.interpolate(solid(0), solid(255), 0.5, width, height);
  assert.equal(out.length, 3 * width * height);
  for (const byte of out) assert.ok(Math.abs(byte - 128) <= 1, `${byte} ≈ 128`);
});

test('interpolating at t = 0 and t = 1 returns the end frames exactly, t varying per call', async () => {
  const interpolator = new Interpolator(sessions.get('blend')!);
  const [a, b] = [pattern(3), pattern(101)];
  assert.deepEqual(await interpolator.interpolate(a, b, 0, width, height), a);
  assert.deepEqual(await interpolator.interpolate(a, b, 1, width, height), b);
  const quarter = await interpolator.interpolate(solid(0), solid(200), 0.25, width, height);
  assert.deepEqual(quarter, solid(50));
});

test('a timestep outside [0, 1] is refused', async () => {
  const interpolator = new Interpolator(sessions.get('blend')!);
  await assert.rejects(
    interpolator.interpolate(solid(0), solid(0), 1.5, width, height),
    /within \[0, 1\], got 1.5/,
  );
  await assert.rejects(interpolator.interpolate(solid(0), solid(0), NaN, width, height), /got NaN/);
});
