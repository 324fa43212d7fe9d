import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runProcess } from '@remaster/media';
import { rational } from '@remaster/retiming';
import { makeClip, readBarcode } from '@remaster/testing';
import { buildStillArgs } from './still-args.js';

test('seeks half a frame before the wanted one and writes one JPEG', () => {
  assert.deepEqual(
    buildStillArgs({ url: 'in.mp4', frame: 25, fps: rational(25), outputPath: 'out.jpg' }),
    [
      ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-ss', '0.980000', '-i'],
      ...['in.mp4', '-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-vf'],
      ...['scale=out_range=full,format=yuvj444p', '-q:v', '3', '-f', 'image2', '-c:v', 'mjpeg'],
      'out.jpg',
    ],
  );
  assert.equal(
    buildStillArgs({ url: 'in.mp4', frame: 0, fps: rational(25), outputPath: 'o.jpg' }).includes(
      '-ss',
    ),
    false,
  );
  assert.throws(() => buildStillArgs({ url: 'x', frame: -1, fps: rational(25), outputPath: 'o' }));
});

test('the still is exactly the frame asked for (barcode clip)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'remaster-still-'));
  try {
    const clip = join(dir, 'clip.mp4');
    await makeClip({ path: clip, width: 64, height: 48, fps: 25, frames: 40, barcode: true });
    const still = join(dir, 'still.jpg');
    await runProcess({
      command: 'ffmpeg',
      args: buildStillArgs({ url: clip, frame: 27, fps: rational(25), outputPath: still }),
    });
    const { stdout } = await runProcess({
      command: 'ffmpeg',
      args: ['-v', 'error', '-i', still, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    });
    // readBarcode also checks the size: 64×48 rgb24.
    assert.equal(readBarcode(stdout, 64, 48), 27);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
