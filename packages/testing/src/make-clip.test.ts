import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDecodeArgs, probeMedia, readFrames, runProcess, spawnPiped } from '@remaster/media';
import type { Rational } from '@remaster/media';
import { makeClip, readBarcode } from './make-clip.js';

const [WIDTH, HEIGHT] = [64, 48];
const NTSC: Rational = { num: 30000, den: 1001 };

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'remaster-clip-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Paints a barcode the way makeClip's filter does, in rgb24. */
function paintBarcode(value: number, width: number, height: number): Buffer {
  const frame = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const bar = Math.floor((x * 16) / width);
      if ((value >> bar) & 1) frame.fill(255, (y * width + x) * 3, (y * width + x + 1) * 3);
    }
  }
  return frame;
}

async function decodeBarcodes(url: string, startFrame: number, frameCount: number, fps: Rational) {
  const args = buildDecodeArgs({ url, startFrame, frameCount, fps });
  const decoder = spawnPiped({ command: 'ffmpeg', args });
  try {
    const barcodes: number[] = [];
    for await (const frame of readFrames(decoder.stdout, WIDTH * HEIGHT * 3)) {
      barcodes.push(readBarcode(frame, WIDTH, HEIGHT));
    }
    await decoder.done;
    return barcodes;
  } finally {
    decoder.kill();
  }
}

describe('readBarcode', () => {
  it('reads back painted numbers', () => {
    for (const value of [0, 1, 0x8000, 0xa5c3, 0xffff]) {
      assert.equal(readBarcode(paintBarcode(value, WIDTH, HEIGHT), WIDTH, HEIGHT), value);
      assert.equal(readBarcode(paintBarcode(value, 100, 10), 100, 10), value);
    }
  });

  it('rejects a frame of the wrong size', () => {
    assert.throws(() => readBarcode(Buffer.alloc(10), WIDTH, HEIGHT), /expected 64x48 rgb24/);
  });
});

describe('makeClip', () => {
  it('makes a barcode clip whose frames decode to 0 … 29 in order', async () => {
    const path = join(dir, 'barcode.mp4');
    await makeClip({ path, width: WIDTH, height: HEIGHT, fps: NTSC, frames: 30, barcode: true });
    const info = await probeMedia(path);
    assert.deepEqual([info.frames, info.width, info.height, info.hasAudio], [30, 64, 48, false]);
    assert.deepEqual(info.fps, NTSC);
    const all = Array.from({ length: 30 }, (_, i) => i);
    assert.deepEqual(await decodeBarcodes(path, 0, 30, NTSC), all);
    // Seeking decodes exactly the asked source frames.
    assert.deepEqual(await decodeBarcodes(path, 5, 5, NTSC), [5, 6, 7, 8, 9]);
    assert.deepEqual(await decodeBarcodes(path, 28, 5, NTSC), [28, 29]);
  });

  it('adds AAC audio as long as the video', async () => {
    const path = join(dir, 'testsrc.mp4');
    await makeClip({ path, width: WIDTH, height: HEIGHT, fps: 25, frames: 25, audio: true });
    const info = await probeMedia(path);
    assert.deepEqual([info.frames, info.hasAudio, info.audioCodec], [25, true, 'aac']);
    assert.deepEqual(info.fps, { num: 25, den: 1 });
    const args = [
      '-v',
      'error',
      '-select_streams',
      'a:0',
      '-show_entries',
      'stream=duration',
      '-of',
      'csv=p=0',
      path,
    ];
    const audioSeconds = Number((await runProcess({ command: 'ffprobe', args })).stdout.toString());
    assert.ok(Math.abs(audioSeconds - 1) < 0.03, `audio lasts ${audioSeconds} s`);
  });

  it('refuses a barcode too narrow to survive compression', async () => {
    const clip = {
      path: join(dir, 'x.mp4'),
      width: 32,
      height: 32,
      fps: 25,
      frames: 1,
      barcode: true,
    };
    await assert.rejects(makeClip(clip), /width ≥ 64/);
  });
});
