// Submit records the job and its plan entry in one transaction: when the plan enqueue
// fails the job is still submitted (202, same job on a repeated Idempotency-Key) and the
// outbox relay enqueues its plan, so no job is left queued for ever.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  OUTBOX_LEASE_MS,
  Pipeline,
  connectRedis,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { JobService } from './job-service.js';

const prefix = '{test-submit-outbox}';
let server: RedisServer;
let redis: Redis;
let pipeline: Pipeline;

before(async () => {
  server = await startRedis();
  redis = connectRedis(server.url);
  pipeline = new Pipeline({ connection: redisOptions(server.url), prefix, chunkAttempts: 1 });
});
after(async () => {
  await pipeline.close();
  redis.disconnect();
  await server.stop();
});

test('a failed plan enqueue still submits the job; the outbox relay enqueues its plan', async () => {
  const store = new JobStore(redis, prefix);
  const jobs = new JobService({
    store,
    lifecycle: new Lifecycle({
      redis,
      prefix,
      // The queue refuses the add (BullMQ's own Redis connection is down, say).
      pipeline: {
        enqueuePlan: () => Promise.reject(new Error('Connection is closed.')),
        enqueueRender: (stitch, chunks) => pipeline.enqueueRender(stitch, chunks),
        hasRender: (jobId) => pipeline.hasRender(jobId),
        enqueueWebhook: (payload) => pipeline.enqueueWebhook(payload),
        dropPendingChunks: (jobId, chunks) => pipeline.dropPendingChunks(jobId, chunks),
      },
    }),
    signer: { presignGet: () => Promise.resolve('') },
    inputPolicy: { bucket: 'media', allowPrivateUrls: false },
    outputUrlTtlSeconds: 600,
    idempotencyKeys: new IdempotencyKeys(redis, prefix),
  });
  const request = jobRequestSchema.parse({
    input: { url: 's3://media/in/clip.mp4' },
    upscale: { factor: 2 },
  });
  const first = await jobs.submit('acme', request, 'key-1');
  assert.equal(first.job.status, 'queued');
  const again = await jobs.submit('acme', request, 'key-1');
  assert.deepEqual([again.replayed, again.job.id], [true, first.job.id]);
  assert.equal(await pipeline.planQueue.getJob(`${first.job.id}-plan`), undefined);

  // Another process's relay, once the submitter's lease on the entry has run out.
  const relay = new Lifecycle({
    redis,
    prefix,
    pipeline,
    clock: () => new Date(Date.now() + OUTBOX_LEASE_MS),
  });
  assert.equal(await relay.relayOutbox(), 1);
  const plan = await pipeline.planQueue.getJob(`${first.job.id}-plan`);
  assert.deepEqual(plan?.data, { jobId: first.job.id });
  assert.equal((await store.get(first.job.id))?.status, 'queued');
});
