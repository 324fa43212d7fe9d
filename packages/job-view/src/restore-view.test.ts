import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRecord, RestoreSummary } from '@remaster/jobs';
import { jobRequestSchema } from '@remaster/jobs';
import { z } from 'zod';
import { toComparison, toJobReport } from './job-report.js';
import { jobResponseSchema, toJobResponse } from './job-response.js';

/** A 25i source split into fields, deflickered, denoised by a model and deblocked by ffmpeg. */
const summary: RestoreSummary = {
  fields: {
    detected: 'interlaced',
    order: 'tff',
    idet: {
      ...{ tff: 480, bff: 2, progressive: 10, undetermined: 8 },
      ...{ repeatedTop: 0, repeatedBottom: 0 },
    },
    action: 'deinterlace field',
    reason: 'interlaced (tff): each field becomes a frame (bwdif)',
  },
  frames: 1000,
  fps: '50',
  deflicker: { strength: 0.8, gainMin: 0.91234, gainMax: 1.0712 },
  denoise: {
    method: 'model',
    model: { id: 'ffdnet-color', chosenBy: 'default' },
    sigma: 12,
    estimatedSigma: 11.6,
  },
  deblock: { method: 'spp' },
  notes: ['deblock: no deblock model is registered, ffmpeg deblock runs instead'],
};

const record: JobRecord = {
  id: 'job_1',
  tenant: 'acme',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  request: jobRequestSchema.parse({
    input: { url: 's3://b/in.mkv' },
    restore: { deinterlace: 'field', deflicker: 'auto', denoise: 'auto' },
    preview: { start: 12, seconds: 5 },
  }),
  source: {
    ...{ width: 64, height: 48, fps: '25', frames: 500, durationSeconds: 20 },
    ...{ hasAudio: false, videoCodec: 'mpeg2video' },
  },
  plan: {
    ...{ chunksTotal: 1, framesTotal: 250, width: 64, height: 48, fps: '50' },
    restore: summary,
    preview: { start: 12, seconds: 5, frames: { start: 600, end: 850 } },
  },
  output: {
    ...{ key: 'jobs/job_1/output.mp4', container: 'mp4', width: 64, height: 48, fps: '50' },
    ...{ frames: 250, durationSeconds: 5, sizeBytes: 1 },
    stills: [
      {
        ...{ outputFrame: 10, sourceFrame: 305, seconds: 12.2, kind: 'copied' as const },
        ...{ restoredFrame: 610, restoredKey: 'jobs/job_1/stills/10-restored.jpg' },
        ...{
          sourceKey: 'jobs/job_1/stills/10-source.jpg',
          outputKey: 'jobs/job_1/stills/10-output.jpg',
        },
      },
      {
        ...{ outputFrame: 20, sourceFrame: 310, seconds: 12.4, kind: 'copied' as const },
        ...{
          sourceKey: 'jobs/job_1/stills/20-source.jpg',
          outputKey: 'jobs/job_1/stills/20-output.jpg',
        },
      },
    ],
  },
  progress: { chunksDone: 1, framesDone: 250, chunks: [] },
};

test('the report says it is a preview and lists the restoration decisions in words', () => {
  const report = toJobReport(record);
  assert.deepEqual(report?.preview, {
    ...{ start: 12, seconds: 5, frames: { start: 600, end: 850 } },
    note: 'preview of 12.0–17.0 s: not the whole film',
  });
  assert.deepEqual(report?.restoration, [
    {
      step: 'fields',
      decision: 'deinterlace field — interlaced (tff): each field becomes a frame (bwdif)',
    },
    { step: 'frames', decision: '1000 frames at 50 fps after restoration' },
    { step: 'deflicker', decision: 'strength 0.8: gains 0.912–1.071' },
    {
      step: 'denoise',
      decision: 'model ffdnet-color (the default) at σ 12 (estimated σ 11.6)',
    },
    { step: 'deblock', decision: 'ffmpeg spp' },
    { step: 'note', decision: summary.notes![0]! },
  ]);
});

test('inverse telecine says how many frames it drops; a plan without restoration lists none', () => {
  const ivtc: RestoreSummary = {
    fields: {
      ...{ detected: 'telecined', action: 'ivtc', droppedFrames: 24 },
      reason: 'telecined film (3:2 pulldown): the progressive frames are rebuilt',
    },
    ...{ frames: 96, fps: '24000/1001' },
  };
  const report = toJobReport({ ...record, plan: { ...record.plan!, restore: ivtc } });
  assert.deepEqual(report?.restoration.slice(0, 2), [
    {
      step: 'fields',
      decision:
        'ivtc (24 source frames dropped) — telecined film (3:2 pulldown): the progressive frames are rebuilt',
    },
    { step: 'frames', decision: '96 frames at 24000/1001 fps after restoration' },
  ]);
  const { restore: _restore, preview: _preview, ...plain } = record.plan!;
  const { preview: _asked, ...request } = record.request;
  const old = toJobReport({ ...record, request, plan: plain });
  assert.deepEqual(old?.restoration, []);
  assert.equal(old?.preview, undefined, 'not a preview');
});

test('the comparison presigns the restored still beside the raw source and the output', async () => {
  const presign = (key: string) => Promise.resolve(`https://signed/${key}`);
  const comparison = await toComparison(record, presign, undefined);
  assert.deepEqual(comparison?.stills[0], {
    ...{ seconds: 12.2, outputFrame: 10, sourceFrame: 305, kind: 'copied' },
    interpolatedFrom: undefined,
    sourceUrl: 'https://signed/jobs/job_1/stills/10-source.jpg',
    outputUrl: 'https://signed/jobs/job_1/stills/10-output.jpg',
    restoredFrame: 610,
    restoredUrl: 'https://signed/jobs/job_1/stills/10-restored.jpg',
  });
  assert.equal('restoredUrl' in comparison.stills[1]!, false, 'no restored JPEG: no URL');
});

test('the response shows the settings, the preview span and plan.restore, as the API serializes it', () => {
  const planning: JobRecord = {
    ...record,
    status: 'planning',
    plan: undefined,
    source: undefined,
    output: undefined,
  };
  const before = z.encode(jobResponseSchema, toJobResponse(planning));
  assert.deepEqual(before.preview, { start: 12, seconds: 5 }, 'a preview from the submit on');
  assert.equal(before.plan, undefined);
  assert.deepEqual(before.restore, {
    ...{ deinterlace: 'field', ivtc: 'auto', deflicker: 'auto', denoise: 'auto' },
    deblock: 'off',
  });
  const after = z.encode(jobResponseSchema, toJobResponse(record));
  assert.deepEqual(after.preview, { start: 12, seconds: 5, frames: { start: 600, end: 850 } });
  assert.deepEqual(after.plan, { restore: summary });
  const { restore: _restore, preview: _preview, ...plain } = record.plan!;
  const { preview: _asked, ...request } = record.request;
  const whole = z.encode(jobResponseSchema, toJobResponse({ ...record, request, plan: plain }));
  assert.equal(whole.preview, undefined);
  assert.deepEqual(whole.plan, {}, 'planned, with nothing recorded about restoration');
});
