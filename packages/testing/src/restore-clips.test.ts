import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  buildDecodeArgs,
  buildRestoreFilter,
  chooseDecimation,
  matchDiffs,
  outputsPerFrame,
  restoreContext,
  runProcess,
} from '@remaster/media';
import type { Rational, RestoreFilterPlan } from '@remaster/media';
import { readBarcode } from './make-clip.js';
import {
  makeInterlacedBarcodeClip,
  makeTelecinedBarcodeClip,
  readFieldBarcode,
} from './restore-clips.js';

const [W, H] = [128, 96];

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restore-clips-'));
});
after(() => rm(dir, { recursive: true, force: true }));

/** rgb24 frames of a restore-filtered decode, as a worker's chunk decodes them. */
async function decodeRestored(
  url: string,
  fps: Rational,
  plan: RestoreFilterPlan,
  [startFrame, frameCount]: [number, number],
): Promise<Buffer[]> {
  const args = buildDecodeArgs({
    url,
    startFrame,
    frameCount,
    fps,
    restoreFilter: buildRestoreFilter(plan),
    outputsPerFrame: outputsPerFrame(plan),
  });
  const { stdout } = await runProcess({ command: 'ffmpeg', args });
  const size = W * H * 3;
  return Array.from({ length: stdout.length / size }, (_, k) =>
    stdout.subarray(k * size, (k + 1) * size),
  );
}

async function probe(url: string, entries: string): Promise<string> {
  const { stdout } = await runProcess({
    command: 'ffprobe',
    args: [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      entries,
      '-of',
      'csv=p=0',
      url,
    ],
  });
  return stdout.toString('utf8').trim();
}

describe('makeInterlacedBarcodeClip', () => {
  const FIELDS = 40;
  const plan: RestoreFilterPlan = { deinterlace: { mode: 'field', order: 'tff' } };
  const fps = { num: 25, den: 1 };

  it('is 25i TFF to ffmpeg, and bwdif in field mode gives field k as output k', async () => {
    const path = join(dir, 'interlaced.mp4');
    await makeInterlacedBarcodeClip({ path, width: W, height: H, fields: FIELDS });
    assert.equal(
      await probe(path, 'stream=field_order,r_frame_rate,nb_read_frames'),
      `tt,25/1,${FIELDS / 2}`,
    );
    const field = (k: number) => (k % 2 === 0 ? 'top' : 'bottom');
    const frames = await decodeRestored(path, fps, plan, [0, FIELDS / 2]);
    assert.deepEqual(
      frames.map((frame, k) => readFieldBarcode(frame, W, H, field(k))),
      Array.from({ length: FIELDS }, (_, k) => k),
    );
    // A chunk from frame 7 with its context: outputs 14 … 19 once the context is dropped.
    const { before: ahead, after: behind } = restoreContext(plan);
    const chunk = await decodeRestored(path, fps, plan, [7 - ahead, 3 + ahead + behind]);
    const kept = chunk.slice(2 * ahead, 2 * ahead + 6);
    assert.deepEqual(
      kept.map((frame, k) => readFieldBarcode(frame, W, H, field(k))),
      [14, 15, 16, 17, 18, 19],
    );
    // Read whole, the bottom fields' frames show the field before: bwdif fills their even
    // rows from the top fields around them, which agree on bit 0 (the parity).
    assert.equal(readBarcode(frames[15]!, W, H), 14);
  });
});

describe('makeTelecinedBarcodeClip', () => {
  const fps = { num: 30000, den: 1001 };

  for (const frames of [24, 26, 29]) {
    it(`${frames} film frames: fieldmatch and chooseDecimation over matchDiffs give back 0 … ${frames - 1}`, async () => {
      const path = join(dir, `telecined-${frames}.mp4`);
      await makeTelecinedBarcodeClip({ path, width: W, height: H, frames });
      const videoFrames = Number(await probe(path, 'stream=nb_read_frames'));
      assert.equal(videoFrames, Math.floor((frames * 5) / 4));
      const diffs = await matchDiffs(path, { order: 'tff' });
      assert.equal(diffs.length, videoFrames);
      const dropped = new Set(chooseDecimation(diffs));
      const matched = await decodeRestored(path, fps, { ivtc: { order: 'tff' } }, [0, videoFrames]);
      const kept = matched.flatMap((frame, n) =>
        dropped.has(n) ? [] : [readBarcode(frame, W, H)],
      );
      assert.deepEqual(
        kept,
        Array.from({ length: frames }, (_, k) => k),
      );
    });
  }
});
