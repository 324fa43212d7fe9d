import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import type { Lifecycle } from './lifecycle/lifecycle.js';
import { connectRedis } from './redis-connection.js';
import { TenantSlots } from './tenant-slots.js';
import type { TestLifecycle } from './testing/test-lifecycle.js';
import { testLifecycle } from './testing/test-lifecycle.js';

const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });

describe('tenant slots', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: Redis;
  let jobs: TestLifecycle;
  let store: Lifecycle;
  const prefix = '{test-slots}';

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    jobs = testLifecycle(redis, server.url, prefix);
    store = jobs.lifecycle;
  });
  after(async () => {
    await jobs.close();
    redis.disconnect();
    await server.stop();
  });

  test('a tenant at its cap waits; others do not; an ended job frees its slot', async () => {
    const slots = new TenantSlots(redis, prefix, 2);
    const [a1, a2, a3, b1] = [
      await store.submit('a', request),
      await store.submit('a', request),
      await store.submit('a', request),
      await store.submit('b', request),
    ];
    assert.equal(await slots.acquire(a1.id), 'go');
    assert.equal(await slots.acquire(a2.id), 'go');
    assert.equal(await slots.acquire(a3.id), 'wait');
    assert.equal(await slots.acquire(b1.id), 'go', 'another tenant is not held back');
    assert.equal(await slots.acquire(a1.id), 'go', 'a retried plan keeps its slot');
    assert.equal(await slots.acquire(a3.id), 'wait');
    await store.fail(a1.id, { code: 'RENDER_FAILED', message: 'x' });
    assert.equal(await slots.acquire(a3.id), 'go');
    assert.deepEqual(await slots.holders('a'), [a2.id, a3.id].sort());
    await store.cancel(a2.id);
    assert.equal(await slots.acquire(a2.id), 'ended', 'a canceled job does not take a slot');
  });

  test('a slot whose record vanished (expired, or a crash mid-way) is reclaimed', async () => {
    const slots = new TenantSlots(redis, prefix, 1);
    const c1 = await store.submit('c', request);
    const c2 = await store.submit('c', request);
    assert.equal(await slots.acquire(c1.id), 'go');
    assert.equal(await slots.acquire(c2.id), 'wait');
    await redis.del(`${prefix}:job:${c1.id}`);
    assert.equal(await slots.acquire(c2.id), 'go');
    assert.deepEqual(await slots.holders('c'), [c2.id]);
  });

  test('cap 0 means no cap', async () => {
    const slots = new TenantSlots(redis, prefix, 0);
    const jobs = await Promise.all([1, 2, 3].map(() => store.submit('d', request)));
    for (const job of jobs) assert.equal(await slots.acquire(job.id), 'go');
  });
});
