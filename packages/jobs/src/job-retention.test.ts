import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import { JobStore } from './job-store.js';
import { connectRedis } from './redis-connection.js';
import { testLifecycle } from './testing/test-lifecycle.js';

const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });
const output = {
  key: 'jobs/x/output.mp4',
  container: 'mp4',
  width: 128,
  height: 96,
  fps: '25',
  frames: 20,
  durationSeconds: 0.8,
  sizeBytes: 1000,
};
const HOUR = 3600;

describe('finished-job retention', () => {
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

  test('a finished job record and its chunk counts expire after the retention (the webhook log: @remaster/webhooks); a running one does not', async () => {
    const prefix = '{retention-ttl}';
    const store = new JobStore(redis, prefix, { retentionSeconds: 48 * HOUR });
    const jobs = testLifecycle(redis, server.url, prefix, { retentionSeconds: 48 * HOUR });
    after(() => jobs.close());
    const { lifecycle } = jobs;
    const done = await lifecycle.submit('acme', request);
    const running = await lifecycle.submit('acme', request);
    await store.recordChunkDone(done.id, 0, 20);
    assert.equal(await redis.ttl(`${prefix}:job:${done.id}`), -1, 'no TTL while it runs');
    assert.equal(await lifecycle.complete(done.id, output), true);
    for (const key of ['', ':chunks']) {
      const ttl = await redis.ttl(`${prefix}:job:${done.id}${key}`);
      assert.ok(ttl > 47 * HOUR && ttl <= 48 * HOUR, `job${key} expires in 48 h, TTL ${ttl}`);
    }
    assert.equal(await redis.ttl(`${prefix}:job:${running.id}`), -1);
    assert.equal(await lifecycle.cancel(running.id), true);
    assert.ok((await redis.ttl(`${prefix}:job:${running.id}`)) > 0, 'a canceled job expires too');
  });

  test('the tenant index drops expired jobs when a new one is created, and keeps live ones', async () => {
    const prefix = '{retention-index}';
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new JobStore(redis, prefix, { retentionSeconds: 1 });
    const jobs = testLifecycle(redis, server.url, prefix, {
      retentionSeconds: 1,
      clock: () => new Date(now),
    });
    after(() => jobs.close());
    const { lifecycle } = jobs;
    const old = await lifecycle.submit('acme', request);
    const oldRunning = await lifecycle.submit('acme', request);
    await lifecycle.complete(old.id, output);
    // Let Redis expire the finished record (TTL 1 s), then create a job "a day" later.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    assert.equal(await redis.exists(`${prefix}:job:${old.id}`), 0, 'the record expired');
    now += 86_400_000;
    const fresh = await lifecycle.submit('acme', request);
    const index = await redis.zrange(`${prefix}:tenant:acme:jobs`, 0, -1);
    assert.deepEqual(index.sort(), [oldRunning.id, fresh.id].sort());
    const listed = await store.list({ tenant: 'acme', limit: 10 });
    assert.deepEqual(
      listed.items.map((job) => job.id),
      [fresh.id, oldRunning.id],
    );
  });
});
