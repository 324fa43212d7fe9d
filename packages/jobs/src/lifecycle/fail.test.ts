import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outboxKeys } from '../job-keys.js';
import { MINI_OUTPUT } from '../testing/mini-pipeline.js';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('fail');

test('fail records the error, sends job.failed and deletes the objects, once, from any status', async () => {
  for (const reach of ['queued', 'processing', 'stitching'] as const) {
    const job = await s.jobs.lifecycle.submit('acme', request);
    if (reach !== 'queued') await s.jobs.plan(job.id);
    if (reach === 'stitching') await s.jobs.lifecycle.startStitching(job.id);
    const error = { code: 'RENDER_FAILED', message: `failed while ${reach}` };
    assert.equal(await s.jobs.lifecycle.fail(job.id, error), true);
    const record = await s.store.get(job.id);
    assert.equal(record?.status, 'failed');
    assert.deepEqual(record?.error, error);
    assert.deepEqual(await s.webhookEvents(job.id), ['job.failed']);
    assert.ok(s.cleaned.includes(job.id));
    assert.equal(await s.jobs.lifecycle.fail(job.id, error), false);
    assert.equal(await s.jobs.lifecycle.complete(job.id, MINI_OUTPUT), false, 'no way out');
  }
  assert.equal(s.cleaned.length, 3, 'each job cleaned once');
  assert.equal(await s.redis.zcard(outboxKeys(s.prefix).due), 0);
});
