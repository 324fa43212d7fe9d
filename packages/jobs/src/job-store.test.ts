import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import { JobStore } from './job-store.js';
import type { Lifecycle } from './lifecycle/lifecycle.js';
import { connectRedis } from './redis-connection.js';
import { renderFixture } from './testing/payload-fixtures.js';
import type { TestLifecycle } from './testing/test-lifecycle.js';
import { testLifecycle } from './testing/test-lifecycle.js';

const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });
const plan = { chunksTotal: 2, framesTotal: 20, width: 128, height: 96, fps: '25' };
const source = {
  width: 64,
  height: 48,
  fps: '25',
  frames: 20,
  durationSeconds: 0.8,
  hasAudio: false,
  videoCodec: 'h264',
};

describe('job store', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: Redis;
  let store: JobStore;
  let jobs: TestLifecycle;
  let lifecycle: Lifecycle;
  const clocked = (prefix: string, clock: () => Date) => {
    const made = testLifecycle(redis, server.url, prefix, { clock });
    after(() => made.close());
    return made;
  };

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    store = new JobStore(redis, '{test-store}');
    jobs = testLifecycle(redis, server.url, '{test-store}');
    lifecycle = jobs.lifecycle;
  });
  after(async () => {
    await jobs.close();
    redis.disconnect();
    await server.stop();
  });

  test('only the lifecycle moves the status: chunk progress leaves processing as the plan set it', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const prefix = '{test-store-lifecycle}';
    const timed = clocked(prefix, () => new Date(now));
    const reader = new JobStore(redis, prefix);
    const job = await timed.lifecycle.submit('acme', request);
    await timed.lifecycle.startPlanning(job.id);
    now += 1000;
    await timed.lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id));
    const planned = await reader.get(job.id);
    now += 1000;
    await reader.recordChunkProgress(job.id, 0, 2);
    await reader.recordChunkDone(job.id, 0, 4);
    const rendered = await reader.get(job.id);
    assert.equal(rendered?.status, 'processing');
    assert.equal(rendered?.startedAt, '2026-01-01T00:00:01.000Z');
    assert.equal(rendered?.updatedAt, planned?.updatedAt, 'no status write per chunk');
    assert.equal(rendered?.progress.chunksDone, 1);
  });

  test('moves forward through the statuses and never out of a terminal one', async () => {
    const job = await lifecycle.submit('acme', request);
    assert.equal(await lifecycle.startPlanning(job.id), true);
    assert.equal(await lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id)), true);
    assert.equal(await lifecycle.startPlanning(job.id), false, 'no going back');
    assert.equal(await lifecycle.fail(job.id, { code: 'INPUT_EMPTY', message: 'no frames' }), true);
    assert.equal(await lifecycle.startStitching(job.id), false);
    assert.equal(
      await lifecycle.complete(job.id, {
        key: 'k',
        container: 'mp4',
        width: 1,
        height: 1,
        fps: '25',
        frames: 1,
        durationSeconds: 1,
        sizeBytes: 1,
      }),
      false,
    );
    const record = await store.get(job.id);
    assert.equal(record?.status, 'failed');
    assert.deepEqual(record?.error, { code: 'INPUT_EMPTY', message: 'no frames' });
    assert.deepEqual(record?.plan, plan);
    assert.equal(await store.isActive(job.id), false);
  });

  test('keeps the source and output bit depth, and reads plans recorded without them', async () => {
    const deep = await lifecycle.submit('acme', request);
    await lifecycle.startPlanning(deep.id);
    const tenBitSource = { ...source, pixelFormat: 'yuv420p10le', bitDepth: 10 };
    await lifecycle.recordPlan(
      deep.id,
      tenBitSource,
      { ...plan, bitDepth: 10 },
      renderFixture(deep.id),
    );
    const record = await store.get(deep.id);
    assert.deepEqual([record?.source, record?.plan], [tenBitSource, { ...plan, bitDepth: 10 }]);
    const old = await lifecycle.submit('acme', request);
    await jobs.plan(old.id, source, plan);
    assert.equal((await store.get(old.id))?.plan?.bitDepth, undefined);
  });

  test('a chunk counted twice (a retry) counts once', async () => {
    const job = await lifecycle.submit('acme', request);
    await store.recordChunkDone(job.id, 0, 10);
    await store.recordChunkDone(job.id, 0, 10);
    await store.recordChunkDone(job.id, 1, 10);
    const progress = (await store.get(job.id))?.progress;
    assert.equal(progress?.chunksDone, 2);
    assert.equal(progress?.framesDone, 20);
  });

  test('progress counts frames of chunks still rendering, and each chunk once', async () => {
    const job = await lifecycle.submit('acme', request);
    await store.recordChunkProgress(job.id, 2, 4);
    await store.recordChunkDone(job.id, 0, 10);
    await store.recordChunkProgress(job.id, 1, 7);
    await store.recordChunkDone(job.id, 1, 10);
    await store.recordChunkProgress(job.id, 1, 9); // a late progress write after it was done
    assert.deepEqual((await store.get(job.id))?.progress, {
      chunksDone: 2,
      framesDone: 24,
      chunks: [
        { index: 0, state: 'done', framesDone: 10 },
        { index: 1, state: 'done', framesDone: 10 },
        { index: 2, state: 'rendering', framesDone: 4 },
      ],
    });
  });

  test('transitions of a missing job report false', async () => {
    assert.equal(await lifecycle.startPlanning('job_missing'), false);
    assert.equal(await lifecycle.cancel('job_missing'), false);
    assert.equal(await store.get('job_missing'), undefined);
  });

  test("getForTenant hides other tenants' jobs", async () => {
    const job = await lifecycle.submit('acme', request);
    assert.equal((await store.getForTenant(job.id, 'acme'))?.id, job.id);
    assert.equal(await store.getForTenant(job.id, 'globex'), undefined);
  });

  test("keeps when each phase began and each chunk's report; a retried chunk replaces its report", async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const timed = clocked('{test-store-phases}', () => new Date(now));
    const reader = new JobStore(redis, '{test-store-phases}');
    const job = await timed.lifecycle.submit('acme', request);
    const step = async (ms: number, run: () => Promise<unknown>) => {
      now += ms;
      await run();
    };
    await step(100, () => timed.lifecycle.startPlanning(job.id));
    await step(250, () => timed.lifecycle.recordPlan(job.id, source, plan, renderFixture(job.id)));
    const models = [{ id: 'bicubic-x2', kind: 'sr' as const, provider: 'cpu' }];
    const report = { framesCopied: 10, framesInterpolated: 0, models, renderSeconds: 1 };
    await reader.recordChunkDone(job.id, 1, 10, { ...report, renderSeconds: 9 });
    await reader.recordChunkDone(job.id, 0, 10, report);
    await reader.recordChunkDone(job.id, 1, 10, { ...report, renderSeconds: 2 });
    await step(2000, () => timed.lifecycle.startStitching(job.id));
    await step(500, () =>
      timed.lifecycle.complete(job.id, {
        ...plan,
        key: 'k',
        container: 'mp4',
        frames: 20,
        durationSeconds: 0.8,
        sizeBytes: 1,
      }),
    );
    const record = await reader.get(job.id);
    assert.deepEqual(
      [record?.planningAt, record?.startedAt, record?.stitchingAt, record?.endedAt],
      [
        '2026-01-01T00:00:00.100Z',
        '2026-01-01T00:00:00.350Z',
        '2026-01-01T00:00:02.350Z',
        '2026-01-01T00:00:02.850Z',
      ],
    );
    assert.deepEqual(record?.chunkReports, [
      { ...report, index: 0 },
      { ...report, renderSeconds: 2, index: 1 },
    ]);
    assert.equal(record?.progress.chunksDone, 2);
  });
});
