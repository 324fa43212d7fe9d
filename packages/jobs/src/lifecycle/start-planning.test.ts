import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lifecycleSuite, request } from '../testing/lifecycle-suite.js';

const s = lifecycleSuite('start-planning');

test('a planner takes a queued job (again, on a retry); an ended or missing one is not planned', async () => {
  const job = await s.jobs.lifecycle.submit('acme', request);
  assert.equal(await s.jobs.lifecycle.startPlanning(job.id), true);
  const first = (await s.store.get(job.id))?.planningAt;
  assert.equal(await s.jobs.lifecycle.startPlanning(job.id), true, 'a retried plan');
  assert.equal((await s.store.get(job.id))?.status, 'planning');
  assert.ok(first);
  await s.jobs.lifecycle.cancel(job.id);
  assert.equal(await s.jobs.lifecycle.startPlanning(job.id), false);
  assert.equal(await s.jobs.lifecycle.startPlanning('job_missing'), false);
});
