import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { connectRedis } from './redis-connection.js';
import type { WorkerInfo } from './worker-registry.js';
import { WorkerRegistry } from './worker-registry.js';

function info(id: string, fps: number | null = null): WorkerInfo {
  return {
    id,
    host: 'gpu-box',
    pid: 4242,
    version: '0.1.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    gpu: { id: 1, name: 'NVIDIA H100 80GB HBM3', memoryMb: 81559 },
    executionProviders: { requested: ['cuda', 'cpu'], active: ['cuda'] },
    concurrency: 1,
    models: ['bicubic-x2'],
    fps,
    chunksDone: 3,
    chunks: [
      {
        jobId: 'job_1',
        index: 2,
        framesDone: 10,
        framesTotal: 48,
        startedAt: '2026-01-01T00:00:01.000Z',
      },
    ],
  };
}

describe('worker registry', () => {
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

  test('lists a worker after its heartbeat, with what it announced', async () => {
    const registry = new WorkerRegistry(redis, '{test-fleet-1}', () => new Date(1_000_000));
    await registry.beat(info('gpu-box:gpu1:4242', 31.5), 15_000);
    const [worker, ...rest] = await registry.list();
    assert.equal(rest.length, 0);
    assert.deepEqual(worker, {
      ...info('gpu-box:gpu1:4242', 31.5),
      seenAt: new Date(1_000_000).toISOString(),
      expiresAt: new Date(1_015_000).toISOString(),
    });
    const ttl = await redis.pttl('{test-fleet-1}:fleet:worker:gpu-box:gpu1:4242');
    assert.ok(ttl > 10_000 && ttl <= 15_000, `ttl ${ttl}`);
  });

  test('a worker that stops beating disappears after its TTL; one that beats stays', async () => {
    const registry = new WorkerRegistry(redis, '{test-fleet-2}');
    await registry.beat(info('a'), 400);
    await registry.beat(info('b'), 400);
    assert.deepEqual(
      (await registry.list()).map((w) => w.id),
      ['a', 'b'],
    );
    // b keeps beating, a does not.
    const deadline = Date.now() + 10_000;
    let ids: string[] = [];
    while (Date.now() < deadline) {
      await registry.beat(info('b'), 400);
      ids = (await registry.list()).map((w) => w.id);
      if (!ids.includes('a')) break;
      await sleep(100);
    }
    assert.deepEqual(ids, ['b']);
    assert.deepEqual(await redis.smembers('{test-fleet-2}:fleet:workers'), ['b'], 'pruned');
  });

  test('remove takes a worker off at once', async () => {
    const registry = new WorkerRegistry(redis, '{test-fleet-3}');
    await registry.beat(info('c'), 60_000);
    await registry.remove('c');
    assert.deepEqual(await registry.list(), []);
  });
});
