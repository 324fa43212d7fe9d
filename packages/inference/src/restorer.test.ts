// The real 1x restoration models of ../shared/restore-models (PROVENANCE.md there) through
// the registry and the engine, on real pictures: FFDNet at σ 15 gains ≥ 8 dB on σ-15
// Gaussian noise; the tiled path matches the whole frame; a strength model needs a σ;
// DnCNN-3 deblocks a JPEG frame of Big Buck Bunny; the fused planar-YUV form of FFDNet
// gives what the packed path between the two conversion graphs gives.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runProcess } from '@remaster/media';
import { InferenceEngine } from './inference-engine.js';
import { loadModel } from './load-model.js';
import { ModelError } from './model-error.js';
import { ModelRegistry } from './model-registry.js';
import { psnr } from './psnr.js';
import { crop, readRgb24, set5Dir, sharedDir, skipUnless } from './testing/shared-data.js';

const restoreDir = join(sharedDir, 'restore-models');
const picture = join(set5Dir, 'baby.png');
const clip = join(sharedDir, 'media/videos/big_buck_bunny_0_30.webm');
const quiet = { info: () => {}, warn: () => {} };

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

/** BT.601 studio-range luma of packed rgb24 (MATLAB's rgb2ycbcr, which DnCNN-3 was trained on). */
function luma(rgb: Buffer): Uint8Array {
  const y = new Uint8Array(rgb.length / 3);
  for (let i = 0; i < y.length; i++) {
    const [r, g, b] = [rgb[3 * i]!, rgb[3 * i + 1]!, rgb[3 * i + 2]!];
    y[i] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
  }
  return y;
}

/** Frame 312 (13 s) of Big Buck Bunny at 640x360, a 256x144 window of it, rgb24. */
async function bunnyFrame(): Promise<Buffer> {
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: ['-v', 'error', '-ss', '13', '-i', clip, '-frames:v', '1'].concat(
      ['-vf', 'scale=640:360,crop=256:144:200:120', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
      ['pipe:1'],
    ),
  });
  return stdout;
}

/** `frame` (256x144 rgb24) through ffmpeg's JPEG encoder at qscale 14 (≈31.5 dB) and back. */
async function jpegOf(frame: Buffer, dir: string): Promise<Buffer> {
  const path = join(dir, 'frame.jpg');
  const raw = ['-f', 'rawvideo', '-pix_fmt', 'rgb24'];
  await runProcess({
    command: 'ffmpeg',
    args: ['-v', 'error', '-y', ...raw, '-s', '256x144', '-i', 'pipe:0'].concat([
      '-c:v',
      'mjpeg',
      '-q:v',
      '14',
      '-pix_fmt',
      'yuvj420p',
      path,
    ]),
    stdin: frame,
  });
  const { stdout } = await runProcess({
    command: 'ffmpeg',
    args: ['-v', 'error', '-i', path, ...raw, 'pipe:1'],
  });
  return stdout;
}

describe(
  'restoration models on a real video frame',
  {
    skip: skipUnless(restoreDir) || skipUnless(clip),
  },
  () => {
    let engine: InferenceEngine;
    let dir: string;
    let clean: Buffer;
    before(async () => {
      const registry = await ModelRegistry.load({ modelDirs: [restoreDir], withoutBuiltins: true });
      const threads = { intraOp: 1 };
      engine = new InferenceEngine({
        registry,
        executionProviders: ['cpu'],
        logger: quiet,
        threads,
      });
      dir = await mkdtemp(join(tmpdir(), 'restorer-'));
      clean = await bunnyFrame();
    });
    after(async () => {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('DnCNN-3 deblocks a JPEG frame: ≥ 0.5 dB of luma; a blind model takes no σ', async () => {
      const jpeg = await jpegOf(clean, dir);
      const dncnn = await engine.restorer('dncnn3_luma_rgbwrap', { sigma: 15 });
      const out = await dncnn.restore(jpeg, 256, 144);
      const [before, after] = [psnr(luma(jpeg), luma(clean)), psnr(luma(out), luma(clean))];
      assert.ok(
        after - before >= 0.5,
        `DnCNN-3 on JPEG, luma: ${before.toFixed(2)} → ${after.toFixed(2)} dB`,
      );
      assert.equal(dncnn.takesStrength, false);
    });

    it('the model named in the error when a strength model gets no σ, or a σ out of range', async () => {
      await assert.rejects(
        engine.restorer('ffdnet_color', { format: 'rgb48le' }),
        (error: unknown) =>
          error instanceof ModelError &&
          error.code === 'MODEL_CONTRACT' &&
          /model ffdnet_color \(input 'rgb48le_strength'\) takes a noise strength: give σ/.test(
            error.message,
          ),
      );
      await assert.rejects(
        engine.restorer('ffdnet_color', { sigma: 80 }),
        /within \[0, 75\], got 80/,
      );
      // A manifest entry that calls FFDNet blind is caught when the file is loaded.
      const bytes = await readFile(join(restoreDir, 'ffdnet_color.onnx'));
      const entry = {
        id: 'ffdnet_color',
        kind: 'restoration',
        padMultiple: 1,
        layout: 'nchw',
      } as const;
      await assert.rejects(
        loadModel({ entry, bytes, executionProviders: ['cpu'], logger: quiet }),
        /model ffdnet_color: its entry names strength input none but the file takes 'sigma'/,
      );
    });

    it('FFDNet fused for yuv420p gives what the packed path between the conversion graphs gives (≥ 45 dB)', async () => {
      const noisyFrame = noisy(clean, 15);
      const form = { yuv: 'yuv420p', matrix: 'bt709', range: 'tv' } as const;
      const converter = await engine.converter({ ...form, rgb: 'rgb24' });
      const planes = await converter.toYuv(noisyFrame, 256, 144);
      const fused = await engine.yuvModel('ffdnet_color', { kind: 'restoration', form, sigma: 15 });
      assert.ok(fused, 'FFDNet fuses on cpu (no cubic Resize)');
      const whole = await fused.restore(planes, 256, 144);
      const ffdnet = await engine.restorer('ffdnet_color', { sigma: 15 });
      const packed = await converter.toYuv(
        await ffdnet.restore(await converter.toRgb(planes, 256, 144), 256, 144),
        256,
        144,
      );
      assert.equal(whole.length, planes.length);
      assert.ok(
        psnr(whole, packed) >= 45,
        `fused against packed: ${psnr(whole, packed).toFixed(2)} dB`,
      );
      // And it denoised: the luma plane is much nearer the clean frame's.
      const cleanPlanes = await converter.toYuv(clean, 256, 144);
      const y = (frame: Buffer) => frame.subarray(0, 256 * 144);
      const gain = psnr(y(whole), y(cleanPlanes)) - psnr(y(planes), y(cleanPlanes));
      assert.ok(gain >= 6, `fused FFDNet luma gain ${gain.toFixed(2)} dB`);
      await assert.rejects(
        engine.yuvModel('ffdnet_color', { kind: 'restoration', form }),
        /model ffdnet_color takes a noise strength/,
      );
    });
  },
);
