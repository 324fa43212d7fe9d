import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobRecord, QueueCoverage } from '@remaster/jobs';
import { jobRequestSchema } from '@remaster/jobs';
import { JobView } from './job-view.js';

const now = new Date('2026-01-01T00:01:00.000Z');
const completed = (inputUrl: string): JobRecord => ({
  id: 'job_1',
  tenant: 'acme',
  status: 'completed',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  request: jobRequestSchema.parse({ input: { url: inputUrl }, upscale: { factor: 2 } }),
  output: {
    ...{ key: 'jobs/job_1/output.mp4', container: 'mp4', width: 128, height: 96, fps: '25' },
    ...{ frames: 50, durationSeconds: 2, sizeBytes: 1 },
    stills: [
      {
        ...{ outputFrame: 0, sourceFrame: 0, seconds: 0, kind: 'copied' as const },
        ...{
          sourceKey: 'jobs/job_1/stills/0-source.jpg',
          outputKey: 'jobs/job_1/stills/0-output.jpg',
        },
      },
    ],
  },
  progress: { chunksDone: 1, framesDone: 50, chunks: [] },
});

type WaitingFor = Awaited<ReturnType<QueueCoverage['waitingFor']>>;

function view(records: JobRecord[], waiting?: WaitingFor) {
  const signed: Array<[string, number]> = [];
  const jobView = new JobView({
    store: {
      getForTenant: (id: string, tenant: string) =>
        Promise.resolve(records.find((r) => r.id === id && r.tenant === tenant)),
    },
    signer: {
      presignGet: (key: string, ttl: number) => {
        signed.push([key, ttl]);
        return Promise.resolve(`https://signed/${key}`);
      },
    },
    outputUrlTtlSeconds: 600,
    bucket: 'media',
    coverage: { waitingFor: () => Promise.resolve(waiting) },
    clock: () => now,
  });
  return { jobView, signed };
}

test('a completed job: output, stills and the own upload presigned for OUTPUT_URL_TTL_SECONDS', async () => {
  const record = completed('s3://media/uploads/acme/up_1/clip.mp4');
  const { jobView, signed } = view([record]);
  const job = await jobView.get('acme', 'job_1');
  assert.equal(job?.output?.url, 'https://signed/jobs/job_1/output.mp4');
  assert.equal(job?.output?.urlExpiresAt, '2026-01-01T00:11:00.000Z');
  assert.equal(job?.comparison?.sourceUrl, 'https://signed/uploads/acme/up_1/clip.mp4');
  assert.equal(
    job?.comparison?.stills[0]?.outputUrl,
    'https://signed/jobs/job_1/stills/0-output.jpg',
  );
  assert.ok(signed.every(([, ttl]) => ttl === 600));
  assert.equal(job?.waitingFor, undefined, 'a job with an output waits for nothing');
  assert.equal(await jobView.get('globex', 'job_1'), undefined, "another tenant's job");
});

test('an http(s) input is the player source as given; an operator s3:// object is not handed out', async () => {
  const http = await view([]).jobView.present(completed('https://example.com/clip.mp4'));
  assert.equal(http.comparison?.sourceUrl, 'https://example.com/clip.mp4');
  const other = await view([]).jobView.present(completed('s3://media/in/clip.mp4'));
  assert.equal(other.comparison?.sourceUrl, undefined);
  assert.equal(other.comparison?.stills.length, 1, 'the stills still show its frames');
});

test('a job without output says what it waits for', async () => {
  const waiting: WaitingFor = {
    ...{ role: 'planner', queue: 'plan' },
    message: 'no planner role is running',
  };
  const { output: _output, ...rest } = completed('s3://media/in/clip.mp4');
  const queued: JobRecord = { ...rest, status: 'queued' };
  const job = await view([], waiting).jobView.present(queued);
  assert.deepEqual(job.waitingFor, waiting);
  assert.equal(job.output, undefined);
  assert.equal(job.comparison, undefined);
});
