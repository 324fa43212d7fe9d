// Restoration is chunk-exact (DESIGN §10): a job planned as the planner plans it (the
// sequential decode's digests and analyses, the decisions, the chunk payloads) and rendered
// chunk by chunk gives frame for frame what one chunk over the whole source gives, at chunk
// sizes 1, 7 and 48 and across a scene cut; and the frames are the right ones: every field
// of an interlaced barcode in place, a telecined barcode's film frames exactly, a flicker
// evened out.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ChunkPayload, JobRequestInput } from '@remaster/jobs';
import { jobRequestSchema } from '@remaster/jobs';
import {
  indexFrames,
  indexPackets,
  matchDiffs,
  probeMedia,
  runProcess,
  sceneCutsOf,
} from '@remaster/media';
import type { RenderPlan } from '@remaster/planning';
import { buildRender, meanVariance, planSourceRestore, restoreMeasures } from '@remaster/planning';
import {
  decodeOutput,
  makeFlickerClip,
  makeInterlacedBarcodeClip,
  makeTelecinedBarcodeClip,
  readBarcode,
  readFieldBarcode,
} from '@remaster/testing';
import { FrameRenderer } from './frame-renderer.js';
import { renderChunk } from './render-chunk.js';

const BUNNY = fileURLToPath(
  new URL('../../../../shared/media/videos/big_buck_bunny_0_30.webm', import.meta.url),
);
// fieldmatch finds combing in 16-pixel blocks: below about 128x96 a barcode gives it too few.
const WIDTH = 128;
const HEIGHT = 96;

describe('restoration is chunk-exact', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'render-restore-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The plan the planner makes of `clip` for this body (chunk size `frames`). */
  async function plan(clip: string, body: Omit<JobRequestInput, 'input'>, frames: number) {
    const request = jobRequestSchema.parse({
      input: { url: 's3://unused/clip' },
      output: { crf: 0 },
      ...body,
      chunk: { frames },
    });
    const source = await probeMedia(clip);
    const scan = request.interpolate !== undefined || request.restore.deflicker !== 'off';
    const index = await indexFrames(clip, {
      scan,
      restore: restoreMeasures(request.restore, source),
    });
    const keyframes = (await indexPackets(clip, source.fps)).keyframes;
    const sceneCuts = index.scan ? sceneCutsOf(index.scan, 10) : [];
    const restore = await planSourceRestore({
      request,
      source,
      index,
      sceneCuts,
      matchDiffs: (order) => matchDiffs(clip, { order }),
    });
    return buildRender({
      jobId: 'restore',
      request,
      source,
      restore,
      sceneCuts,
      frames: { digests: index.digests, keyframes, emptyIndexEntries: 0, decoderMessages: [] },
      defaultChunkFrames: frames,
      maxChunks: 1000,
    });
  }

  /** The chunks rendered, their frames decoded to rgb24, in order. */
  async function renderAll(clip: string, chunks: readonly ChunkPayload[]): Promise<Buffer[]> {
    const frames: Buffer[] = [];
    for (const chunk of chunks) frames.push(...(await renderOne(clip, chunk)));
    return frames;
  }

  async function renderOne(clip: string, chunk: ChunkPayload): Promise<Buffer[]> {
    const segment = await renderChunk(chunk, {
      sourceUrl: clip,
      renderer: new FrameRenderer({ width: WIDTH, height: HEIGHT, range: chunk.colour.range }),
      tmpDir: dir,
    });
    assert.equal(segment.framesVerified, chunk.restore!.sourceEnd - chunk.restore!.sourceStart);
    const decoded = await decodeOutput(segment.path, WIDTH, HEIGHT);
    await rm(segment.path, { force: true });
    return decoded;
  }

  /**
   * Chunked at 1, 7 and 48 frames equals one chunk over everything, frame for frame. At one
   * frame a chunk, the first, middle and last few chunks are rendered (each is a join).
   */
  async function expectChunkExact(
    clip: string,
    body: Omit<JobRequestInput, 'input'>,
  ): Promise<{ whole: Buffer[]; render: RenderPlan }> {
    const whole = await plan(clip, body, 100_000);
    assert.equal(whole.chunks.length, 1);
    const reference = await renderAll(clip, whole.chunks);
    assert.equal(reference.length, whole.plan.framesTotal);
    for (const size of [1, 7, 48]) {
      const { chunks } = await plan(clip, body, size);
      const middle = Math.floor(chunks.length / 2);
      const picked =
        size === 1
          ? chunks.filter(
              (c, k) => k < 2 || k === middle || k === middle + 1 || k >= chunks.length - 2,
            )
          : chunks;
      for (const chunk of picked) {
        const frames = await renderOne(clip, chunk);
        assert.equal(
          frames.length,
          chunk.outputEnd - chunk.outputStart,
          `chunk ${chunk.index} of ${size}s`,
        );
        frames.forEach((frame, k) =>
          assert.ok(
            frame.equals(reference[chunk.outputStart + k]!),
            `chunks of ${size}: output frame ${chunk.outputStart + k} differs`,
          ),
        );
      }
      if (size !== 1) assert.equal(chunks.at(-1)!.outputEnd, reference.length);
    }
    return { whole: reference, render: whole };
  }

  it('an interlaced barcode split into fields gives back every field in place', async () => {
    const clip = join(dir, 'interlaced.mkv');
    await makeInterlacedBarcodeClip({ path: clip, width: WIDTH, height: HEIGHT, fields: 60 });
    // A barcode's fields are flat bars: idet sees no combing in them (detection is tested on
    // woven natural pictures in @remaster/media), so the split is asked for.
    const { whole, render } = await expectChunkExact(clip, { restore: { deinterlace: 'field' } });
    assert.equal(render.plan.restore?.fields.action, 'deinterlace field');
    assert.equal(render.plan.fps, '50');
    const shown = whole.map((frame, k) =>
      readFieldBarcode(frame, WIDTH, HEIGHT, k % 2 === 0 ? 'top' : 'bottom'),
    );
    assert.deepEqual(
      shown,
      Array.from({ length: 60 }, (_, k) => k),
    );
  });

  it('a telecined barcode comes back as its exact 24p film frames', async () => {
    const clip = join(dir, 'telecined.mkv');
    await makeTelecinedBarcodeClip({ path: clip, width: WIDTH, height: HEIGHT, frames: 40 });
    const { whole, render } = await expectChunkExact(clip, {});
    assert.equal(render.plan.restore?.fields.action, 'ivtc');
    assert.equal(render.plan.fps, '24000/1001');
    assert.deepEqual(
      whole.map((frame) => readBarcode(frame, WIDTH, HEIGHT)),
      Array.from({ length: 40 }, (_, k) => k),
    );
  });

  it(
    'a flickering real clip across a scene cut, deflickered: flicker variance down ≥ 5×',
    { skip: existsSync(BUNNY) ? false : `${BUNNY} is not there` },
    async () => {
      // 40 frames of Big Buck Bunny around its hard cut at 11.80 s, then made to flicker.
      const cut = join(dir, 'cut.mp4');
      await runProcess({
        command: 'ffmpeg',
        args: [
          ...['-nostdin', '-v', 'error', '-ss', '11.3', '-i', BUNNY, '-frames:v', '40'],
          ...['-vf', `scale=${WIDTH}:${HEIGHT}`, '-c:v', 'libx264', '-qp', '0', '-y', cut],
        ],
      });
      const clip = join(dir, 'flicker.mp4');
      await makeFlickerClip({ path: clip, width: WIDTH, height: HEIGHT, frames: 40, source: cut });
      const { whole, render } = await expectChunkExact(clip, {
        restore: { deflicker: { strength: 1 } },
      });
      const cuts = render.source.sceneCuts ?? [];
      assert.ok(cuts.includes(12), `the hard cut at frame 12 is found: ${cuts.join(', ')}`);
      // The flicker: each frame's mean against the clean clip's.
      const clean = lumaMeans(await decodeOutput(cut, WIDTH, HEIGHT));
      const before = lumaMeans(await decodeOutput(clip, WIDTH, HEIGHT));
      const after = lumaMeans(whole);
      const flicker = (means: number[]) => meanVariance(means.map((m, k) => m / clean[k]!));
      assert.ok(
        flicker(before) / flicker(after) >= 5,
        `flicker variance ${flicker(before)} → ${flicker(after)}`,
      );
    },
  );
});

/** Each rgb24 frame's mean luma (BT.601 weights), 0–1. */
function lumaMeans(frames: readonly Buffer[]): number[] {
  return frames.map((frame) => {
    let sum = 0;
    for (let i = 0; i < frame.length; i += 3)
      sum += 0.299 * frame[i]! + 0.587 * frame[i + 1]! + 0.114 * frame[i + 2]!;
    return sum / (frame.length / 3) / 255;
  });
}
