// The real 1x restoration models of ../shared/restore-models (PROVENANCE.md there) through
// the registry and the engine, on a real picture: FFDNet at σ 15 gains ≥ 8 dB on σ-15
// Gaussian noise; the tiled path matches the whole frame; a strength model needs a σ.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InferenceEngine } from './inference-engine.js';
import { ModelError } from './model-error.js';
import { ModelRegistry } from './model-registry.js';
import { psnr } from './psnr.js';
import { crop, readRgb24, set5Dir, sharedDir, skipUnless } from './testing/shared-data.js';

const restoreDir = join(sharedDir, 'restore-models');
const picture = join(set5Dir, 'baby.png');

/** Gaussian noise of σ on every sample (Box–Muller over a seeded mulberry32), clamped. */
function noisy(data: Buffer, sigma: number): Buffer {
  let state = 7;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / (2 ** 32 + 1);
  };
  return Buffer.from(
    data.map((v) => {
      const g = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      return Math.min(255, Math.max(0, Math.round(v + sigma * g)));
    }),
  );
}

describe('restoration models', { skip: skipUnless(restoreDir) || skipUnless(picture) }, () => {
  it('register as kind restoration, FFDNet with its strength input; FFDNet at σ 15 gains ≥ 8 dB', async () => {
    const registry = await ModelRegistry.load({ modelDirs: [restoreDir], withoutBuiltins: true });
    const kinds = registry.list().map((m) => [m.id, m.kind, m.scale, m.strengthInput]);
    assert.deepEqual(kinds, [
      ['cdncnn_b_color_blind', 'restoration', 1, undefined],
      ['dncnn3_luma_rgbwrap', 'restoration', 1, undefined],
      ['ffdnet_color', 'restoration', 1, 'sigma'],
    ]);
    const engine = new InferenceEngine({ registry, executionProviders: ['cpu'] });
    try {
      const clean = crop(await readRgb24(picture), 128, 128, 160, 120);
      const input = noisy(clean.data, 15);
      const ffdnet = await engine.restorer('ffdnet_color', { sigma: 15 });
      const out = await ffdnet.restore(input, clean.width, clean.height);
      const [before, after] = [psnr(input, clean.data), psnr(out, clean.data)];
      assert.ok(after - before >= 8, `FFDNet σ 15: ${before.toFixed(2)} → ${after.toFixed(2)} dB`);
      // The tiled path (tiles of 64 with overlap) gives the same picture to ≥ 45 dB.
      const tiled = await engine.restorer('ffdnet_color', { sigma: 15, tiling: { tileSize: 64 } });
      const pieces = await tiled.restore(input, clean.width, clean.height);
      assert.ok(psnr(pieces, out) >= 45, `tiled against whole: ${psnr(pieces, out).toFixed(2)} dB`);
      await assert.rejects(
        engine.restorer('ffdnet_color'),
        (error: unknown) => error instanceof ModelError && error.code === 'MODEL_CONTRACT',
      );
      await assert.rejects(
        engine.upscaler('ffdnet_color'),
        (error: unknown) => error instanceof ModelError && error.code === 'MODEL_NOT_FOUND',
      );
    } finally {
      await engine.close();
    }
  });
});
