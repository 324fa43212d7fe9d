// FRAME_PIPES=yuv with the real models: whole frames run in the fused session (YUV in,
// YUV out), tiled ones in the three sessions, and both give the rgb pipes' frames.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig } from '@remaster/config';
import { psnr } from '@remaster/inference';
import type { ChunkPayload } from '@remaster/jobs';
import { runProcess } from '@remaster/media';
import { makeClip, readBarcode } from '@remaster/testing';
import type { FrameModels } from '@remaster/render';
import { renderChunk } from '@remaster/render';
import { createRenderer } from './create-renderer.js';
import type { FramePipes } from './frame-pipes.js';
import { createModelProvider, type ModelProvider } from './model-provider.js';

const SIZE = { width: 64, height: 48 };
const FRAMES = 6;
const logger = createLogger('worker-test', { LOG_LEVEL: 'silent' });

function chunk(job: Partial<ChunkPayload>): ChunkPayload {
  return {
    jobId: 'fused-test',
    index: 0,
    inputUrl: 'unused',
    sourceWidth: SIZE.width,
    sourceHeight: SIZE.height,
    sourceFrames: FRAMES,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    sourceStart: 0,
    sourceEnd: FRAMES,
    decodeEnd: FRAMES,
    outputStart: 0,
    outputEnd: FRAMES,
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, ...SIZE },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
    ...job,
  };
}

const sharedModels = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/models');
const realModel = existsSync(sharedModels) ? false : `${sharedModels} is absent`;
const upscaledBy = (model: string) =>
  chunk({
    upscale: { model, factor: 2 },
    output: { codec: 'h264', crf: 18, width: 128, height: 96 },
  });
/** A real ×2 model (Conv, PRelu, DepthToSpace, a nearest Resize). */
const upscaled = upscaledBy('realesrganv2-animevideo-xsx2');
const interpolated = chunk({
  interpolate: { model: 'blend' },
  targetFps: { num: 50, den: 1 },
  outputEnd: 2 * FRAMES,
});

/** The provider's models, counting the frames each path runs. */
function counted(models: ModelProvider) {
  const calls = { fused: 0, packed: 0 };
  const spy: FrameModels = {
    restorer: (...args) => models.restorer(...args),
    upscaler: async (...args) => {
      const upscaler = await models.upscaler(...args);
      return {
        fitsWhole: (width, height) => upscaler.fitsWhole(width, height),
        upscale: (...frame) => ((calls.packed += 1), upscaler.upscale(...frame)),
      };
    },
    interpolator: async (...args) => {
      const interpolator = await models.interpolator(...args);
      return {
        fitsWhole: (width, height) => interpolator.fitsWhole(width, height),
        interpolate: (...frames) => ((calls.packed += 1), interpolator.interpolate(...frames)),
      };
    },
    fused: async (...args) => {
      const fused = await models.fused(...args);
      return (
        fused && {
          upscale: (...frame) => ((calls.fused += 1), fused.upscale(...frame)),
          interpolate: (...frames) => ((calls.fused += 1), fused.interpolate(...frames)),
        }
      );
    },
    providerOf: (id) => models.providerOf(id),
    converter: (conversion) => models.converter(conversion),
    close: () => models.close(),
  };
  return { calls, spy };
}

describe('createRenderer with yuv pipes', () => {
  let dir: string;
  let clip: string;
  const providers: ModelProvider[] = [];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fused-render-'));
    clip = join(dir, 'clip.mp4');
    await makeClip({ path: clip, ...SIZE, fps: 25, frames: FRAMES, barcode: true });
  });
  after(async () => {
    await Promise.all(providers.map((p) => p.close()));
    await rm(dir, { recursive: true, force: true });
  });

  /** The chunk's frames as rgb24, rendered on `pipes` with a provider of `env`. */
  async function render(payload: ChunkPayload, pipes: FramePipes, env = {}) {
    const provider = await createModelProvider(loadConfig(env), logger);
    providers.push(provider);
    const { calls, spy } = counted(provider);
    const renderer = await createRenderer(payload, spy, pipes);
    const segment = await renderChunk(payload, { sourceUrl: clip, renderer, tmpDir: dir });
    const args = ['-v', 'error', '-i', segment.path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'];
    const frames = (await runProcess({ command: 'ffmpeg', args })).stdout;
    await rm(segment.path, { force: true });
    return { calls, frames, count: segment.frames, pipeFormat: renderer.pipeFormat };
  }

  it(
    'upscales whole frames in the fused session, frame-exact and as the rgb pipes do',
    { skip: realModel },
    async () => {
      const yuv = await render(upscaled, 'yuv', { MODELS_DIR: sharedModels });
      const rgb = await render(upscaled, 'rgb', { MODELS_DIR: sharedModels });
      assert.deepEqual(yuv.calls, { fused: FRAMES, packed: 0 });
      assert.deepEqual(rgb.calls, { fused: 0, packed: FRAMES });
      const frameBytes = 128 * 96 * 3;
      const barcodes = Array.from({ length: FRAMES }, (_, k) =>
        readBarcode(yuv.frames.subarray(k * frameBytes, (k + 1) * frameBytes), 128, 96),
      );
      assert.deepEqual(barcodes, [0, 1, 2, 3, 4, 5]);
      const db = psnr(yuv.frames, rgb.frames);
      assert.ok(db >= 40, `fused vs rgb pipes, after x264: ${db.toFixed(2)} dB`);
    },
  );

  it('interpolates whole frames in the fused session: every copy in place', async () => {
    const yuv = await render(interpolated, 'yuv');
    const rgb = await render(interpolated, 'rgb');
    assert.equal(yuv.count, 2 * FRAMES);
    // Output 2k copies source k (no model); 2k + 1 blends k and k + 1, but the last copies.
    assert.deepEqual(yuv.calls, { fused: FRAMES - 1, packed: 0 });
    const frameBytes = SIZE.width * SIZE.height * 3;
    const copies = Array.from({ length: FRAMES }, (_, k) =>
      readBarcode(yuv.frames.subarray(2 * k * frameBytes, (2 * k + 1) * frameBytes), 64, 48),
    );
    assert.deepEqual(copies, [0, 1, 2, 3, 4, 5]);
    const db = psnr(yuv.frames, rgb.frames);
    assert.ok(db >= 40, `fused vs rgb pipes, after x264: ${db.toFixed(2)} dB`);
  });

  it(
    'keeps tiled frames on the three sessions (converter, packed tiles, converter)',
    { skip: realModel },
    async () => {
      const yuv = await render(upscaled, 'yuv', { MODELS_DIR: sharedModels, TILE_SIZE: '32' });
      assert.deepEqual(yuv.calls, { fused: 0, packed: FRAMES });
      assert.equal(yuv.count, FRAMES);
    },
  );

  it('keeps a cubic Resize on the three sessions on cpu (planar cubic is 20× slower)', async () => {
    const yuv = await render(upscaledBy('bicubic-x2'), 'yuv');
    assert.deepEqual(yuv.calls, { fused: 0, packed: FRAMES });
  });

  it('fused pipes (auto on cpu) are yuv where every model frame runs fused, else rgb', async () => {
    const blend = await render(interpolated, 'fused');
    assert.equal(blend.pipeFormat, 'yuv420p');
    assert.deepEqual(blend.calls, { fused: FRAMES - 1, packed: 0 });
    const bicubic = await render(upscaledBy('bicubic-x2'), 'fused');
    assert.equal(bicubic.pipeFormat, 'rgb24');
    assert.deepEqual(bicubic.calls, { fused: 0, packed: FRAMES });
  });
});
