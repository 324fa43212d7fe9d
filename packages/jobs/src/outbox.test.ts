// The outbox against a real Redis and real BullMQ queues; the crashes are real processes
// killed by SIGKILL between the first write (record, terminal status) and the enqueue.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { RedisServer } from '@remaster/testing';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { jobRequestSchema } from './job-request.js';
import { JobStore } from './job-store.js';
import { OUTBOX_LEASE_MS, Outbox, outboxKey } from './outbox.js';
import { Pipeline } from './pipeline.js';
import { connectRedis, redisOptions } from './redis-connection.js';
import { planFixture, renderFixture } from './testing/payload-fixtures.js';
import { WebhookEvents } from './webhook-events.js';

const CHILD = fileURLToPath(new URL('./testing/crash-between-writes.ts', import.meta.url));
const prefix = '{test-outbox}';
const withWebhook = jobRequestSchema.parse({
  input: { url: 's3://b/k.mp4' },
  upscale: { factor: 2 },
  webhook: { url: 'https://hooks.example.com/remaster' },
});

/** Runs the crashing child; resolves with what it printed and the signal it died of. */
function runChild(args: string[]): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', CHILD, ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve) =>
    child.once('exit', (_code, signal) => resolve({ stdout: stdout.trim(), signal })),
  );
}

describe('outbox', () => {
  let server: RedisServer;
  let redis: Redis;
  let pipeline: Pipeline;
  /** A relay started after the lease of the dead writer's entries has run out. */
  let restarted: Outbox;

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
    pipeline = new Pipeline({ connection: redisOptions(server.url), prefix, chunkAttempts: 1 });
    restarted = new Outbox({ redis, prefix, pipeline, clock: () => Date.now() + OUTBOX_LEASE_MS });
  });
  after(async () => {
    await pipeline.close();
    redis.disconnect();
    await server.stop();
  });

  test('killed right after submit recorded the job: a restarted relay enqueues its plan, once', async () => {
    const { stdout: id, signal } = await runChild(['create', server.url, prefix]);
    assert.equal(signal, 'SIGKILL');
    assert.equal((await new JobStore(redis, prefix).get(id))?.status, 'queued');
    assert.equal(await pipeline.planQueue.getJob(`${id}-plan`), undefined, 'died before enqueue');

    // Within the lease the entry is left to its writer.
    assert.equal(await new Outbox({ redis, prefix, pipeline }).sweep(), 0);
    assert.equal(await restarted.sweep(), 1);
    const plan = await pipeline.planQueue.getJob(`${id}-plan`);
    assert.deepEqual(plan?.data, { jobId: id });
    assert.equal(await restarted.sweep(), 0, 'delivered once, then removed');
    assert.equal(await pipeline.planQueue.count(), 1);
    await plan?.remove();
  });

  test('a plan entry whose job has left queued is dropped, not planned again', async () => {
    const store = new JobStore(redis, prefix);
    const job = await store.create('acme', withWebhook);
    await store.transition(job.id, 'planning');
    assert.equal(await restarted.sweep(), 1);
    assert.equal(await pipeline.planQueue.getJob(`${job.id}-plan`), undefined);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
  });

  test('killed between the terminal status and its webhook: a restarted relay enqueues the webhook with the same id', async () => {
    const job = await new JobStore(redis, prefix).create('acme', withWebhook);
    await new JobStore(redis, prefix).settle({ kind: 'plan', jobId: job.id });
    const { signal } = await runChild(['complete', server.url, prefix, job.id]);
    assert.equal(signal, 'SIGKILL');
    assert.equal((await new JobStore(redis, prefix).get(job.id))?.status, 'completed');
    const messageId = `msg_${job.id}_completed`;
    assert.equal(await pipeline.webhookQueue.getJob(messageId), undefined, 'died before enqueue');

    assert.equal(await restarted.sweep(), 1);
    const delivery = await pipeline.webhookQueue.getJob(messageId);
    assert.equal(delivery?.data.messageId, messageId);
    assert.equal(delivery?.data.event, 'job.completed');
    assert.equal(delivery?.data.url, 'https://hooks.example.com/remaster');
    // A second relay (the writer's lease, say, ran out twice) adds no second delivery.
    await redis.zadd(
      outboxKey(prefix),
      0,
      JSON.stringify({ kind: 'webhook', payload: delivery?.data }),
    );
    assert.equal(await restarted.sweep(), 1);
    assert.equal(await pipeline.webhookQueue.count(), 1);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
    await delivery?.remove();
  });

  test('killed between the plan and the render flow: a restarted relay enqueues the flow, once', async () => {
    const store = new JobStore(redis, prefix);
    const job = await store.create('acme', withWebhook);
    await store.settle({ kind: 'plan', jobId: job.id });
    await store.transition(job.id, 'planning');
    const { signal } = await runChild(['plan', server.url, prefix, job.id]);
    assert.equal(signal, 'SIGKILL');
    assert.equal((await store.get(job.id))?.status, 'processing');
    assert.equal(await pipeline.hasRender(job.id), false, 'died before enqueue');
    // The planner's retry skips a job past planning: without the outbox it would stay here.
    assert.equal(await store.transition(job.id, 'planning'), false);

    assert.equal(await new Outbox({ redis, prefix, pipeline }).sweep(), 0, 'within the lease');
    assert.equal(await restarted.sweep(), 1);
    assert.equal(await pipeline.hasRender(job.id), true);
    assert.equal((await pipeline.chunkQueue.getJob(`${job.id}-chunk-1`))?.data.index, 1);
    // A chunk that ran and was removed is not added again by a second delivery.
    await (await pipeline.chunkQueue.getJob(`${job.id}-chunk-0`))?.remove();
    await redis.zadd(outboxKey(prefix), 0, JSON.stringify(renderFixture(job.id)));
    assert.equal(await restarted.sweep(), 1);
    assert.equal(await pipeline.chunkQueue.getJob(`${job.id}-chunk-0`), undefined);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
  });

  test('a render entry whose job has ended is dropped, not rendered', async () => {
    const store = new JobStore(redis, prefix);
    const job = await store.create('acme', withWebhook);
    await store.settle({ kind: 'plan', jobId: job.id });
    const { source, plan } = planFixture;
    await store.recordPlan(job.id, source, plan, renderFixture(job.id));
    await store.cancel(job.id);
    await restarted.sweep();
    assert.equal(await pipeline.hasRender(job.id), false);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
  });

  test('without a crash the writer enqueues at once and leaves the outbox empty', async () => {
    const events = new WebhookEvents({ redis, prefix, pipeline, progressIntervalMs: 1000 });
    const store = new JobStore(redis, prefix, undefined, events);
    const job = await store.create('acme', withWebhook);
    await pipeline.enqueuePlan(job.id);
    await store.settle({ kind: 'plan', jobId: job.id });
    assert.equal(await store.cancel(job.id), true);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
    const delivery = await pipeline.webhookQueue.getJob(`msg_${job.id}_canceled`);
    assert.equal(delivery?.data.event, 'job.canceled');
    // A job whose webhook does not want the event writes no entry.
    const quiet = await store.create('acme', {
      ...withWebhook,
      webhook: { url: withWebhook.webhook!.url, events: ['job.completed'] },
    });
    await store.settle({ kind: 'plan', jobId: quiet.id });
    assert.equal(await store.cancel(quiet.id), true);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
  });

  test('an unreadable entry is dropped and reported', async () => {
    await redis.zadd(outboxKey(prefix), 0, '{"kind":"nope"}');
    const errors: string[] = [];
    assert.equal(await restarted.sweep((error) => errors.push(error.message)), 0);
    assert.match(errors.join(), /unreadable outbox entry/);
    assert.equal(await redis.zcard(outboxKey(prefix)), 0);
  });
});
