// The sweeper against real Redis and real BullMQ queues: a job whose work is gone is
// failed with a code; a job whose work is alive, or that moved meanwhile, is left alone.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { catalog } from '../catalog.js';
import { consume } from '../consume.js';
import { jobKeys } from '../job-keys.js';
import { jobRequestSchema } from '../job-request.js';
import { JobStore } from '../job-store.js';
import { Pipeline } from '../pipeline.js';
import { connectRedis, redisOptions } from '../redis-connection.js';
import { Lifecycle } from './lifecycle.js';

const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });
const GRACE = { graceMs: 60_000 };
const silent = { info: () => {}, warn: () => {}, error: () => {} };

describe('sweepStuck', () => {
  let server: RedisServer;
  let redis: Redis;
  let pipeline: Pipeline;
  let now: number;
  let lifecycle: Lifecycle;
  let store: JobStore;
  let cleaned: string[];
  let prefix: string;
  let n = 0;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  beforeEach(async () => {
    await pipeline?.close();
    prefix = `{sweep-${(n += 1)}}`;
    pipeline = new Pipeline({ connection: redisOptions(server.url), prefix, chunkAttempts: 1 });
    now = Date.now();
    cleaned = [];
    lifecycle = new Lifecycle({
      redis,
      prefix,
      pipeline,
      clock: () => new Date(now),
      deleteJobObjects: async (jobId) => cleaned.push(jobId),
    });
    store = new JobStore(redis, prefix);
  });
  after(async () => {
    await pipeline.close();
    redis.disconnect();
    await server.stop();
  });

  test('a queued job whose plan is in its queue is alive, however old', async () => {
    const job = await lifecycle.submit('acme', request);
    now += 10 * 60_000;
    assert.deepEqual(await lifecycle.sweepStuck(GRACE), []);
    assert.equal((await store.get(job.id))?.status, 'queued');
  });

  test('a job whose step failed in BullMQ but whose record was lost gets its step code', async () => {
    const job = await lifecycle.submit('acme', request);
    // The record of the final failure fails (a Redis blip): BullMQ still fails the job.
    const worker = consume(
      catalog.plan,
      {
        concurrency: 1,
        handle: async () => {
          await lifecycle.startPlanning(job.id);
          throw new Error('ffprobe exited 1');
        },
        onFinalFailure: async () => {
          throw new Error('connection reset');
        },
      },
      { connection: redisOptions(server.url), prefix, logger: silent },
    );
    const plan = (await pipeline.planQueue.getJob(catalog.plan.dedupeId({ jobId: job.id })))!;
    try {
      while ((await plan.getState()) !== 'failed')
        await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await worker.close();
    }
    assert.equal((await store.get(job.id))?.status, 'planning', 'no record of the failure');

    assert.deepEqual(await lifecycle.sweepStuck(GRACE), [], 'within the grace period');
    now += 61_000;
    const [swept] = await lifecycle.sweepStuck(GRACE);
    assert.equal(swept?.id, job.id);
    assert.equal(swept?.code, 'INPUT_UNREADABLE');
    const record = await store.get(job.id);
    assert.equal(record?.status, 'failed');
    assert.match(record?.error?.message ?? '', /ffprobe exited 1.*sweeper/);
    assert.deepEqual(cleaned, [job.id], 'its objects are deleted like any failure');
    assert.deepEqual(await lifecycle.sweepStuck(GRACE), [], 'settled once');
  });

  test('a processing job whose render flow vanished is failed WORK_LOST', async () => {
    const job = await lifecycle.submit('acme', request);
    await lifecycle.startPlanning(job.id);
    // Recorded as processing with no flow and no outbox entry: a lost write.
    await redis.hset(jobKeys(prefix, job.id).job, 'status', 'processing');
    now += 61_000;
    const [swept] = await lifecycle.sweepStuck(GRACE);
    assert.equal(swept?.code, 'WORK_LOST');
    assert.match(swept?.message ?? '', /processing but its stitch step was gone/);
    assert.equal((await store.get(job.id))?.status, 'failed');
  });

  test('a job that moves while it is looked at is left alone (the failure is guarded)', async () => {
    const job = await lifecycle.submit('acme', request);
    await (await pipeline.planQueue.getJob(catalog.plan.dedupeId({ jobId: job.id })))!.remove();
    await redis.zrem(`${prefix}:outbox`, `plan:${job.id}`);
    await redis.hdel(`${prefix}:outbox:entries`, `plan:${job.id}`);
    now += 61_000;
    // The planner moves it between the sweeper's read and its write.
    const original = pipeline.workState.bind(pipeline);
    pipeline.workState = async (queue, id) => {
      await lifecycle.startPlanning(id);
      return original(queue, id);
    };
    assert.deepEqual(await lifecycle.sweepStuck(GRACE), []);
    assert.equal((await store.get(job.id))?.status, 'planning');
  });
});
