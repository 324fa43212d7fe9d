import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import { MetricsStore, bucketField, histogram } from './metrics-store.js';
import { testLifecycle } from './testing/test-lifecycle.js';
import { connectRedis } from './redis-connection.js';

test('bucketField picks the smallest bound that holds the value', () => {
  assert.equal(bucketField(0.2, [1, 5]), 'le:1');
  assert.equal(bucketField(1, [1, 5]), 'le:1');
  assert.equal(bucketField(1.5, [1, 5]), 'le:5');
  assert.equal(bucketField(9, [1, 5]), 'le:+Inf');
});

test('histogram cumulates the per-bucket counts', () => {
  const h = histogram({ 'le:1': '2', 'le:+Inf': '1', sum: '9.5', count: '3' }, [1, 5], {});
  assert.deepEqual(h.buckets, [
    [1, 2],
    [5, 2],
    [Number.POSITIVE_INFINITY, 3],
  ]);
  assert.equal(h.sum, 9.5);
  assert.equal(h.count, 3);
});

describe('metrics store', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: Redis;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test('records chunks, job ends and webhook outcomes from any process', async () => {
    // Two stores on one prefix stand for two processes.
    const worker = new MetricsStore(redis, '{test-metrics}');
    const api = new MetricsStore(redis, '{test-metrics}');
    await worker.observeChunk(0.5, 20);
    await worker.observeChunk(7, 40);
    await worker.observeJobEnd('completed', 42);
    await worker.observeJobEnd('failed', 3);
    await api.countWebhook('job.completed', 'delivered');
    await api.countWebhook('job.completed', 'retrying');
    await api.countWebhook('job.completed', 'delivered');

    const snapshot = await api.read();
    assert.equal(snapshot.chunkFrames, 60);
    assert.equal(snapshot.chunkSeconds.count, 2);
    assert.equal(snapshot.chunkSeconds.sum, 7.5);
    assert.deepEqual(snapshot.chunkSeconds.buckets.slice(0, 4), [
      [1, 1],
      [2, 1],
      [5, 1],
      [10, 2],
    ]);
    assert.deepEqual(
      snapshot.jobSeconds.map((h) => [h.labels.status, h.count, h.sum]),
      [
        ['completed', 1, 42],
        ['failed', 1, 3],
      ],
    );
    assert.deepEqual(snapshot.webhooks, [
      { labels: { event: 'job.completed', result: 'delivered' }, value: 2 },
      { labels: { event: 'job.completed', result: 'retrying' }, value: 1 },
    ]);
  });

  test('the lifecycle records submit-to-end latency once per job, by status', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const jobs = testLifecycle(redis, server.url, '{test-latency}', { clock: () => new Date(now) });
    after(() => jobs.close());
    const store = jobs.lifecycle;
    const request = jobRequestSchema.parse({
      input: { url: 's3://b/k.mp4' },
      upscale: { factor: 2 },
    });
    const done = await store.submit('acme', request);
    const canceled = await store.submit('acme', request);
    now += 90_000;
    await store.startStitching(done.id);
    assert.equal(await store.cancel(canceled.id), true);
    now += 30_000;
    await store.complete(done.id, {
      key: 'k',
      container: 'mp4',
      width: 2,
      height: 2,
      fps: '25',
      frames: 1,
      durationSeconds: 1,
      sizeBytes: 1,
    });
    assert.equal(await store.cancel(done.id), false, 'already ended: not counted again');
    const { jobSeconds } = await new MetricsStore(redis, '{test-latency}').read();
    assert.deepEqual(
      jobSeconds.map((h) => [h.labels.status, h.count, h.sum]),
      [
        ['canceled', 1, 90],
        ['completed', 1, 120],
      ],
    );
  });

  test('reads zeros when nothing happened yet', async () => {
    const snapshot = await new MetricsStore(redis, '{test-metrics-empty}').read();
    assert.equal(snapshot.chunkSeconds.count, 0);
    assert.equal(snapshot.chunkFrames, 0);
    assert.deepEqual(snapshot.jobSeconds, []);
    assert.deepEqual(snapshot.webhooks, []);
  });
});
