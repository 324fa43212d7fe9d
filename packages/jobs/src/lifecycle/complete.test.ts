import assert from 'node:assert/strict';
import { test } from 'node:test';
import { activeJobsKey, outboxKeys } from '../job-keys.js';
import { MINI_OUTPUT } from '../testing/mini-pipeline.js';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('complete');

test('complete records the output, sends job.completed once and deletes nothing', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.plan(job.id);
  await s.jobs.lifecycle.startStitching(job.id);
  assert.equal(await s.jobs.lifecycle.complete(job.id, MINI_OUTPUT), true);
  const record = await s.store.get(job.id);
  assert.equal(record?.status, 'completed');
  assert.deepEqual(record?.output, MINI_OUTPUT);
  assert.ok(record?.endedAt);
  assert.deepEqual(await s.webhookEvents(job.id), ['job.completed']);
  assert.deepEqual(s.cleaned, [], 'the stitch deletes the intermediates, never the output');
  assert.equal(await s.redis.zscore(activeJobsKey(s.prefix), job.id), null);
  assert.equal(await s.redis.zcard(outboxKeys(s.prefix).due), 0);
  assert.equal(await s.jobs.lifecycle.complete(job.id, MINI_OUTPUT), false, 'ends once');
  assert.equal(await s.jobs.lifecycle.cancel(job.id), false, 'a completed job stays completed');
  assert.deepEqual(await s.webhookEvents(job.id), ['job.completed']);
});
