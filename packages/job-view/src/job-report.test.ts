import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRecord } from '@remaster/jobs';
import { jobRequestSchema } from '@remaster/jobs';
import { toComparison, toJobReport } from './job-report.js';

const sr = { id: 'bicubic-x2', kind: 'sr' as const, provider: 'cpu' };
const vfi = { id: 'blend', kind: 'vfi' as const, provider: 'cuda' };
const record: JobRecord = {
  id: 'job_1',
  tenant: 'acme',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  planningAt: '2026-01-01T00:00:00.500Z',
  startedAt: '2026-01-01T00:00:01.000Z',
  stitchingAt: '2026-01-01T00:00:03.000Z',
  endedAt: '2026-01-01T00:00:03.750Z',
  request: jobRequestSchema.parse({ input: { url: 's3://b/in.mp4' }, interpolate: { fps: 60 } }),
  source: {
    ...{ width: 64, height: 48, fps: '30000/1001', frames: 100, durationSeconds: 3.3 },
    ...{ hasAudio: false, videoCodec: 'h264', sceneCuts: [30, 61] },
  },
  plan: { chunksTotal: 2, framesTotal: 200, width: 64, height: 48, fps: '60' },
  output: {
    ...{ key: 'jobs/job_1/output.mp4', container: 'mp4', width: 64, height: 48, fps: '60' },
    ...{ frames: 200, durationSeconds: 3.3, sizeBytes: 1 },
    stills: [
      {
        ...{ outputFrame: 3, sourceFrame: 2, seconds: 0.05, kind: 'interpolated' as const },
        interpolatedFrom: { a: 1, b: 2, t: 0.5 },
        ...{
          sourceKey: 'jobs/job_1/stills/3-source.jpg',
          outputKey: 'jobs/job_1/stills/3-output.jpg',
        },
      },
    ],
  },
  progress: { chunksDone: 2, framesDone: 200, chunks: [] },
  chunkReports: [
    { index: 0, framesCopied: 10, framesInterpolated: 90, models: [vfi, sr], renderSeconds: 1.5 },
    { index: 1, framesCopied: 100, framesInterpolated: 0, models: [sr], renderSeconds: 0.5 },
  ],
};

test('the report sums the chunks, groups models by provider and times each phase', () => {
  const report = toJobReport(record);
  assert.deepEqual(report?.sceneCuts, [
    { frame: 30, seconds: 1.001 },
    { frame: 61, seconds: 2.035 },
  ]);
  assert.deepEqual(report?.frames, { copied: 110, interpolated: 90 });
  assert.deepEqual(report?.models, [
    { ...vfi, chunks: 1 },
    { ...sr, chunks: 2 },
  ]);
  assert.deepEqual(report?.phases, { planSeconds: 0.5, renderSeconds: 2, stitchSeconds: 0.75 });
  assert.equal(report?.renderFps, 100);
  assert.equal(report?.chunks.length, 2);
});

test('no report before the plan; phases that have not ended are absent', () => {
  assert.equal(toJobReport({ ...record, plan: undefined }), undefined);
  const rendering = toJobReport({
    ...record,
    status: 'processing',
    stitchingAt: undefined,
    endedAt: undefined,
  });
  assert.deepEqual(rendering?.phases, {
    planSeconds: 0.5,
    renderSeconds: undefined,
    stitchSeconds: undefined,
  });
  assert.equal(rendering?.renderFps, undefined);
});

test('the comparison presigns each still, only for a completed job', async () => {
  const presign = (key: string) => Promise.resolve(`https://signed/${key}`);
  const comparison = await toComparison(record, presign, 'https://signed/in.mp4');
  assert.deepEqual(comparison, {
    sourceUrl: 'https://signed/in.mp4',
    stills: [
      {
        ...{ seconds: 0.05, outputFrame: 3, sourceFrame: 2, kind: 'interpolated' },
        interpolatedFrom: { a: 1, b: 2, t: 0.5 },
        sourceUrl: 'https://signed/jobs/job_1/stills/3-source.jpg',
        outputUrl: 'https://signed/jobs/job_1/stills/3-output.jpg',
      },
    ],
  });
  assert.equal(await toComparison({ ...record, status: 'failed' }, presign, undefined), undefined);
});
