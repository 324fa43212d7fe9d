// Decode integrity (DESIGN §2) on a real open-GOP H.264 file: a seek to frame 22 starts
// decoding at the keyframe shown at 24 and drops the leading pictures 22 and 23, so an
// unchecked chunk gets frames 24, 25, … in place of 22, 23, …. The planner's digests let
// the worker see this and decode again from an earlier entry; digests that no decode
// matches fail the chunk INPUT_CORRUPT and leave no segment behind.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChunkPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import type { FrameDigestMismatch } from '@remaster/media';
import { indexFrames, indexPackets } from '@remaster/media';
import { fallbackKeyframes } from '@remaster/retiming';
import { MESSY_KINDS, makeClip, readBarcodes, reencodeClip } from '@remaster/testing';
import { FrameRenderer } from './frame-renderer.js';
import { renderChunk } from './render-chunk.js';

const SIZE = { width: 64, height: 32 };
const FRAMES = 72;
const FPS = { num: 25, den: 1 };

describe('renderChunk checks every decoded frame (open-GOP H.264)', () => {
  let dir: string;
  let clip: string;
  let digests: readonly string[];
  let keyframes: readonly number[];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-integrity-'));
    const barcode = join(dir, 'barcode.mp4');
    clip = join(dir, 'open-gop.mp4');
    await makeClip({ path: barcode, ...SIZE, fps: 25, frames: FRAMES, barcode: true });
    await reencodeClip(barcode, clip, MESSY_KINDS['open-gop-h264'].args);
    digests = (await indexFrames(clip, { scan: false })).digests;
    keyframes = (await indexPackets(clip, FPS)).keyframes;
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** Source frames [start, end) copied at the source rate. */
  function chunk(start: number, end: number, checked = true): ChunkPayload {
    return {
      ...{ jobId: 'integrity', index: 1, inputUrl: 'unused', sourceFrames: FRAMES },
      ...{ sourceWidth: SIZE.width, sourceHeight: SIZE.height, sourceFps: FPS, targetFps: FPS },
      ...{ sourceStart: start, sourceEnd: end, decodeEnd: end, outputStart: start, outputEnd: end },
      cutsAfter: [],
      output: { codec: 'h264', crf: 8, ...SIZE },
      colour: {
        matrix: 'bt601',
        range: 'tv',
        tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
      },
      ...(checked && {
        frameDigests: digests.slice(start, end),
        entryFrames: fallbackKeyframes(keyframes, start),
      }),
    };
  }

  async function render(payload: ChunkPayload, mismatches: FrameDigestMismatch[] = []) {
    const segment = await renderChunk(payload, {
      sourceUrl: clip,
      renderer: new FrameRenderer(SIZE),
      tmpDir: dir,
      onDecodeMismatch: (mismatch) => mismatches.push(mismatch),
    });
    const shown = await readBarcodes(segment.path, SIZE.width, SIZE.height);
    await rm(segment.path, { force: true });
    return { segment, shown };
  }

  const range = (start: number, end: number) =>
    Array.from({ length: end - start }, (_, k) => start + k);

  it('the file is what the test needs: keyframes 0, 24, 48 and a seek to 22 that shifts frames', async () => {
    assert.deepEqual(keyframes, [0, 24, 48]);
    const { shown } = await render(chunk(22, 29, false));
    assert.notDeepEqual(shown, range(22, 29), 'without digests the seek gives other frames');
  });

  it('a chunk starting on a leading picture decodes again from earlier and gets its own frames', async () => {
    const mismatches: FrameDigestMismatch[] = [];
    const { segment, shown } = await render(chunk(22, 29), mismatches);
    assert.deepEqual(shown, range(22, 29));
    assert.equal(segment.framesVerified, 7);
    assert.deepEqual(segment.redecoded, { from: 0, attempts: 2 });
    assert.deepEqual(
      mismatches.map((m) => [m.frame, m.entry]),
      [[22, 22]],
    );
  });

  it('a later chunk falls back to the keyframe before, not to the start', async () => {
    const { segment, shown } = await render(chunk(46, 53));
    assert.deepEqual(shown, range(46, 53));
    assert.deepEqual(segment.redecoded, { from: 24, attempts: 2 });
  });

  it('a chunk whose seek is exact is verified without a second decode', async () => {
    const { segment, shown } = await render(chunk(24, 46));
    assert.deepEqual(shown, range(24, 46));
    assert.equal(segment.framesVerified, 22);
    assert.equal(segment.redecoded, undefined);
  });

  it('a frame no decode reproduces fails INPUT_CORRUPT after every entry, leaving no segment', async () => {
    for (const wrong of [0, 6]) {
      const payload = chunk(46, 53);
      const frameDigests = [...payload.frameDigests!];
      frameDigests[wrong] = '00000000';
      const mismatches: FrameDigestMismatch[] = [];
      await assert.rejects(
        render({ ...payload, frameDigests }, mismatches),
        (error: unknown) =>
          error instanceof TerminalFailure &&
          error.code === 'INPUT_CORRUPT' &&
          error.message.includes(`source frame ${46 + wrong}`),
      );
      assert.deepEqual(
        mismatches.map((m) => m.entry),
        [46, 24, 0],
        'tried from the start, the keyframe before, then the first frame',
      );
    }
    const left = (await readdir(dir)).filter((name) => name.startsWith('remaster-'));
    assert.deepEqual(left, []);
  });
});
