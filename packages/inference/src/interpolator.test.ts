import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { Interpolator } from './interpolator.js';
import { loadModel, type FrameIo } from './load-model.js';
import { ModelError } from './model-error.js';
import type { ModelSession } from './model-session.js';
import { float16Blend, patternFrame, threeInputBlend } from './testing/test-models.js';

const quiet = { info: () => {}, warn: () => {} };
const [width, height] = [8, 6];
const sessions = new Map<string, ModelSession>();
const ios: FrameIo[] = ['graph', 'js'];

const models: Record<string, () => Uint8Array> = {
  blend: () => findBuiltinModel('blend')!.build(),
  'fp16-blend': float16Blend,
  'three-input, per-item timestep': () => threeInputBlend(['N', 1, 1, 1]),
  'three-input, timestep plane': () => threeInputBlend(['N', 1, 'H', 'W']),
  'three-input, [N] timestep': () => threeInputBlend(['N']),
};

before(async () => {
  for (const [name, build] of Object.entries(models)) {
    for (const io of ios) {
      const entry = { id: name, kind: 'vfi' as const, padMultiple: 1, layout: 'nchw' as const };
      const bytes = build();
      sessions.set(
        `${name}/${io}`,
        await loadModel({ entry, bytes, io, executionProviders: ['cpu'], logger: quiet }),
      );
    }
  }
});

after(async () => {
  for (const { session } of sessions.values()) await session.release();
});

function solid(value: number, w = width, h = height): Buffer {
  return Buffer.alloc(3 * w * h, value);
}

test('every contract form, in-graph or in JavaScript, mixes black and white to grey at t = 0.5', async () => {
  for (const key of sessions.keys()) {
    const interpolator = new Interpolator(sessions.get(key)!);
    const out = await interpolator.interpolate(solid(0), solid(255), 0.5, width, height);
    assert.equal(out.length, 3 * width * height, key);
    for (const byte of out) assert.ok(Math.abs(byte - 128) <= 1, `${key}: ${byte} ≈ 128`);
  }
});

test('t = 0 and t = 1 give the end frames exactly, t varying per call', async () => {
  for (const key of sessions.keys()) {
    const interpolator = new Interpolator(sessions.get(key)!);
    const [a, b] = [patternFrame(width, height, 3), patternFrame(width, height, 101)];
    assert.deepEqual(await interpolator.interpolate(a, b, 0, width, height), a, key);
    assert.deepEqual(await interpolator.interpolate(a, b, 1, width, height), b, key);
    const quarter = await interpolator.interpolate(solid(0), solid(200), 0.25, width, height);
    assert.deepEqual(quarter, solid(50), key);
  }
});

test('16-bit frames interpolate at 16 bits in every contract form, padded or not', async () => {
  const solid16 = (value: number, w = width, h = height) =>
    Buffer.from(new Uint16Array(3 * w * h).fill(value).buffer);
  for (const [name, build] of Object.entries(models)) {
    for (const io of ios) {
      const entry = { id: name, kind: 'vfi' as const, padMultiple: 1, layout: 'nchw' as const };
      const model = await loadModel({
        entry,
        bytes: build(),
        io,
        format: 'rgb48le',
        executionProviders: ['cpu'],
        logger: quiet,
      });
      for (const padMultiple of [1, 16]) {
        const interpolator = new Interpolator(model, { format: 'rgb48le', padMultiple });
        const out = await interpolator.interpolate(
          solid16(1000),
          solid16(41001),
          0.25,
          width,
          height,
        );
        const samples = new Uint16Array(out.buffer, out.byteOffset, out.length / 2);
        // fp16 models hold 11 significant bits: within a few levels of 11000.
        const tolerance = name === 'fp16-blend' ? 16 : 0;
        for (const value of samples)
          assert.ok(Math.abs(value - 11000) <= tolerance, `${name}/${io}: ${value}`);
        const [a, b] = [solid16(123), solid16(65000)];
        assert.deepEqual(
          await interpolator.interpolate(a, b, 0, width, height),
          a,
          `${name}/${io}`,
        );
      }
      await model.session.release();
    }
  }
});

test('frames are padded to the model multiple and the result is cropped', async () => {
  const interpolator = new Interpolator(sessions.get('blend/graph')!, { padMultiple: 16 });
  const [a, b] = [patternFrame(13, 7, 1), patternFrame(13, 7, 2)];
  assert.deepEqual(await interpolator.interpolate(a, b, 0, 13, 7), a);
  assert.deepEqual(await interpolator.interpolate(a, b, 1, 13, 7), b);
});

test('a timestep outside [0, 1] or a frame of the wrong size is refused', async () => {
  const interpolator = new Interpolator(sessions.get('blend/js')!);
  await assert.rejects(
    interpolator.interpolate(solid(0), solid(0), 1.5, width, height),
    /within \[0, 1\], got 1.5/,
  );
  await assert.rejects(interpolator.interpolate(solid(0), solid(0), NaN, width, height), /got NaN/);
  await assert.rejects(
    interpolator.interpolate(solid(0), solid(0, 2, 2), 0.5, width, height),
    /has 12 bytes, 8x6 needs 144/,
  );
});

test('a super-resolution session is not an interpolator', async () => {
  const bytes = findBuiltinModel('bicubic-x2')!.build();
  const entry = { id: 'bicubic-x2', kind: 'sr' as const, padMultiple: 1, layout: 'nchw' as const };
  const model = await loadModel({ entry, bytes, executionProviders: ['cpu'], logger: quiet });
  try {
    assert.throws(
      () => new Interpolator(model),
      (error: unknown) =>
        error instanceof ModelError &&
        error.code === 'MODEL_CONTRACT' &&
        /rgb24 interpolation model takes \(A, B, timestep\)/.test(error.message),
    );
  } finally {
    await model.session.release();
  }
});
