import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChunkPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import { countVideoFrames } from '@remaster/media';
import { makeClip } from '@remaster/testing';
import { FrameRenderer } from './frame-renderer.js';
import { renderChunk } from './render-chunk.js';

const SIZE = { width: 64, height: 36 };

function chunk(): ChunkPayload {
  return {
    jobId: 'render-test',
    index: 0,
    inputUrl: 'unused',
    sourceWidth: SIZE.width,
    sourceHeight: SIZE.height,
    sourceFrames: 8,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    sourceStart: 0,
    sourceEnd: 8,
    decodeEnd: 8,
    outputStart: 0,
    outputEnd: 8,
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, ...SIZE },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
  };
}

describe('renderChunk frame count check', () => {
  let dir: string;
  let clip: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-chunk-'));
    clip = join(dir, 'clip.mp4');
    await makeClip({ path: clip, ...SIZE, fps: 25, frames: 8 });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('succeeds with the encoder counting every planned frame', async () => {
    const renderer = new FrameRenderer(SIZE.width, SIZE.height);
    const segment = await renderChunk(chunk(), { sourceUrl: clip, renderer, tmpDir: dir });
    try {
      assert.equal(segment.frames, 8);
      assert.equal(await countVideoFrames(segment.path), 8);
    } finally {
      await rm(segment.path, { force: true });
    }
  });

  it('fails with FRAME_COUNT_MISMATCH when the encoder gets more frames than planned', async () => {
    // A renderer whose model returns one frame too many bytes: the encoder sees 2 frames.
    const renderer = new FrameRenderer(SIZE.width, SIZE.height);
    const render = renderer.render.bind(renderer);
    let calls = 0;
    renderer.render = async (op, source) => {
      const frame = await render(op, source);
      calls += 1;
      return calls === 3 ? Buffer.concat([frame, frame]) : frame;
    };
    await assert.rejects(
      renderChunk(chunk(), { sourceUrl: clip, renderer, tmpDir: dir }),
      (error: unknown) =>
        error instanceof TerminalFailure &&
        error.code === 'FRAME_COUNT_MISMATCH' &&
        /encoded 9 frames, expected 8/.test(error.message),
    );
  });
});
