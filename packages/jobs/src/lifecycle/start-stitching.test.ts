import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('start-stitching');

test('a processing job moves to stitching; an ended one does not', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.plan(job.id);
  assert.equal(await s.jobs.lifecycle.startStitching(job.id), true);
  assert.equal((await s.store.get(job.id))?.status, 'stitching');
  assert.ok((await s.store.get(job.id))?.stitchingAt);
  const ended = await s.jobs.lifecycle.submit('acme', request);
  await s.jobs.plan(ended.id);
  await s.jobs.lifecycle.cancel(ended.id);
  assert.equal(await s.jobs.lifecycle.startStitching(ended.id), false);
});
