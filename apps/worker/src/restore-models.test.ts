// A learned denoise in a worker's chunk (DESIGN §10): σ-15 Gaussian noise on a real clip,
// rendered through the ModelProvider with FFDNet from ../shared/restore-models, on the rgb
// pipes and on the yuv ones: each gains ≥ 8 dB of luma PSNR against the clean frames.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig } from '@remaster/config';
import type { ChunkPayload } from '@remaster/jobs';
import { runProcess } from '@remaster/media';
import { renderChunk } from '@remaster/render';
import { addGaussianNoise, decodeOutput } from '@remaster/testing';
import { createRenderer } from './create-renderer.js';
import { createModelProvider, type ModelProvider } from './model-provider.js';

const shared = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');
const restoreModels = join(shared, 'restore-models');
const bunny = join(shared, 'media/videos/big_buck_bunny_0_30.webm');
const absent = [restoreModels, bunny].find((path) => !existsSync(path));
const SIZE = { width: 320, height: 180 };
const FRAMES = 4;
const logger = createLogger('worker-test', { LOG_LEVEL: 'silent' });

const chunk: ChunkPayload = {
  ...{ jobId: 'denoise-test', index: 0, inputUrl: 'unused', sourceFrames: FRAMES },
  ...{ sourceWidth: SIZE.width, sourceHeight: SIZE.height },
  ...{ sourceFps: { num: 25, den: 1 }, targetFps: { num: 25, den: 1 } },
  ...{ sourceStart: 0, sourceEnd: FRAMES, decodeEnd: FRAMES, outputStart: 0, outputEnd: FRAMES },
  cutsAfter: [],
  restore: {
    outputsPerFrame: 1,
    sourceFps: { num: 25, den: 1 },
    sourceStart: 0,
    sourceEnd: FRAMES,
    firstRestored: 0,
    models: [{ model: 'ffdnet_color', sigma: 15 }],
  },
  output: { codec: 'h264', crf: 0, ...SIZE },
  colour: {
    matrix: 'bt601',
    range: 'tv',
    tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
  },
};

/** PSNR of the BT.601 luma of two rgb24 frames. */
function lumaPsnr(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 3) {
    const luma = (f: Buffer) => 0.299 * f[i]! + 0.587 * f[i + 1]! + 0.114 * f[i + 2]!;
    sum += (luma(a) - luma(b)) ** 2;
  }
  return 10 * Math.log10((255 * 255) / (sum / (a.length / 3)));
}

/** rgb24 frames as a lossless planar-RGB clip (ffv1 gbrp: the decoder gives them back exactly). */
async function encodeRgb(frames: Buffer, path: string): Promise<void> {
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24'],
      ...['-s', `${SIZE.width}x${SIZE.height}`, '-framerate', '25', '-i', 'pipe:0'],
      ...['-c:v', 'ffv1', '-pix_fmt', 'gbrp', '-y', path],
    ],
    stdin: frames,
  });
}

describe('a learned denoise in a chunk', { skip: absent && `${absent} is absent` }, () => {
  let dir: string;
  let models: ModelProvider;
  let noisy: string;
  let clean: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'worker-denoise-'));
    [noisy, clean] = [join(dir, 'noisy.mkv'), join(dir, 'clean.mkv')];
    // Past the opening fade; σ-15 Gaussian noise on each RGB sample, as FFDNet's σ means.
    const { stdout } = await runProcess({
      command: 'ffmpeg',
      args: [
        ...['-nostdin', '-v', 'error', '-ss', '20', '-i', bunny, '-frames:v', String(FRAMES)],
        ...['-vf', `scale=${SIZE.width}:${SIZE.height}:flags=area`, '-f', 'rawvideo'],
        ...['-pix_fmt', 'rgb24', 'pipe:1'],
      ],
    });
    await encodeRgb(stdout, clean);
    await encodeRgb(addGaussianNoise(stdout, 15), noisy);
    const config = loadConfig({ MODELS_DIR: restoreModels, DATA_DIR: dir });
    models = await createModelProvider(config, logger);
  });
  after(async () => {
    await models?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The chunk's output frames (rgb24) from `url`, with the models of `payload`. */
  async function render(url: string, payload: ChunkPayload, pipes: 'rgb' | 'yuv') {
    const renderer = await createRenderer(payload, models, pipes);
    const segment = await renderChunk(payload, { sourceUrl: url, renderer, tmpDir: dir });
    const frames = await decodeOutput(segment.path, SIZE.width, SIZE.height);
    await rm(segment.path, { force: true });
    return frames;
  }

  for (const pipes of ['rgb', 'yuv'] as const) {
    it(`FFDNet at σ 15 gains ≥ 8 dB on every frame (${pipes} pipes)`, async () => {
      // Both sides through the same chunk encode (4:2:0), with and without the model.
      const plain = { ...chunk, restore: { ...chunk.restore!, models: [] } };
      const reference = await render(clean, plain, pipes);
      const before = await render(noisy, plain, pipes);
      const out = await render(noisy, chunk, pipes);
      assert.equal(out.length, FRAMES);
      out.forEach((frame, k) => {
        // On luma: the 4:2:0 encode averages chroma (and its noise) on both sides alike.
        const gain = lumaPsnr(frame, reference[k]!) - lumaPsnr(before[k]!, reference[k]!);
        assert.ok(gain >= 8, `frame ${k}: ${gain.toFixed(2)} dB`);
      });
      assert.equal(models.providerOf('ffdnet_color'), 'cpu');
    });
  }
});
