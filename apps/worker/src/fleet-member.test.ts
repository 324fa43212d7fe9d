import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MetricsStore, WorkerRegistry, connectRedis } from '@remaster/jobs';
import { startRedis } from '@remaster/testing';
import { FleetMember, nextFps } from './fleet-member.js';

test('nextFps starts at the first sample and then moves 30 % toward each new one', () => {
  assert.equal(nextFps(null, 20), 20);
  assert.equal(nextFps(20, 30), 23);
  assert.equal(nextFps(23, 23), 23);
});

describe('fleet member', () => {
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

  test('announces itself, its chunks and measured fps, records chunk metrics, leaves on stop', async () => {
    const prefix = '{test-member}';
    const registry = new WorkerRegistry(redis, prefix);
    const metrics = new MetricsStore(redis, prefix);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const loaded: Array<{ id: string; provider: string }> = [];
    const member = new FleetMember({
      registry,
      metrics,
      identity: {
        id: 'box:cpu:1',
        host: 'box',
        pid: 1,
        version: '0.1.0',
        startedAt: '2026-01-01T00:00:00.000Z',
        gpu: null,
        concurrency: 2,
        requestedProviders: ['cpu'],
      },
      loadedModels: () => loaded,
      intervalMs: 60_000,
      logger: { warn: () => undefined },
      clock: () => new Date(now),
    });
    await member.start();
    const [first] = await registry.list();
    assert.equal(first?.id, 'box:cpu:1');
    assert.equal(first?.fps, null);
    assert.deepEqual(first?.chunks, []);

    const tracked = member.track({
      ...{ jobId: 'job_a', index: 3, framesTotal: 100 },
      ...{ pipeline: 'sr:bicubic-x2', pixelsPerFrame: 128 * 96 },
    });
    tracked.progress(40);
    loaded.push({ id: 'bicubic-x2', provider: 'cpu' });
    assert.deepEqual(member.info().chunks, [
      { jobId: 'job_a', index: 3, framesDone: 40, framesTotal: 100, startedAt: first?.startedAt },
    ]);
    assert.deepEqual(member.info().models, ['bicubic-x2']);
    assert.deepEqual(member.info().executionProviders, { requested: ['cpu'], active: ['cpu'] });

    now += 4000; // 100 frames in 4 s
    assert.deepEqual(await tracked.run(Promise.resolve({ frames: 100 })), { frames: 100 });
    const skipped = member.track({ jobId: 'job_b', index: 0, framesTotal: 10 });
    await skipped.run(Promise.resolve(undefined));
    const failed = member.track({ jobId: 'job_c', index: 0, framesTotal: 10 });
    await assert.rejects(failed.run(Promise.reject(new Error('ffmpeg died'))), /ffmpeg died/);

    const info = member.info();
    assert.equal(info.fps, 25);
    // 100 frames of 128×96 in 4 s; chunks that did not render do not count.
    assert.deepEqual(info.throughput, [
      { pipeline: 'sr:bicubic-x2', outputPixelsPerSecond: (100 * 128 * 96) / 4, chunks: 1 },
    ]);
    assert.equal(info.chunksDone, 1);
    assert.deepEqual(info.chunks, [], 'ended chunks are forgotten, whatever the outcome');
    const snapshot = await metrics.read();
    assert.equal(snapshot.chunkSeconds.count, 1);
    assert.equal(snapshot.chunkSeconds.sum, 4);
    assert.equal(snapshot.chunkFrames, 100);

    await member.stop();
    assert.deepEqual(await registry.list(), []);
  });
});
