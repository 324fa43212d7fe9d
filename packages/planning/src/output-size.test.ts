import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planOutputSize } from './output-size.js';

const sd = { width: 640, height: 480 };

test('a factor multiplies the size and names the bicubic model of that factor', () => {
  assert.deepEqual(planOutputSize(sd, { factor: 4 }), {
    model: { id: 'bicubic-x4', factor: 4, chosenBy: 'builtin' },
    width: 2560,
    height: 1920,
  });
});

test('a height picks the smallest factor that reaches it and keeps the aspect with even sides', () => {
  assert.deepEqual(planOutputSize(sd, { height: 960 }), {
    model: { id: 'bicubic-x2', factor: 2, chosenBy: 'builtin' },
    width: 1280,
    height: 960,
  });
  assert.deepEqual(planOutputSize(sd, { height: 2160 }), {
    model: { id: 'bicubic-x4', factor: 4, chosenBy: 'builtin' },
    width: 2880,
    height: 2160,
  });
  assert.deepEqual(planOutputSize({ width: 1280, height: 720 }, { height: 2160 }), {
    model: { id: 'bicubic-x4', factor: 4, chosenBy: 'builtin' },
    width: 3840,
    height: 2160,
  });
  assert.deepEqual(planOutputSize({ width: 720, height: 576 }, { height: 1080 }), {
    model: { id: 'bicubic-x2', factor: 2, chosenBy: 'builtin' },
    width: 1350,
    height: 1080,
  });
});

test('a height at or below the source needs no model; a named model keeps its own factor', () => {
  assert.deepEqual(planOutputSize(sd, { height: 240 }), { width: 320, height: 240 });
  assert.deepEqual(planOutputSize(sd, { height: 960, model: 'bicubic-x4' }), {
    model: { id: 'bicubic-x4', factor: 4, chosenBy: 'request' },
    width: 1280,
    height: 960,
  });
});

test('odd sizes fail with INPUT_UNSUPPORTED', () => {
  assert.throws(
    () => planOutputSize({ width: 65, height: 48 }, undefined),
    (error: Error & { code?: string }) => error.code === 'INPUT_UNSUPPORTED',
  );
});

test('AV1 below 64x64 fails with INPUT_UNSUPPORTED', () => {
  assert.throws(
    () => planOutputSize({ width: 64, height: 48 }, undefined, 'av1'),
    /at least 64x64/,
  );
  assert.deepEqual(planOutputSize({ width: 64, height: 48 }, { factor: 2 }, 'av1').height, 96);
});

test('a registry model with upscale.height runs at its own scale; an unknown one fails clearly', () => {
  const catalog = [{ id: 'realesr-animevideov3', kind: 'sr' as const, scale: 4 }];
  assert.deepEqual(
    planOutputSize(sd, { height: 2160, model: 'realesr-animevideov3' }, 'h264', catalog),
    {
      model: { id: 'realesr-animevideov3', factor: 4, chosenBy: 'request' },
      width: 2880,
      height: 2160,
    },
  );
  assert.throws(
    () => planOutputSize(sd, { height: 2160, model: 'realesr-animevideov3' }),
    (error: Error & { code?: string }) =>
      error.code === 'MODEL_NOT_FOUND' && /same MODELS_DIR/.test(error.message),
  );
});
