import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkerHeartbeat } from '@remaster/jobs';
import { jobRequestSchema } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { ESTIMATED_PIXELS_PER_SECOND, OVERHEAD_SECONDS, quoteJob } from './quote-job.js';

const source: SourceInfo = {
  ...{ width: 64, height: 48, fps: { num: 25, den: 1 }, frames: 50, durationSeconds: 2 },
  ...{ startTime: 0, videoCodec: 'h264', pixelFormat: 'yuv420p', bitDepth: 8, hasAudio: false },
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
};
const worker = (concurrency: number, pixelsPerSecond?: number): WorkerHeartbeat => ({
  ...{ id: `w${concurrency}`, host: 'h', pid: 1, version: '0', startedAt: '', gpu: null },
  ...{ executionProviders: { requested: ['cpu'], active: ['cpu'] }, concurrency, models: [] },
  ...{ fps: null, chunksDone: 0, chunks: [], seenAt: '', expiresAt: '' },
  throughput: pixelsPerSecond
    ? [{ pipeline: 'sr:bicubic-x2+vfi:mci', outputPixelsPerSecond: pixelsPerSecond, chunks: 3 }]
    : [],
});
const request = jobRequestSchema.parse({
  input: { url: 's3://b/k' },
  upscale: { factor: 2 },
  interpolate: { fps: 50 },
  chunk: { frames: 10 },
});
const quote = (workers: WorkerHeartbeat[]) =>
  quoteJob({ request, source, defaultChunkFrames: 240, maxChunks: 500, workers });

test('a quote predicts the plan, and times from the throughput the fleet measured', () => {
  // 100 output frames of 128×96 in 5 chunks of 20; two workers measured 2 and 4 Mpx/s.
  const q = quote([worker(1, 2_000_000), worker(2, 4_000_000)]);
  assert.deepEqual([q.frames, q.width, q.height, q.fps, q.chunks], [100, 128, 96, '50', 5]);
  assert.deepEqual(q.throughput, {
    pipeline: 'sr:bicubic-x2+vfi:mci',
    outputPixelsPerSecond: 3_000_000,
    basis: 'measured',
  });
  const chunk = (20 * 128 * 96) / 3_000_000;
  assert.equal(q.gpuSeconds, Math.round(5 * chunk * 100) / 100);
  // Three slots: two of them get two chunks.
  assert.equal(q.workerSlots, 3);
  assert.equal(q.wallSeconds, Math.round((2 * chunk + OVERHEAD_SECONDS) * 100) / 100);
  assert.equal(q.outputBytes, Math.round((100 * 128 * 96 * 0.12) / 8));
  assert.deepEqual(q.models, {
    upscale: { id: 'bicubic-x2', chosenBy: 'builtin' },
    interpolate: { id: 'mci', chosenBy: 'builtin' },
  });
});

test('with no measurement the documented estimate is used; with no worker there is no wall time', () => {
  const q = quote([]);
  assert.deepEqual(q.throughput.basis, 'estimate');
  assert.equal(q.throughput.outputPixelsPerSecond, ESTIMATED_PIXELS_PER_SECOND.builtin);
  assert.equal(q.wallSeconds, null);
  assert.equal(q.workerSlots, 0);
  const crf = quoteJob({
    request: { ...request, output: { ...request.output, crf: 24 } },
    ...{ source, defaultChunkFrames: 240, maxChunks: 500, workers: [] },
  });
  assert.equal(crf.outputBytes, Math.round(q.outputBytes / 2), 'six CRF up halves the size');
});
