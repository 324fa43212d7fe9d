import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connectRedis, connectRedisCluster } from '@remaster/jobs';
import { startRedis, startRedisCluster } from '@remaster/testing';
import type { WebhookAttempt } from './webhook-log.js';
import { WebhookLog } from './webhook-log.js';

const HOUR = 3600;

function attempt(n: number): WebhookAttempt {
  return {
    id: 'msg_1',
    event: 'job.completed',
    attempt: n,
    at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    url: 'https://example.com/hook',
    statusCode: 500,
    durationMs: 5,
    error: 'answered 500',
    willRetry: true,
  };
}

describe('the webhook log', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: ReturnType<typeof connectRedis>;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test('lists attempts oldest first and expires with the job record after the retention', async () => {
    const prefix = '{webhook-log-ttl}';
    const log = new WebhookLog(redis, prefix, 48 * HOUR);
    await log.record('job_a', attempt(1));
    await log.record('job_a', attempt(2));
    assert.deepEqual(
      (await log.list('job_a')).map((a) => a.attempt),
      [1, 2],
    );
    const ttl = await redis.ttl(`${prefix}:job:job_a:webhooks`);
    assert.ok(ttl > 47 * HOUR && ttl <= 48 * HOUR, `the log expires in 48 h, TTL ${ttl}`);
    assert.deepEqual(await log.list('job_none'), []);
    await new WebhookLog(redis, prefix).record('job_b', attempt(1));
    assert.equal(await redis.ttl(`${prefix}:job:job_b:webhooks`), -1, 'no retention: kept');
  });

  test('keeps the newest 500 attempts of a job', async () => {
    const log = new WebhookLog(redis, '{webhook-log-trim}');
    for (let n = 1; n <= 505; n++) await log.record('job_a', attempt(n));
    const listed = await log.list('job_a');
    assert.equal(listed.length, 500);
    assert.equal(listed[0]!.attempt, 6);
    assert.equal(listed.at(-1)!.attempt, 505);
  });
});

describe('the webhook log on a 3-master Redis Cluster', { timeout: 30_000 }, () => {
  test('records and lists under the hash tag', async () => {
    const cluster = await startRedisCluster();
    const redis = connectRedisCluster(cluster.urls);
    try {
      const log = new WebhookLog(redis, `{test-cluster-${process.pid}}`, 60);
      await log.record('job_x', attempt(1));
      assert.deepEqual(await log.list('job_x'), [attempt(1)]);
    } finally {
      redis.disconnect();
      await cluster.stop();
    }
  });
});
