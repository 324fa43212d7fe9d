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
