import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { WorkerCalibration } from '@remaster/jobs';
import { MetricsStore, SpeedStats, WorkerRegistry, connectRedis } from '@remaster/jobs';
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

  test('what a seat measured outlives the process: the next worker there starts from it and announces its calibration', async () => {
    const prefix = '{test-seat}';
    const registry = new WorkerRegistry(redis, prefix);
    const metrics = new MetricsStore(redis, prefix);
    const speeds = new SpeedStats(redis, prefix);
    let now = Date.parse('2026-01-01T00:00:00Z');
    const calibration: WorkerCalibration = {
      frames: [{ width: 192, height: 108 }],
      models: [{ id: 'mci', kind: 'vfi', baseSeconds: 0.001, secondsPerOutputPixel: 1e-7 }],
      codecPixelsPerSecond: 5e7,
      chunkOverheadSeconds: 0.3,
    };
    const member = (pid: number) =>
      new FleetMember({
        registry,
        metrics,
        speeds,
        seat: 'box:cpu',
        calibration,
        identity: {
          ...{ id: `box:cpu:${pid}`, host: 'box', pid, version: '0.1.0' },
          ...{ startedAt: '2026-01-01T00:00:00.000Z', gpu: null, concurrency: 1 },
          requestedProviders: ['cpu'],
        },
        loadedModels: () => [],
        intervalMs: 60_000,
        logger: { warn: () => undefined },
        clock: () => new Date(now),
      });
    const first = member(1);
    await first.start();
    assert.deepEqual((await registry.list())[0]?.calibration, calibration, 'announced at once');
    const tracked = first.track({
      ...{ jobId: 'job_a', index: 0, framesTotal: 50 },
      ...{ pipeline: 'vfi:mci', pixelsPerFrame: 1000 },
    });
    now += 2000;
    await tracked.run(Promise.resolve({ frames: 50 }));
    await first.stop();
    const kept = { pipeline: 'vfi:mci', outputPixelsPerSecond: 25_000, chunks: 1 };
    // The write is advisory (not awaited by the chunk): wait for it to land.
    for (let i = 0; i < 50 && (await speeds.throughputOf('box:cpu')).length === 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(await speeds.throughputOf('box:cpu'), [kept]);

    const second = member(2);
    await second.start();
    assert.deepEqual((await registry.list())[0]?.throughput, [kept], 'the restart kept the figure');
    assert.deepEqual(await speeds.throughputOf('box:gpu0'), [], 'another seat has its own');
    await second.stop();
  });

  test('phase costs are fitted to the recent jobs kept in Redis, the defaults before any', async () => {
    const speeds = new SpeedStats(redis, '{test-phases}');
    assert.equal((await speeds.phaseCosts()).basis, 'estimate');
    await speeds.recordJob({
      sourceFrames: 100,
      outputFrames: 200,
      planSeconds: 1,
      stitchSeconds: 2,
    });
    await speeds.recordJob({
      sourceFrames: 300,
      outputFrames: 600,
      planSeconds: 2,
      stitchSeconds: 4,
    });
    const costs = await speeds.phaseCosts();
    assert.equal(costs.basis, 'measured');
    assert.deepEqual(
      [costs.plan.baseSeconds, costs.plan.secondsPerFrame].map((x) => Math.round(x * 1e6) / 1e6),
      [0.5, 0.005],
    );
    assert.deepEqual(
      [costs.stitch.baseSeconds, costs.stitch.secondsPerFrame].map(
        (x) => Math.round(x * 1e6) / 1e6,
      ),
      [1, 0.005],
    );
  });
});
