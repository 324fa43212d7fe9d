import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  applyGain,
  buildDecodeArgs,
  buildRestoreFilter,
  indexFrames,
  noiseSampleFrames,
  runProcess,
} from '@remaster/media';
import { addGaussianNoise, makeFlickerClip, makeNoisyClip, meanLuma } from './degraded-clips.js';

// A real clip from ../shared beside the repository (the bunny on its rope), else testsrc2.
const BUNNY = fileURLToPath(
  new URL('../../../../shared/media/videos/big_buck_bunny_432_433.webm', import.meta.url),
);
const source = existsSync(BUNNY) ? BUNNY : undefined;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'degraded-clips-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function decodeYuv(url: string, width: number, height: number, restoreFilter?: string) {
  const frames = (
    await runProcess({
      command: 'ffprobe',
      args: [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=nb_read_frames',
        '-of',
        'csv=p=0',
        url,
      ],
    })
  ).stdout
    .toString()
    .trim();
  const args = buildDecodeArgs({
    url,
    startFrame: 0,
    frameCount: Number(frames),
    fps: { num: 25, den: 1 },
    pixelFormat: 'yuv420p',
    ...(restoreFilter && { restoreFilter }),
  });
  const { stdout } = await runProcess({ command: 'ffmpeg', args });
  const size = (width * height * 3) / 2;
  return Array.from({ length: stdout.length / size }, (_, k) =>
    stdout.subarray(k * size, (k + 1) * size),
  );
}

/** PSNR of the luma planes of two yuv420p frame lists, in dB. */
function lumaPsnr(a: Buffer[], b: Buffer[], lumaBytes: number): number {
  let sum = 0;
  for (const [k, frame] of a.entries()) {
    for (let i = 0; i < lumaBytes; i += 1) sum += (frame[i]! - b[k]![i]!) ** 2;
  }
  return 10 * Math.log10((255 * 255) / (sum / (a.length * lumaBytes)));
}

describe('makeFlickerClip and meanLuma', () => {
  const [width, height, frames] = [160, 90, 16];

  it("modulates each frame by its gain, which the planner's luma sees and applyGain undoes", async () => {
    const clean = join(dir, 'steady.mp4');
    const flicker = join(dir, 'flicker.mp4');
    const steady = await makeFlickerClip({
      path: clean,
      width,
      height,
      frames,
      amplitude: 0,
      ...(source && { source }),
    });
    assert.ok(steady.gains.every((gain) => gain === 1));
    const { gains } = await makeFlickerClip({
      path: flicker,
      width,
      height,
      frames,
      ...(source && { source }),
    });
    assert.ok(
      gains.every((gain) => gain >= 0.85 && gain <= 1.15) &&
        Math.max(...gains) - Math.min(...gains) > 0.1,
    );
    const [base, flickering] = [await meanLuma(clean), await meanLuma(flicker)];
    assert.equal(flickering.length, frames);
    flickering.forEach((luma, k) =>
      assert.ok(
        Math.abs(luma / base[k]! - gains[k]!) < 0.03,
        `frame ${k}: ${luma / base[k]!} vs gain ${gains[k]}`,
      ),
    );
    // The index decode's per-frame luma is the same measure.
    const index = await indexFrames(flicker, { scan: false, restore: { luma: true } });
    index.restore?.luma?.forEach((luma, k) =>
      assert.ok(Math.abs(luma - flickering[k]!) < 0.01, `frame ${k}`),
    );
    // Each frame times 1 / its gain is about as bright as the steady clip.
    const decoded = await decodeYuv(flicker, width, height);
    decoded.forEach((frame, k) => {
      const evened = applyGain(frame, {
        format: 'yuv420p',
        width,
        height,
        gain: 1 / gains[k]!,
        range: 'tv',
      });
      let sum = 0;
      for (let i = 0; i < width * height; i += 1) sum += evened[i]!;
      const luma = (sum / (width * height) - 16) / 219;
      assert.ok(Math.abs(luma - base[k]!) < 0.01, `frame ${k}: ${luma} vs ${base[k]}`);
    });
  });
});

describe('makeNoisyClip', () => {
  const [width, height, frames] = [320, 180, 8];

  it('adds the same noise for the same seed, other noise for another', () => {
    const flat = new Uint8Array(1000).fill(128);
    assert.deepEqual(addGaussianNoise(flat, 15, 3), addGaussianNoise(flat, 15, 3));
    assert.notDeepEqual(addGaussianNoise(flat, 15, 3), addGaussianNoise(flat, 15, 4));
    const noisy = addGaussianNoise(flat, 15, 3);
    const sd = Math.sqrt(noisy.reduce((s, v) => s + (v - 128) ** 2, 0) / noisy.length);
    assert.ok(Math.abs(sd - 15) < 1, `σ ${sd}`);
  });

  it('σ 15: the index estimates it, and nlmeans at that σ gains over 5 dB of luma PSNR on grass and fur', async () => {
    const [path, cleanPath] = [join(dir, 'noisy.mp4'), join(dir, 'clean.mp4')];
    await makeNoisyClip({
      path,
      cleanPath,
      width,
      height,
      frames,
      sigma: 15,
      ...(source && { source }),
    });
    const noise = { frames: noiseSampleFrames(frames, 4), width, height };
    const sigma =
      (await indexFrames(path, { scan: false, restore: { noise } })).restore?.noiseSigma ?? 0;
    assert.ok(Math.abs(sigma - 15) < 1, `σ estimated ${sigma}`);
    const [clean, noisy] = [
      await decodeYuv(cleanPath, width, height),
      await decodeYuv(path, width, height),
    ];
    const denoised = await decodeYuv(
      path,
      width,
      height,
      buildRestoreFilter({ denoise: { sigma } }),
    );
    const before = lumaPsnr(noisy, clean, width * height);
    const after = lumaPsnr(denoised, clean, width * height);
    assert.ok(Math.abs(before - 24.6) < 0.5, `noisy PSNR ${before}`);
    assert.ok(after - before > 5, `nlmeans: ${before.toFixed(2)} → ${after.toFixed(2)} dB`);
  });
});
