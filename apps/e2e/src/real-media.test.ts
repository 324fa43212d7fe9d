// Real clips from ../shared/media/videos through the whole system (skipped when that
// folder is absent): an old film to 60 fps with its audio in sync, and Big Buck Bunny
// 24 → 60 fps with its three hard cuts kept clean (no frame blends two scenes).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { psnr, selectFrames } from '@remaster/testing';
import { countVideoFrames, probeMedia } from '@remaster/media';
import { createRetiming, frameOp, parseRational } from '@remaster/retiming';
import type { Stack } from './stack.js';
import { startStack } from './stack.js';

const VIDEOS = fileURLToPath(new URL('../../../../shared/media/videos/', import.meta.url));
const skip = !existsSync(VIDEOS) && `${VIDEOS} is absent: real-media tests skipped`;

describe('real media', { skip }, () => {
  let stack: Stack;

  before(async () => {
    stack = await startStack({ WORKER_CONCURRENCY: '2' });
    for (const name of ['friday.mp4', 'big_buck_bunny_0_30.webm'])
      await stack.s3.store.putFile(`inputs/${name}`, `${VIDEOS}${name}`);
  });
  after(() => stack?.stop());

  test('friday.mp4 (30 fps, AAC) to 60 fps: 370 frames, source frames in place, audio in sync', async () => {
    const job = await stack.waitForJob(
      (
        await stack.submit({
          input: { url: 's3://remaster/inputs/friday.mp4' },
          interpolate: { fps: 60 },
          chunk: { frames: 48 },
        })
      ).id,
    );
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    const output = job.output!.url;
    assert.equal(await countVideoFrames(output), 370);
    const info = await probeMedia(output);
    assert.deepEqual(info.fps, { num: 60, den: 1 });
    const video = 370 / 60;
    assert.ok(
      Math.abs((info.audioDurationSeconds ?? 0) - video) < 1 / 60,
      `audio ${info.audioDurationSeconds} s, video ${video} s`,
    );
    // Even output frames are copies of source frames j/2, including at chunk joins (48 → 96).
    const outputs = await selectFrames(output, [0, 94, 96, 98, 368], 640, 480);
    const sources = await selectFrames(`${VIDEOS}friday.mp4`, [0, 47, 48, 49, 184], 640, 480);
    for (const [j, i] of [
      [0, 0],
      [94, 47],
      [96, 48],
      [98, 49],
      [368, 184],
    ] as const) {
      assert.ok(psnr(outputs.get(j)!, sources.get(i)!) > 38, `output ${j} should be source ${i}`);
    }
  });

  test('big_buck_bunny_0_30.webm 24 → 60 fps: the three cuts found and no frame blended across them', async () => {
    const job = await stack.waitForJob(
      (
        await stack.submit({
          input: { url: 's3://remaster/inputs/big_buck_bunny_0_30.webm' },
          // blend: 1,080 frames made at 720p; the default mci takes minutes of CPU for them,
          // and the cuts are the planner's, whatever the model (friday.mp4 runs mci).
          interpolate: { model: 'blend', fps: 60 },
          chunk: { frames: 120 },
        })
      ).id,
    );
    assert.equal(job.status, 'completed', JSON.stringify(job.error));
    assert.deepEqual(job.source?.sceneCuts, [283, 376, 551]);
    const retiming = createRetiming(720, parseRational(24), parseRational(60));
    assert.equal(job.output!.frames, retiming.outputFrames);
    const cuts = [283, 376, 551];
    // Every output frame between the last frame of a scene and the first of the next.
    const around = cuts.flatMap((cut) =>
      Array.from({ length: 6 }, (_, k) => Math.floor(((cut - 1) * 60) / 24) + k - 1),
    );
    const outputs = await selectFrames(job.output!.url, around, 1280, 720);
    const sources = await selectFrames(
      `${VIDEOS}big_buck_bunny_0_30.webm`,
      cuts.flatMap((cut) => [cut - 2, cut - 1, cut, cut + 1]),
      1280,
      720,
    );
    // Outputs whose source position falls between two scenes must be copies of the nearer
    // frame. Two lossy encodes apart a copy measures ~35 dB; a blend of two scenes far below 25.
    const acrossCut = around.filter((j) =>
      cuts.some((cut) => Math.floor((j * 24) / 60) === cut - 1 && (j * 24) % 60 !== 0),
    );
    assert.ok(acrossCut.length >= 3, 'some outputs fall between the scenes of each cut');
    for (const j of around) {
      const op = frameOp(retiming, j, (i) => cuts.includes(i + 1));
      if (op.kind !== 'copy') continue;
      const quality = psnr(outputs.get(j)!, sources.get(op.source)!);
      assert.ok(
        quality > 30,
        `output ${j} should be a clean copy of source ${op.source} (PSNR ${quality.toFixed(1)} dB)`,
      );
    }
  });
});
