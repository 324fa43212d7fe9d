// The chunk-exactness of the restoration filters, on real ffmpeg clips: a chunk that
// decodes its frames with restoreContext() frames either side, seeking as workers do, and
// drops the context gets exactly the bytes one decode of the whole clip from frame 0 gets.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildDecodeArgs } from './ffmpeg-args.js';
import { rawFrameBytes } from './pixel-format.js';
import type { Rational } from './rational.js';
import type { RestoreFilterPlan } from './restore-filter.js';
import { buildRestoreFilter, outputsPerFrame, restoreContext } from './restore-filter.js';
import { runProcess } from './run-process.js';

const [WIDTH, HEIGHT, FRAMES] = [128, 96, 30];
const FRAME_BYTES = rawFrameBytes('yuv420p', WIDTH, HEIGHT);

let dir: string;
const clips: Record<'interlaced' | 'telecined', { path: string; fps: Rational }> = {
  interlaced: { path: '', fps: { num: 25, den: 1 } },
  telecined: { path: '', fps: { num: 30000, den: 1001 } },
};

/** x264 with a keyframe every 8 frames, so chunk starts seek to a keyframe and decode on. */
async function encode(source: string, path: string, extra: string[] = []): Promise<string> {
  await runProcess({
    command: 'ffmpeg',
    args: [
      ...['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', source, '-frames:v', String(FRAMES)],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '16', '-g', '8', ...extra],
      ...['-pix_fmt', 'yuv420p', '-y', path],
    ],
  });
  return path;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'restore-chunks-'));
  const size = `s=${WIDTH}x${HEIGHT}`;
  clips.interlaced.path = await encode(
    `testsrc2=${size}:r=50,interlace=scan=tff:lowpass=off,setfield=tff`,
    join(dir, 'interlaced.mp4'),
    ['-flags', '+ildct+ilme', '-top', '1'],
  );
  clips.telecined.path = await encode(
    `testsrc2=${size}:r=24000/1001,telecine=first_field=top:pattern=23`,
    join(dir, 'telecined.mp4'),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

async function decode(
  clip: { path: string; fps: Rational },
  plan: RestoreFilterPlan,
  startFrame: number,
  frameCount: number,
): Promise<Buffer[]> {
  const args = buildDecodeArgs({
    url: clip.path,
    startFrame,
    frameCount,
    fps: clip.fps,
    pixelFormat: 'yuv420p',
    restoreFilter: buildRestoreFilter(plan),
    outputsPerFrame: outputsPerFrame(plan),
  });
  const { stdout } = await runProcess({ command: 'ffmpeg', args });
  assert.equal(stdout.length % FRAME_BYTES, 0);
  return Array.from({ length: stdout.length / FRAME_BYTES }, (_, k) =>
    stdout.subarray(k * FRAME_BYTES, (k + 1) * FRAME_BYTES),
  );
}

/** Chunk [s, e) decoded with its context, the context's outputs dropped. */
async function decodeChunk(
  clip: { path: string; fps: Rational },
  plan: RestoreFilterPlan,
  s: number,
  e: number,
): Promise<Buffer[]> {
  const context = restoreContext(plan);
  const from = Math.max(0, s - context.before);
  const to = Math.min(FRAMES, e + context.after);
  const per = outputsPerFrame(plan);
  const frames = await decode(clip, plan, from, to - from);
  assert.equal(frames.length, (to - from) * per);
  return frames.slice((s - from) * per, (e - from) * per);
}

const CASES: { name: string; clip: keyof typeof clips; plan: RestoreFilterPlan }[] = [
  {
    name: 'bwdif, a frame per field',
    clip: 'interlaced',
    plan: { deinterlace: { mode: 'field', order: 'tff' } },
  },
  {
    name: 'bwdif, a frame per frame',
    clip: 'interlaced',
    plan: { deinterlace: { mode: 'frame', order: 'tff' } },
  },
  { name: 'fieldmatch', clip: 'telecined', plan: { ivtc: { order: 'tff' } } },
  { name: 'nlmeans', clip: 'telecined', plan: { denoise: { sigma: 15 } } },
  { name: 'deblock', clip: 'telecined', plan: { deblock: true } },
  {
    name: 'all of them chained',
    clip: 'interlaced',
    plan: {
      ivtc: { order: 'tff' },
      deinterlace: { mode: 'field', order: 'tff' },
      denoise: { sigma: 5 },
      deblock: true,
    },
  },
];

describe('restore filters are chunk-exact', () => {
  for (const { name, clip, plan } of CASES) {
    it(`${name}: chunks at the start, inside, across keyframes and at the end match one whole decode`, async () => {
      const whole = await decode(clips[clip], plan, 0, FRAMES);
      const per = outputsPerFrame(plan);
      assert.equal(whole.length, FRAMES * per);
      for (const [s, e] of [
        [0, 3],
        [7, 10],
        [15, 17],
        [FRAMES - 3, FRAMES],
        [FRAMES - 1, FRAMES],
      ] as const) {
        const chunk = await decodeChunk(clips[clip], plan, s, e);
        assert.equal(chunk.length, (e - s) * per);
        chunk.forEach((frame, k) =>
          assert.ok(
            frame.equals(whole[s * per + k]!),
            `${name}: output ${s * per + k} of chunk [${s}, ${e})`,
          ),
        );
      }
      // The filters do something: of the first five frames (a telecine cycle), some differ.
      const plain = await decode(clips[clip], {}, 0, 5);
      assert.ok(
        plain.some((frame, k) => !frame.equals(whole[k * per]!)),
        `${name} changed nothing`,
      );
    });
  }
});
