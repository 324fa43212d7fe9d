import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job } from '@remaster/sdk';
import { formatJob } from './format-job.js';

const job: Job = {
  id: 'job_1',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:09.000Z',
  input: { url: 's3://remaster/in.mp4' },
  progress: { percent: 100, framesDone: 120, framesTotal: 120, chunksDone: 2, chunksTotal: 2 },
  report: {
    restoration: [],
    sceneCuts: [{ frame: 25, seconds: 1 }],
    frames: { copied: 12, interpolated: 108 },
    framesVerified: 51,
    models: [
      { id: 'rife', kind: 'vfi', provider: 'cuda', chunks: 2 },
      { id: 'span-x2', kind: 'sr', provider: 'cpu', chunks: 2 },
    ],
    renderFps: 60.5,
    phases: { planSeconds: 0.25, renderSeconds: 2, stitchSeconds: 0.5 },
    chunks: [],
  },
};

test('status shows the report: frames made, models and their providers, cuts, phase times', () => {
  const lines = formatJob(job).split('\n');
  assert.ok(
    lines.includes('  frames   12 copied  108 interpolated  51 source frames verified'),
    lines.join('\n'),
  );
  assert.ok(lines.includes('  ran      rife (vfi) on cuda, span-x2 (sr) on cpu'));
  assert.ok(lines.includes('  cuts     1.00 s'));
  assert.ok(lines.includes('  time     plan 0.25 s  render 2.00 s  stitch 0.50 s  60.5 fps'));
});

test('a job not yet planned has no report lines', () => {
  const text = formatJob({ ...job, report: undefined });
  assert.doesNotMatch(text, /models|frames {3}/);
});

test('status shows the restoration decisions and marks a preview', () => {
  const text = formatJob({
    ...job,
    preview: { start: 12, seconds: 5, frames: { start: 600, end: 850 } },
    plan: {
      restore: {
        fields: {
          ...{ detected: 'interlaced', order: 'tff', action: 'deinterlace field' },
          reason: 'interlaced (tff): each field becomes a frame (bwdif)',
        },
        ...{ frames: 1000, fps: '50' },
        deflicker: { strength: 0.8, gainMin: 0.91234, gainMax: 1.0712 },
        denoise: {
          ...{ method: 'model', model: { id: 'ffdnet-color', chosenBy: 'default' } },
          ...{ sigma: 12, estimatedSigma: 11.6 },
        },
        deblock: { method: 'spp' },
        notes: ['deblock: no deblock model is registered'],
      },
    },
  });
  const lines = text.split('\n');
  for (const line of [
    '  preview  12.0–17.0 s (restored frames 600–849): not the whole film',
    '  fields   interlaced tff → deinterlace field: interlaced (tff): each field becomes a frame (bwdif)',
    '  restored 1000 frames at 50 fps',
    '  deflicker strength 0.8, gains 0.912–1.071',
    '  denoise  model ffdnet-color (default)  σ 12 (estimated 11.6)',
    '  deblock  ffmpeg spp',
    '  note     deblock: no deblock model is registered',
  ])
    assert.ok(lines.includes(line), `${line}\n in\n${text}`);
  assert.equal(
    lines[2],
    lines.find((l) => l.startsWith('  preview')),
    'the preview right under the input',
  );
});

test('telecine: the frames dropped; nlmeans; no preview, no restoration: no such lines', () => {
  const text = formatJob({
    ...job,
    plan: {
      restore: {
        fields: {
          ...{ detected: 'telecined', action: 'ivtc', droppedFrames: 24 },
          reason: 'telecined film (3:2 pulldown)',
        },
        ...{ frames: 96, fps: '24000/1001' },
        denoise: { method: 'nlmeans', sigma: 8 },
      },
    },
  });
  assert.match(text, /^ {2}fields {3}telecined → ivtc, 24 frames dropped: telecined film/m);
  assert.match(text, /^ {2}denoise {2}nlmeans {2}σ 8$/m);
  assert.doesNotMatch(formatJob(job), /preview|fields|restored|denoise|deblock|deflicker/);
});
