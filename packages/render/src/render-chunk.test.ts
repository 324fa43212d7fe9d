import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ChunkPayload } from '@remaster/jobs';
import { TerminalFailure } from '@remaster/jobs';
import { YuvConverter, psnr } from '@remaster/inference';
import { countVideoFrames, runProcess } from '@remaster/media';
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
    await mkdir(join(dir, 'rgb'));
    await makeClip({ path: clip, ...SIZE, fps: 25, frames: 8 });
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('succeeds with the encoder counting every planned frame', async () => {
    const renderer = new FrameRenderer(SIZE);
    const segment = await renderChunk(chunk(), { sourceUrl: clip, renderer, tmpDir: dir });
    try {
      assert.equal(segment.frames, 8);
      assert.equal(await countVideoFrames(segment.path), 8);
    } finally {
      await rm(segment.path, { force: true });
    }
  });

  it('says once, after the last frame left the models, that only encoding is left', async () => {
    let rendered = 0;
    const calls: number[] = [];
    const upscaler = {
      upscale: (frame: Buffer) => {
        rendered += 1;
        return Promise.resolve(frame);
      },
    };
    const renderer = new FrameRenderer({ ...SIZE, upscaler });
    const segment = await renderChunk(chunk(), {
      sourceUrl: clip,
      renderer,
      tmpDir: dir,
      onFramesRendered: () => calls.push(rendered),
    });
    await rm(segment.path, { force: true });
    assert.deepEqual(calls, [8]);
  });

  it('on YUV pipes, runs the model on RGB from the converter and encodes its YUV', async () => {
    const converter = await YuvConverter.load({
      ...{ yuv: 'yuv420p', rgb: 'rgb24', matrix: 'bt601', range: 'tv' },
      executionProviders: ['cpu'],
    });
    try {
      const seen: number[] = [];
      // A ×1 "model" that sees rgb24 frames and returns them.
      const upscaler = {
        upscale: (frame: Buffer, width: number, height: number) => {
          seen.push(frame.length / (width * height));
          return Promise.resolve(frame);
        },
      };
      const renderer = new FrameRenderer({ ...SIZE, upscaler, converter });
      assert.equal(renderer.pipeFormat, 'yuv420p');
      const segment = await renderChunk(chunk(), { sourceUrl: clip, renderer, tmpDir: dir });
      // Today's path for comparison: rgb24 pipes, swscale converting in both ffmpegs.
      const rgbRenderer = new FrameRenderer({ ...SIZE, upscaler });
      const rgbSegment = await renderChunk(chunk(), {
        sourceUrl: clip,
        renderer: rgbRenderer,
        tmpDir: join(dir, 'rgb'),
      });
      try {
        assert.deepEqual(seen, Array(16).fill(3), 'every frame reached the model as rgb24');
        const [source, output, rgbOutput] = await Promise.all(
          [clip, segment.path, rgbSegment.path].map(rgbFrames),
        );
        const [yuvDb, rgbDb] = [psnr(source!, output!), psnr(source!, rgbOutput!)];
        assert.ok(yuvDb >= rgbDb - 0.5, `vs source: yuv pipes ${yuvDb} dB, rgb pipes ${rgbDb} dB`);
      } finally {
        await rm(segment.path, { force: true });
        await rm(rgbSegment.path, { force: true });
      }
    } finally {
      await converter.close();
    }
  });

  it('fails with FRAME_COUNT_MISMATCH when the encoder gets more frames than planned', async () => {
    // A renderer whose model returns one frame too many bytes: the encoder sees 2 frames.
    const renderer = new FrameRenderer(SIZE);
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

async function rgbFrames(path: string): Promise<Buffer> {
  const args = ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'];
  return (await runProcess({ command: 'ffmpeg', args })).stdout;
}
