import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Job, JobStatus } from './api-types.js';
import { RemasterApiError } from './remaster-api-error.js';
import type { JobFeed } from './wait-for-job.js';
import { waitForJob } from './wait-for-job.js';

const job = (status: JobStatus, percent: number): Job => ({
  id: 'job_1',
  status,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  input: { url: 's3://b/k' },
  progress: { percent, framesDone: percent, chunksDone: 0 },
});

/** A feed whose stream yields `streamed` (then throws `streamError`) and whose polls answer `polled` in turn. */
function feed(streamed: Job[], polled: Job[], streamError?: Error): JobFeed & { polls: number } {
  return {
    polls: 0,
    async *events() {
      yield* streamed;
      if (streamError) throw streamError;
    },
    async get() {
      const next = polled[this.polls++];
      if (!next) throw new Error('polled past the end');
      return next;
    },
  };
}

test('follows the event stream to the end without polling, reporting each change once', async () => {
  const source = feed(
    [job('queued', 0), job('processing', 40), job('processing', 40), job('completed', 100)],
    [],
  );
  const seen: number[] = [];
  const done = await waitForJob(source, { onProgress: (j) => seen.push(j.progress.percent) });
  assert.equal(done.status, 'completed');
  assert.deepEqual(seen, [0, 40, 100]);
  assert.equal(source.polls, 0);
});

test('polls when the stream cannot be opened (an API without /events)', async () => {
  const missing = new RemasterApiError(
    404,
    'NOT_FOUND',
    'Route GET:/v1/jobs/job_1/events not found',
  );
  const source = feed(
    [],
    [job('processing', 10), job('processing', 50), job('failed', 50)],
    missing,
  );
  const seen: string[] = [];
  const done = await waitForJob(source, { pollMs: 1, onProgress: (j) => seen.push(j.status) });
  assert.equal(done.status, 'failed');
  assert.equal(source.polls, 3);
  assert.deepEqual(seen, ['processing', 'processing', 'failed']);
});

test('polls on when the stream ends before a terminal status', async () => {
  const source = feed([job('processing', 10)], [job('processing', 10), job('canceled', 10)]);
  const seen: number[] = [];
  const done = await waitForJob(source, {
    pollMs: 1,
    onProgress: (j) => seen.push(j.progress.percent),
  });
  assert.equal(done.status, 'canceled');
  assert.deepEqual(seen, [10, 10]);
});

test('a real error surfaces from polling; an abort stops the wait', async () => {
  const gone = new RemasterApiError(404, 'NOT_FOUND', 'job job_1 not found');
  const failing: JobFeed = {
    events: () => feed([], [], gone).events(),
    get: () => Promise.reject(gone),
  };
  await assert.rejects(waitForJob(failing), gone);
  const controller = new AbortController();
  const endless = feed(
    [],
    Array.from({ length: 1000 }, () => job('processing', 1)),
  );
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(
    waitForJob(endless, { pollMs: 5, events: false, signal: controller.signal }),
    {
      name: 'AbortError',
    },
  );
  assert.ok(endless.polls > 1 && endless.polls < 20, `${endless.polls} polls`);
});
