import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('cancel');

test('cancel ends the job, drops its pending chunks, sends job.canceled and deletes its objects', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.plan(job.id);
  assert.equal(await s.jobs.pipeline.chunkQueue.count(), 2);
  assert.equal(await s.jobs.lifecycle.cancel(job.id), true);
  assert.equal((await s.store.get(job.id))?.status, 'canceled');
  assert.equal(await s.jobs.pipeline.chunkQueue.count(), 0, 'no worker will take them');
  assert.deepEqual(await s.webhookEvents(job.id), ['job.canceled']);
  assert.deepEqual(s.cleaned, [job.id]);
  assert.equal(await s.jobs.lifecycle.cancel(job.id), false, 'once');
  assert.deepEqual(await s.webhookEvents(job.id), ['job.canceled']);
});

test('a queued job (no plan yet) is canceled too', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  assert.equal(await s.jobs.lifecycle.cancel(job.id), true);
  assert.equal(await s.jobs.lifecycle.startPlanning(job.id), false, 'its plan finds it ended');
});
