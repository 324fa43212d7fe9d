import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outboxKeys } from '../job-keys.js';
import { planFixture, renderFixture } from '../testing/payload-fixtures.js';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('record-plan');
const { source, plan } = planFixture;

test('the plan moves the job to processing and enqueues its render flow once', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.lifecycle.startPlanning(job.id);
  assert.equal(
    await s.jobs.lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id)),
    true,
  );
  const record = await s.store.get(job.id);
  assert.equal(record?.status, 'processing');
  assert.deepEqual(record?.plan, plan);
  assert.equal(await s.jobs.pipeline.hasRender(job.id), true);
  assert.equal(await s.jobs.pipeline.chunkQueue.count(), 2);
  assert.equal(await s.redis.zcard(outboxKeys(s.prefix).due), 0);
  // Recorded again (the same status may be written twice): the flow exists, so no chunk is added.
  await s.jobs.lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id));
  assert.equal(await s.jobs.pipeline.chunkQueue.count(), 2);
});

test('a job canceled while it was planned gets no flow, and what planning wrote is deleted', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.lifecycle.startPlanning(job.id);
  await s.jobs.lifecycle.cancel(job.id);
  s.cleaned.length = 0;
  assert.equal(
    await s.jobs.lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id)),
    false,
  );
  assert.equal(await s.jobs.pipeline.hasRender(job.id), false);
  assert.deepEqual(s.cleaned, [job.id]);
  assert.equal((await s.store.get(job.id))?.status, 'canceled');
});
