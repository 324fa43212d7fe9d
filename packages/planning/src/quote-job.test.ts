import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WorkerCalibration, WorkerHeartbeat } from '@remaster/jobs';
import { DEFAULT_PHASE_COSTS, costOf, jobRequestSchema } from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { ESTIMATED_PIXELS_PER_SECOND, quoteJob } from './quote-job.js';

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
  // Planning of 50 source frames and stitching of 100 output frames by the default costs.
  const plan = costOf(DEFAULT_PHASE_COSTS.plan, 50);
  const stitch = costOf(DEFAULT_PHASE_COSTS.stitch, 100);
  assert.equal(q.wallSeconds, Math.round((plan + 2 * chunk + stitch) * 100) / 100);
  assert.equal(q.phases.basis, 'estimate');
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

test('a fleet that has rendered nothing is priced frame by frame from its start-up calibration', () => {
  const calibration: WorkerCalibration = {
    frames: [{ width: 192, height: 108 }],
    models: [
      { id: 'bicubic-x2', kind: 'sr', baseSeconds: 0.001, secondsPerOutputPixel: 1e-8 },
      { id: 'mci', kind: 'vfi', baseSeconds: 0.002, secondsPerOutputPixel: 1e-7 },
    ],
    codecPixelsPerSecond: 50_000_000,
    chunkOverheadSeconds: 0.3,
  };
  const calibrated = { ...worker(1), calibration };
  const q = quote([calibrated]);
  assert.equal(q.throughput.basis, 'calibrated');
  // 25 → 50: each chunk of 10 source frames gives 20 outputs, 10 copies and 10 in between
  // (the last chunk's last output is a copy: nothing after the last source frame).
  const [srcPx, outPx] = [64 * 48, 128 * 96];
  const perChunk = (interpolated: number, copied: number) =>
    0.3 +
    interpolated * (0.002 + 1e-7 * srcPx) +
    (interpolated + copied) * (0.001 + 1e-8 * outPx) +
    ((interpolated + copied) * outPx) / 50_000_000;
  const expected = 4 * perChunk(10, 10) + perChunk(9, 11);
  assert.ok(Math.abs(q.gpuSeconds - expected) < 0.011, `${q.gpuSeconds} vs ${expected}`);
  // A measured figure for the pipeline wins over the calibration.
  assert.equal(quote([{ ...calibrated, ...worker(1, 2_000_000) }]).throughput.basis, 'measured');
  // A model the calibration has not seen is estimated.
  const other = quoteJob({
    request: { ...request, interpolate: { ...request.interpolate!, model: 'blend' } },
    ...{ source, defaultChunkFrames: 240, maxChunks: 500, workers: [calibrated] },
  });
  assert.equal(other.throughput.basis, 'estimate');
});

test('planning and stitching come from the phase costs measured on recent jobs', () => {
  const phases = {
    plan: { baseSeconds: 2, secondsPerFrame: 0.01 },
    stitch: { baseSeconds: 3, secondsPerFrame: 0.02 },
    basis: 'measured' as const,
  };
  const q = quoteJob({
    ...{ request, source, defaultChunkFrames: 240, maxChunks: 500 },
    workers: [worker(1, 1_000_000)],
    phases,
  });
  assert.deepEqual(
    [q.phases.planSeconds, q.phases.stitchSeconds, q.phases.basis],
    [2 + 0.01 * 50, 3 + 0.02 * 100, 'measured'],
  );
  assert.equal(q.wallSeconds, Math.round((2.5 + q.phases.renderSeconds! + 5) * 100) / 100);
});
