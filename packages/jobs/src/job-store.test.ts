import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import { JobStore } from './job-store.js';
import { connectRedis } from './redis-connection.js';

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

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    store = new JobStore(redis, '{test-store}');
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  test('only the lifecycle moves the status: chunk progress leaves processing as the plan set it', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const clocked = new JobStore(redis, '{test-store-lifecycle}', () => new Date(now));
    const job = await clocked.create('acme', request);
    await clocked.transition(job.id, 'planning');
    now += 1000;
    await clocked.recordPlan(job.id, source, plan);
    const planned = await clocked.get(job.id);
    now += 1000;
    await clocked.recordChunkProgress(job.id, 0, 2);
    await clocked.recordChunkDone(job.id, 0, 4);
    const rendered = await clocked.get(job.id);
    assert.equal(rendered?.status, 'processing');
    assert.equal(rendered?.startedAt, '2026-01-01T00:00:01.000Z');
    assert.equal(rendered?.updatedAt, planned?.updatedAt, 'no status write per chunk');
    assert.equal(rendered?.progress.chunksDone, 1);
  });

  test('moves forward through the statuses and never out of a terminal one', async () => {
    const job = await store.create('acme', request);
    assert.equal(await store.transition(job.id, 'planning'), true);
    assert.equal(await store.recordPlan(job.id, source, plan), true);
    assert.equal(await store.transition(job.id, 'planning'), false, 'no going back');
    assert.equal(await store.fail(job.id, { code: 'INPUT_EMPTY', message: 'no frames' }), true);
    assert.equal(await store.transition(job.id, 'processing'), false);
    assert.equal(
      await store.complete(job.id, {
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
    const deep = await store.create('acme', request);
    await store.transition(deep.id, 'planning');
    const tenBitSource = { ...source, pixelFormat: 'yuv420p10le', bitDepth: 10 };
    await store.recordPlan(deep.id, tenBitSource, { ...plan, bitDepth: 10 });
    const record = await store.get(deep.id);
    assert.deepEqual([record?.source, record?.plan], [tenBitSource, { ...plan, bitDepth: 10 }]);
    const old = await store.create('acme', request);
    await store.transition(old.id, 'planning');
    await store.recordPlan(old.id, source, plan);
    assert.equal((await store.get(old.id))?.plan?.bitDepth, undefined);
  });

  test('a chunk counted twice (a retry) counts once', async () => {
    const job = await store.create('acme', request);
    await store.recordChunkDone(job.id, 0, 10);
    await store.recordChunkDone(job.id, 0, 10);
    await store.recordChunkDone(job.id, 1, 10);
    const progress = (await store.get(job.id))?.progress;
    assert.equal(progress?.chunksDone, 2);
    assert.equal(progress?.framesDone, 20);
  });

  test('progress counts frames of chunks still rendering, and each chunk once', async () => {
    const job = await store.create('acme', request);
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
    assert.equal(await store.transition('job_missing', 'planning'), false);
    assert.equal(await store.get('job_missing'), undefined);
  });

  test("getForTenant hides other tenants' jobs", async () => {
    const job = await store.create('acme', request);
    assert.equal((await store.getForTenant(job.id, 'acme'))?.id, job.id);
    assert.equal(await store.getForTenant(job.id, 'globex'), undefined);
  });

  test("keeps when each phase began and each chunk's report; a retried chunk replaces its report", async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const clocked = new JobStore(redis, '{test-store}', () => new Date(now));
    const job = await clocked.create('acme', request);
    const step = async (ms: number, run: () => Promise<unknown>) => {
      now += ms;
      await run();
    };
    await step(100, () => clocked.transition(job.id, 'planning'));
    await step(250, () => clocked.recordPlan(job.id, source, plan));
    const models = [{ id: 'bicubic-x2', kind: 'sr' as const, provider: 'cpu' }];
    const report = { framesCopied: 10, framesInterpolated: 0, models, renderSeconds: 1 };
    await clocked.recordChunkDone(job.id, 1, 10, { ...report, renderSeconds: 9 });
    await clocked.recordChunkDone(job.id, 0, 10, report);
    await clocked.recordChunkDone(job.id, 1, 10, { ...report, renderSeconds: 2 });
    await step(2000, () => clocked.transition(job.id, 'stitching'));
    await step(500, () =>
      clocked.complete(job.id, {
        ...plan,
        key: 'k',
        container: 'mp4',
        frames: 20,
        durationSeconds: 0.8,
        sizeBytes: 1,
      }),
    );
    const record = await clocked.get(job.id);
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
