import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildSourceStillArgs,
  buildStillsArgs,
  indexFrames,
  parseDigests,
  runProcess,
} from '@remaster/media';
import { rational } from '@remaster/retiming';
import {
  MESSY_KINDS,
  makeClip,
  readBarcode,
  readStillBarcode,
  reencodeClip,
} from '@remaster/testing';

test('every still is exactly the frame asked for, from two clips at different rates (barcodes)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-still-'));
  try {
    const [slow, fast] = [join(dir, 'slow.mp4'), join(dir, 'fast.mp4')];
    await makeClip({ path: slow, width: 64, height: 48, fps: 25, frames: 40, barcode: true });
    await makeClip({ path: fast, width: 64, height: 48, fps: 60, frames: 90, barcode: true });
    const wanted = [
      { url: slow, frame: 27, fps: rational(25) },
      { url: fast, frame: 61, fps: rational(60) },
      { url: slow, frame: 0, fps: rational(25) },
      { url: fast, frame: 89, fps: rational(60) },
    ].map((still, k) => ({ ...still, outputPath: join(dir, `still-${k}.jpg`) }));
    await runProcess({ command: 'ffmpeg', args: buildStillsArgs(wanted) });
    for (const still of wanted) {
      const { stdout } = await runProcess({
        command: 'ffmpeg',
        args: [
          '-v',
          'error',
          '-i',
          still.outputPath,
          '-f',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          'pipe:1',
        ],
      });
      // readBarcode also checks the size: 64×48 rgb24.
      assert.equal(readBarcode(stdout, 64, 48), still.frame, still.outputPath);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a source still from an open GOP: the seek to a leading picture shows another frame, its digest says so', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-still-'));
  try {
    const [barcode, clip] = [join(dir, 'barcode.mp4'), join(dir, 'open-gop.mp4')];
    await makeClip({ path: barcode, width: 64, height: 32, fps: 25, frames: 48, barcode: true });
    await reencodeClip(barcode, clip, MESSY_KINDS['open-gop-h264'].args);
    const { digests } = await indexFrames(clip, { scan: false });
    const take = async (entry: number) => {
      const outputPath = join(dir, `still-from-${entry}.jpg`);
      const { side } = await runProcess({
        command: 'ffmpeg',
        args: buildSourceStillArgs({ url: clip, frame: 22, entry, fps: rational(25), outputPath }),
        sidePipe: true,
      });
      const shown = await readStillBarcode(outputPath, 64, 32);
      return { digest: parseDigests(side.toString('utf8'))[0], shown };
    };
    const seek = await take(22);
    assert.notEqual(seek.shown, 22, 'the seek to frame 22 skips its leading pictures');
    assert.notEqual(seek.digest, digests[22], 'and its digest is not frame 22’s');
    assert.deepEqual(await take(0), { digest: digests[22], shown: 22 });
    assert.throws(
      () =>
        buildSourceStillArgs({ url: clip, frame: 3, entry: 4, fps: rational(25), outputPath: 'o' }),
      /entry must be from 0 to the still's frame 3/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
