// Quality guard for tiling: a real model run in overlapping tiles must give
// what one whole-frame run gives (≥ 50 dB), on Set5 images downscaled ×4.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findBuiltinModel } from '@remaster/onnx-graph';
import { loadModel } from './load-model.js';
import type { ModelSession } from './model-session.js';
import { psnr } from './psnr.js';
import { readRgb24, set5Dir, sharedModelsDir, skipUnless } from './testing/shared-data.js';
import { Upscaler } from './upscaler.js';
import { readFile } from 'node:fs/promises';

const skip = skipUnless(sharedModelsDir) || skipUnless(set5Dir);
const quiet = { info: () => {}, warn: () => {} };
let model: ModelSession | undefined;
let bicubic: ModelSession | undefined;

before(async () => {
  if (skip) return;
  const entry = { kind: 'sr' as const, padMultiple: 1, layout: 'nchw' as const };
  const bytes = await readFile(join(sharedModelsDir, 'realesr-animevideov3.onnx'));
  model = await loadModel({
    entry: { ...entry, id: 'realesr-animevideov3' },
    bytes,
    executionProviders: ['cpu'],
    logger: quiet,
  });
  const bicubicBytes = findBuiltinModel('bicubic-x4')!.build();
  bicubic = await loadModel({
    entry: { ...entry, id: 'bicubic-x4' },
    bytes: bicubicBytes,
    executionProviders: ['cpu'],
    logger: quiet,
  });
});

after(async () => {
  await model?.session.release();
  await bicubic?.session.release();
});

/** Set5 convention: crop to a multiple of 4 (mod-crop), then bicubic ×1/4 with ffmpeg. */
async function lowAndHigh(file: string, size: number) {
  const path = join(set5Dir, file);
  const high = await readRgb24(path, {
    filter: `crop=${size}:${size}:0:0`,
    width: size,
    height: size,
  });
  const low = await readRgb24(path, {
    filter: `crop=${size}:${size}:0:0,scale=${size / 4}:${size / 4}:flags=bicubic`,
    width: size / 4,
    height: size / 4,
  });
  return { low, high };
}

test(
  'realesr-animevideov3 in tiles matches one whole run on Set5 ×4 (≥ 50 dB)',
  { skip },
  async (t) => {
    for (const [file, size] of [
      ['bird.png', 288],
      ['butterfly.png', 256],
    ] as const) {
      const { low, high } = await lowAndHigh(file, size);
      const whole = await new Upscaler(model!, 4, { tiling: { tileSize: 128 } }).upscale(
        low.data,
        low.width,
        low.height,
      );
      const tiling = { tileSize: 40, overlap: 16, batchSize: 2 };
      const tiled = await new Upscaler(model!, 4, { tiling }).upscale(
        low.data,
        low.width,
        low.height,
      );
      const upscaledBicubic = await new Upscaler(bicubic!, 4).upscale(
        low.data,
        low.width,
        low.height,
      );
      const seams = psnr(tiled, whole);
      const [modelVsTruth, bicubicVsTruth] = [
        psnr(whole, high.data),
        psnr(upscaledBicubic, high.data),
      ];
      t.diagnostic(
        `${file} ${low.width}x${low.height}→${size}x${size}: tiled vs whole ${seams.toFixed(2)} dB; vs ground truth: model ${modelVsTruth.toFixed(2)} dB, bicubic ${bicubicVsTruth.toFixed(2)} dB`,
      );
      assert.ok(seams >= 50, `${file}: tiled vs whole ${seams.toFixed(2)} dB`);
      // Sanity only: both are recognisably the same picture.
      assert.ok(
        modelVsTruth > 18 && bicubicVsTruth > 18,
        `${file}: ${modelVsTruth} / ${bicubicVsTruth} dB`,
      );
    }
  },
);
