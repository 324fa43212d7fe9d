import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { indexFrames, parseDigestLine, parseDigests } from './frame-digests.js';
import { MediaError } from './media-error.js';
import { runProcess } from './run-process.js';

test('reads the checksum of each framecrc line and skips the header', () => {
  const text = [
    '#software: Lavf59.27.100',
    '#tb 0: 1/25',
    '#media_type 0: video',
    '#dimensions 0: 64x32',
    '0,          0,          0,        1,     3072, 0x1b2e0a5c',
    '0,          1,          1,        1,     3072, 0xdeadbeef',
    '',
  ].join('\n');
  assert.deepEqual(parseDigests(text), ['1b2e0a5c', 'deadbeef']);
  assert.equal(parseDigestLine('#tb 0: 1/25'), undefined);
  assert.equal(parseDigestLine('not a frame line'), undefined);
});

describe('indexFrames: one sequential decode', () => {
  let dir: string;
  let clip: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'frame-digests-'));
    clip = join(dir, 'clip.mp4');
    await runProcess({
      command: 'ffmpeg',
      args: [
        ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=64x32:r=25:d=1.2'],
        ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-y', clip],
      ],
    });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a digest per frame, the same as a plain framecrc decode, and scdet scores when asked', async () => {
    const { stdout } = await runProcess({
      command: 'ffmpeg',
      args: ['-v', 'error', '-i', clip, '-map', '0:v:0', '-f', 'framecrc', 'pipe:1'],
    });
    const plain = parseDigests(stdout.toString('utf8'));
    assert.equal(plain.length, 30);
    const index = await indexFrames(clip, { scan: false });
    assert.deepEqual(index.digests, plain);
    assert.equal(index.scan, undefined);
    assert.deepEqual(index.decoderMessages, []);
    const scanned = await indexFrames(clip, { scan: true });
    assert.deepEqual(scanned.digests, plain);
    assert.equal(scanned.scan?.mafd.length, 30);
  });

  test('a file the decoder gives up on is INPUT_CORRUPT', async () => {
    const junk = join(dir, 'junk.mp4');
    await writeFile(junk, Buffer.alloc(4096, 7));
    await assert.rejects(
      indexFrames(junk, { scan: false }),
      (error: unknown) => error instanceof MediaError && error.code === 'INPUT_CORRUPT',
    );
  });
});
