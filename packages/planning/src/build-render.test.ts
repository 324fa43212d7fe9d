import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jobRequestSchema } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { buildRender } from './build-render.js';

const source: SourceInfo = {
  width: 64,
  height: 48,
  fps: { num: 25, den: 1 },
  frames: 50,
  durationSeconds: 2,
  startTime: 0,
  videoCodec: 'h264',
  pixelFormat: 'yuv420p',
  bitDepth: 8,
  hasAudio: true,
  audioCodec: 'aac',
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
};

function render(body: unknown, from: SourceInfo = source) {
  const request = jobRequestSchema.parse(body);
  return buildRender({
    ...{ jobId: 'job_x', request, source: from },
    ...{ defaultChunkFrames: 240, maxChunks: 500 },
  });
}

test('2× upscale and 2× rate in chunks of 8: sizes, counts and payloads', () => {
  const plan = render({
    input: { url: 's3://b/k' },
    upscale: { factor: 2 },
    interpolate: { factor: 2 },
    chunk: { frames: 8 },
  });
  assert.deepEqual(plan.plan, {
    chunksTotal: 7,
    framesTotal: 100,
    width: 128,
    height: 96,
    fps: '50',
    bitDepth: 8,
    models: {
      upscale: { id: 'bicubic-x2', chosenBy: 'builtin' },
      interpolate: { id: 'mci', chosenBy: 'builtin' },
    },
  });
  assert.equal(plan.stitch.outputFrames, 100);
  assert.deepEqual([plan.stitch.width, plan.stitch.height], [128, 96]);
  const first = plan.chunks[0]!;
  assert.deepEqual(first.upscale, { factor: 2, model: 'bicubic-x2' });
  assert.deepEqual(first.interpolate, { model: 'mci' });
  assert.deepEqual(
    [first.sourceStart, first.sourceEnd, first.decodeEnd, first.outputStart, first.outputEnd],
    [0, 8, 9, 0, 16],
  );
  const last = plan.chunks.at(-1)!;
  assert.deepEqual(
    [last.sourceStart, last.sourceEnd, last.decodeEnd, last.outputStart, last.outputEnd],
    [48, 50, 50, 96, 100],
  );
});

test('25 → 60 fps without upscale keeps the size and names no upscaler', () => {
  const plan = render({ input: { url: 's3://b/k' }, interpolate: { fps: 60 } });
  assert.deepEqual(plan.plan, {
    chunksTotal: 1,
    framesTotal: 120,
    width: 64,
    height: 48,
    fps: '60',
    bitDepth: 8,
    models: { interpolate: { id: 'mci', chosenBy: 'builtin' } },
  });
  assert.equal(plan.chunks[0]!.upscale, undefined);
});

test('upscale only needs no interpolation model', () => {
  const plan = render({
    input: { url: 's3://b/k' },
    upscale: { factor: 4, model: 'bicubic-x4' },
    chunk: { frames: 20 },
  });
  assert.equal(plan.chunks.length, 3);
  assert.equal(plan.chunks[0]!.interpolate, undefined);
  assert.equal(plan.plan.framesTotal, 50);
  assert.deepEqual(
    plan.chunks.map((c) => c.decodeEnd),
    [20, 40, 50],
  );
});

test('an odd-sized source without upscale fails at planning with a clear code', () => {
  const request = jobRequestSchema.parse({
    input: { url: 's3://b/k' },
    interpolate: { factor: 2 },
  });
  assert.throws(
    () =>
      buildRender({
        jobId: 'job_x',
        request,
        source: { ...source, width: 65 },
        defaultChunkFrames: 240,
        maxChunks: 500,
      }),
    (error: Error & { code?: string }) =>
      error.code === 'INPUT_UNSUPPORTED' && /even sizes/.test(error.message),
  );
});

test('an http(s) input is read from its copy in the bucket by every chunk and the stitch', () => {
  const request = jobRequestSchema.parse({
    input: { url: 'https://media.example/clip.mp4' },
    upscale: { factor: 2 },
    chunk: { frames: 20 },
  });
  const plan = buildRender({
    jobId: 'job_x',
    request,
    inputUrl: 's3://b/jobs/job_x/source',
    source,
    defaultChunkFrames: 240,
    maxChunks: 500,
  });
  assert.equal(plan.stitch.inputUrl, 's3://b/jobs/job_x/source');
  assert.deepEqual(
    plan.chunks.map((chunk) => chunk.inputUrl),
    ['s3://b/jobs/job_x/source', 's3://b/jobs/job_x/source', 's3://b/jobs/job_x/source'],
  );
});

test('a 10-bit source is rendered 10-bit unless the request asks for 8', () => {
  const tenBit = { ...source, pixelFormat: 'yuv420p10le', bitDepth: 10 };
  const body = { input: { url: 's3://b/k' }, upscale: { factor: 2 }, chunk: { frames: 20 } };
  const plan = render(body, tenBit);
  assert.equal(plan.plan.bitDepth, 10);
  assert.deepEqual(
    plan.chunks.map((chunk) => chunk.output.bitDepth),
    [10, 10, 10],
  );
  assert.deepEqual(
    [plan.source.pixelFormat, plan.source.bitDepth, plan.source.videoCodec],
    ['yuv420p10le', 10, 'h264'],
  );
  const eight = render({ ...body, output: { bitDepth: 8 } }, tenBit);
  assert.equal(eight.plan.bitDepth, 8);
  assert.ok(eight.chunks.every((chunk) => chunk.output.bitDepth === 8));
});

test('12-bit sources come out 10-bit; 8-bit ones 8-bit unless 10 is asked for', () => {
  const body = { input: { url: 's3://b/k' }, interpolate: { factor: 2 } };
  const twelve = render(body, { ...source, pixelFormat: 'yuv444p12le', bitDepth: 12 });
  assert.deepEqual([twelve.plan.bitDepth, twelve.chunks[0]!.output.bitDepth], [10, 10]);
  assert.equal(twelve.source.bitDepth, 12);
  const plain = render(body);
  assert.deepEqual([plain.plan.bitDepth, plain.chunks[0]!.output.bitDepth], [8, 8]);
  assert.deepEqual([plain.source.pixelFormat, plain.source.bitDepth], ['yuv420p', 8]);
  const asked = render({ ...body, output: { bitDepth: 10 } });
  assert.deepEqual([asked.plan.bitDepth, asked.chunks[0]!.output.bitDepth], [10, 10]);
});

test('jobs that name no model get the catalog defaults of their kind and scale; named ones win', () => {
  const catalog = [
    { id: 'bicubic-x2', kind: 'sr', scale: 2 },
    { id: 'bicubic-x4', kind: 'sr', scale: 4 },
    { id: 'span-x2', kind: 'sr', scale: 2, default: true },
    { id: 'blend', kind: 'vfi', scale: 1 },
    { id: 'rife', kind: 'vfi', scale: 1, default: true },
  ] as const;
  const plan = (body: object) =>
    buildRender({
      ...{
        jobId: 'job_x',
        request: jobRequestSchema.parse({ input: { url: 's3://b/k' }, ...body }),
      },
      ...{ source, defaultChunkFrames: 240, maxChunks: 500, models: catalog },
    });
  const both = plan({ upscale: { factor: 2 }, interpolate: { fps: 50 } });
  assert.deepEqual(both.plan.models, {
    upscale: { id: 'span-x2', chosenBy: 'default' },
    interpolate: { id: 'rife', chosenBy: 'default' },
  });
  assert.deepEqual(both.chunks[0]!.upscale, { model: 'span-x2', factor: 2 });
  assert.deepEqual(both.chunks[0]!.interpolate, { model: 'rife' });
  // No default of scale 4: the built-in; an exact height that needs ×2 gets the ×2 default.
  assert.deepEqual(plan({ upscale: { factor: 4 } }).plan.models, {
    upscale: { id: 'bicubic-x4', chosenBy: 'builtin' },
  });
  assert.deepEqual(plan({ upscale: { height: 80 } }).plan.models, {
    upscale: { id: 'span-x2', chosenBy: 'default' },
  });
  const named = plan({ upscale: { factor: 2, model: 'bicubic-x2' }, interpolate: { fps: 25 } });
  assert.deepEqual(named.plan.models, { upscale: { id: 'bicubic-x2', chosenBy: 'request' } });
  assert.equal(named.chunks[0]!.interpolate, undefined, 'the same rate runs no interpolation');
});

test('dedupe: repeats reach the chunks near them, chunks read behind and ahead, the source reports them', () => {
  const request = jobRequestSchema.parse({
    input: { url: 's3://b/k' },
    interpolate: { factor: 1, dedupe: true },
    chunk: { frames: 10 },
  });
  const plan = buildRender({
    ...{ jobId: 'job_x', request, source, repeats: [9, 10, 11, 30] },
    ...{ defaultChunkFrames: 240, maxChunks: 500 },
  });
  assert.deepEqual(plan.source.repeatedFrames, { count: 4, first: [9, 10, 11, 30] });
  assert.deepEqual(plan.plan.models?.interpolate, { id: 'mci', chosenBy: 'builtin' });
  const [first, second, , fourth] = plan.chunks;
  // Chunk 0 owns 0–9: frame 9 repeats 8, so it reads up to 12, the next distinct frame.
  assert.deepEqual([first!.decodeStart, first!.decodeEnd, first!.repeats], [0, 13, [9, 10, 11]]);
  // Chunk 1 owns 10–19: 10 and 11 blend 8 and 12, so it reads from 8.
  assert.deepEqual([second!.decodeStart, second!.decodeEnd, second!.repeats], [8, 20, [9, 10, 11]]);
  assert.deepEqual([fourth!.decodeStart, fourth!.decodeEnd, fourth!.repeats], [29, 40, [30]]);
  assert.equal(plan.chunks[4]!.repeats, undefined);
});

test('a preview renders the full plan’s outputs of its span, with the audio from its first frame', () => {
  const body = { input: { url: 's3://b/k' }, interpolate: { factor: 2 }, chunk: { frames: 8 } };
  const full = render(body);
  const preview = render({ ...body, preview: { start: 0.5, seconds: 1 } });
  assert.deepEqual(preview.plan.preview, {
    start: 0.5,
    seconds: 1,
    frames: { start: 12, end: 38 },
  });
  const first = preview.chunks[0]!;
  assert.equal(first.sourceStart, 12);
  assert.equal(first.outputStart, 24);
  assert.equal(preview.chunks.at(-1)!.sourceEnd, 38);
  assert.equal(preview.plan.framesTotal, 76 - 24);
  assert.equal(preview.stitch.outputFrames, 52);
  assert.equal(preview.stitch.source.videoOffsetSeconds, 24 / 50);
  assert.equal(full.stitch.source.videoOffsetSeconds, 0);
  assert.throws(
    () => render({ ...body, preview: { start: 2, seconds: 1 } }),
    (error: Error & { code?: string }) => error.code === 'PREVIEW_OUT_OF_RANGE',
  );
});
