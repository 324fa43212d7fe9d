import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeJobsKey, outboxKeys } from '../job-keys.js';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('submit');

test('submit records a queued job, lists it, enqueues its plan and leaves no outbox entry', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  assert.equal((await s.store.get(job.id))?.status, 'queued');
  assert.deepEqual(
    (await s.store.list({ tenant: 'acme', limit: 10 })).items.map((j) => j.id),
    [job.id],
  );
  assert.notEqual(await s.redis.zscore(activeJobsKey(s.prefix), job.id), null, 'active');
  assert.deepEqual((await s.jobs.pipeline.planQueue.getJob(`${job.id}-plan`))?.data, {
    jobId: job.id,
  });
  assert.equal(await s.redis.zcard(outboxKeys(s.prefix).due), 0);
});
