import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebhookAttempt } from './webhook-log.js';
import { countWebhookOutcomes, webhookResult } from './webhook-outcomes.js';

const attempt: WebhookAttempt = {
  id: 'msg_1',
  event: 'job.completed',
  attempt: 1,
  at: '2026-01-01T00:00:00.000Z',
  url: 'https://example.com/hook',
  durationMs: 12,
};

test('an attempt is delivered, retrying or failed', () => {
  assert.equal(webhookResult(attempt), 'delivered');
  assert.equal(webhookResult({ ...attempt, error: 'answered 500', willRetry: true }), 'retrying');
  assert.equal(webhookResult({ ...attempt, error: 'answered 500', willRetry: false }), 'failed');
});

test('counts each recorded attempt after recording it; a lost count is ignored', async () => {
  const recorded: string[] = [];
  const counted: string[] = [];
  const log = countWebhookOutcomes(
    { record: (jobId) => Promise.resolve(void recorded.push(jobId)) },
    {
      countWebhook: (event, result) => {
        counted.push(`${event} ${result}`);
        return Promise.reject(new Error('redis down'));
      },
    },
  );
  await log.record('job_1', { ...attempt, error: 'answered 503', willRetry: true });
  assert.deepEqual(recorded, ['job_1']);
  assert.deepEqual(counted, ['job.completed retrying']);
});
