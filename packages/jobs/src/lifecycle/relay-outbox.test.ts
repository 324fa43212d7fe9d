// The outbox relay against a real Redis and real BullMQ queues. Crashes by SIGKILL at each
// await point are lifecycle/crash.test.ts; here: leases, staleness, and that the relay
// removes exactly the string it claimed.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { outboxKeys } from '../job-keys.js';
import { jobRequestSchema } from '../job-request.js';
import { connectRedis } from '../redis-connection.js';
import { planFixture, renderFixture } from '../testing/payload-fixtures.js';
import type { TestLifecycle } from '../testing/test-lifecycle.js';
import { testLifecycle } from '../testing/test-lifecycle.js';
import { WebhookEvents } from '../webhook-events.js';
import { Lifecycle } from './lifecycle.js';
import { OUTBOX_LEASE_MS } from './outbox-entry.js';

const withWebhook = jobRequestSchema.parse({
  input: { url: 's3://b/k.mp4' },
  upscale: { factor: 2 },
  webhook: { url: 'https://hooks.example.com/remaster' },
});
const failing = () => Promise.reject(new Error('redis blip'));

describe('outbox relay', () => {
  let server: RedisServer;
  let redis: Redis;
  let jobs: TestLifecycle;
  let n = 0;
  /** A lifecycle whose enqueues fail (the writer's), and a relay past the lease (a restarted role's). */
  let writer: Lifecycle;
  let relay: Lifecycle;
  let prefix: string;
  let cleaned: string[] = [];

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  after(async () => {
    await jobs?.close();
    redis.disconnect();
    await server.stop();
  });

  /** A fresh prefix for each test, so counts are the test's own. */
  function fresh(): void {
    void jobs?.close();
    prefix = `{test-relay-${(n += 1)}}`;
    cleaned = [];
    jobs = testLifecycle(redis, server.url, prefix);
    const webhooks = new WebhookEvents({
      redis,
      prefix,
      pipeline: jobs.pipeline,
      progressIntervalMs: 1000,
    });
    const pipeline = jobs.pipeline;
    writer = new Lifecycle({
      redis,
      prefix,
      webhooks,
      pipeline: {
        ...{ hasRender: (id: string) => pipeline.hasRender(id) },
        ...{ enqueuePlan: failing, enqueueRender: failing, enqueueWebhook: failing },
        dropPendingChunks: (id: string, c: number) => pipeline.dropPendingChunks(id, c),
      },
    });
    relay = new Lifecycle({
      redis,
      prefix,
      webhooks,
      pipeline,
      clock: () => new Date(Date.now() + OUTBOX_LEASE_MS),
      deleteJobObjects: async (jobId) => cleaned.push(jobId),
    });
  }

  test('a plan whose enqueue failed is relayed after the lease, once', async () => {
    fresh();
    const job = await writer.submit('acme', withWebhook);
    assert.equal(await jobs.pipeline.planQueue.getJob(`${job.id}-plan`), undefined);
    assert.equal(await jobs.lifecycle.relayOutbox(), 0, 'within the lease it is the writer’s');
    assert.equal(await relay.relayOutbox(), 1);
    assert.deepEqual((await jobs.pipeline.planQueue.getJob(`${job.id}-plan`))?.data, {
      jobId: job.id,
    });
    assert.equal(await relay.relayOutbox(), 0, 'delivered once, then removed');
    assert.equal(await redis.hlen(outboxKeys(prefix).entries), 0);
  });

  test('a plan entry whose job has left queued is dropped, not planned again', async () => {
    fresh();
    const job = await writer.submit('acme', withWebhook);
    await jobs.lifecycle.startPlanning(job.id);
    assert.equal(await relay.relayOutbox(), 1);
    assert.equal(await jobs.pipeline.planQueue.count(), 0);
    assert.equal(await redis.zcard(outboxKeys(prefix).due), 0);
  });

  test('a terminal webhook whose enqueue failed is relayed with the same message id', async () => {
    fresh();
    const job = await jobs.lifecycle.submit('acme', withWebhook);
    await jobs.plan(job.id);
    assert.equal(await writer.cancel(job.id), true);
    assert.equal(await relay.relayOutbox(), 2, 'the webhook and the clean-up');
    const [webhook] = await jobs.pipeline.webhookQueue.getJobs();
    assert.equal(webhook?.id, `msg_${job.id}_canceled`);
    assert.deepEqual(cleaned, [job.id]);
    assert.equal(await relay.relayOutbox(), 0);
  });

  test('a render flow whose enqueue failed is relayed once; a job that ended meanwhile gets none', async () => {
    fresh();
    const job = await jobs.lifecycle.submit('acme', withWebhook);
    await writer.startPlanning(job.id);
    const { source, plan } = planFixture;
    assert.equal(await writer.recordPlan(job.id, source, plan, renderFixture(job.id)), true);
    assert.equal(await jobs.pipeline.hasRender(job.id), false);
    assert.equal(await relay.relayOutbox(), 1);
    assert.equal(await jobs.pipeline.hasRender(job.id), true);
    assert.equal(await jobs.pipeline.chunkQueue.count(), 2);

    const ended = await jobs.lifecycle.submit('acme', withWebhook);
    await writer.startPlanning(ended.id);
    await writer.recordPlan(ended.id, source, plan, renderFixture(ended.id));
    await jobs.lifecycle.cancel(ended.id);
    await relay.relayOutbox();
    assert.equal(await jobs.pipeline.hasRender(ended.id), false, 'no chunks for a canceled job');
  });

  test('an entry stored with its fields in another order is delivered and removed, not re-sent for ever', async () => {
    fresh();
    const job = await jobs.lifecycle.submit('acme', withWebhook);
    const { due, entries } = outboxKeys(prefix);
    // What another writer's serialiser may produce: same entry, other key order.
    await redis.hset(entries, `plan:${job.id}`, JSON.stringify({ jobId: job.id, kind: 'plan' }));
    await redis.zadd(due, 0, `plan:${job.id}`);
    assert.equal(await relay.relayOutbox(), 1);
    assert.equal(await redis.zcard(due), 0, 'the exact string claimed was removed');
    assert.equal(await redis.hlen(entries), 0);
  });

  test('an entry staged again with other content after the claim stays to be delivered', async () => {
    fresh();
    const job = await writer.submit('acme', withWebhook);
    const { due, entries } = outboxKeys(prefix);
    const id = `plan:${job.id}`;
    // Restaged by a writer while the relay delivers the first version.
    const original = jobs.pipeline.enqueuePlan.bind(jobs.pipeline);
    jobs.pipeline.enqueuePlan = async (jobId) => {
      await redis.hset(entries, id, JSON.stringify({ kind: 'plan', jobId, again: true }));
      return original(jobId);
    };
    try {
      assert.equal(await relay.relayOutbox(), 1);
    } finally {
      jobs.pipeline.enqueuePlan = original;
    }
    assert.equal(await redis.hexists(entries, id), 1, 'the newer entry was not removed');
    assert.notEqual(await redis.zscore(due, id), null);
  });

  test('an entry written before entries had ids (the JSON as the member) is delivered and removed', async () => {
    fresh();
    const job = await writer.submit('acme', withWebhook);
    await redis.del(outboxKeys(prefix).due, outboxKeys(prefix).entries);
    await redis.zadd(outboxKeys(prefix).due, 0, JSON.stringify({ kind: 'plan', jobId: job.id }));
    assert.equal(await relay.relayOutbox(), 1);
    assert.equal(await jobs.pipeline.planQueue.count(), 1);
    assert.equal(await redis.zcard(outboxKeys(prefix).due), 0);
  });

  test('an unreadable entry is dropped and reported', async () => {
    fresh();
    const { due, entries } = outboxKeys(prefix);
    await redis.hset(entries, 'plan:x', '{"kind":"nope"}');
    await redis.zadd(due, 0, 'plan:x');
    const errors: Error[] = [];
    assert.equal(await relay.relayOutbox((error) => errors.push(error)), 0);
    assert.match(errors[0]?.message ?? '', /unreadable outbox entry plan:x/);
    assert.equal(await redis.zcard(due), 0);
    assert.equal(await redis.hlen(entries), 0);
  });

  test('without a crash the writer delivers at once and leaves the outbox empty', async () => {
    fresh();
    // The relay's lifecycle as a writer whose enqueues work (its clock is only later).
    const job = await relay.submit('acme', withWebhook);
    await relay.startPlanning(job.id);
    await relay.recordPlan(job.id, planFixture.source, planFixture.plan, renderFixture(job.id));
    await relay.startStitching(job.id);
    await relay.complete(job.id, {
      ...{ key: 'out.mp4', container: 'mp4', width: 2, height: 2, fps: '25' },
      ...{ frames: 1, durationSeconds: 0.04, sizeBytes: 1 },
    });
    assert.equal(await redis.zcard(outboxKeys(prefix).due), 0);
    assert.equal(await redis.hlen(outboxKeys(prefix).entries), 0);
    assert.equal(await jobs.pipeline.webhookQueue.count(), 1);
  });
});
