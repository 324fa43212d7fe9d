// A job queued for a role nobody runs says why, in GET /v1/jobs/:id and in /readyz,
// through real Redis and BullMQ: consumers are listed by their heartbeats.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ModelRegistry, builtinEntries } from '@remaster/inference';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  Pipeline,
  QueueConsumers,
  QueueCoverage,
  connectRedis,
  redisOptions,
} from '@remaster/jobs';
import { startRedis, startS3 } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { UploadService } from './upload-service.js';

const acme = { authorization: 'Bearer key-acme' };

describe('work waiting for a role nobody runs', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let pipeline: Pipeline;
  let consumers: QueueConsumers;
  let app: Awaited<ReturnType<typeof buildApp>>;

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    const prefix = `{test-waiting-${process.pid}}`;
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
    });
    consumers = new QueueConsumers(redis, prefix);
    const coverage = new QueueCoverage({ consumers, waiting: (queue) => pipeline.waiting(queue) });
    const jobs = new JobService({
      store: new JobStore(redis, prefix),
      lifecycle: new Lifecycle({ redis, prefix, pipeline }),
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls: false },
      outputUrlTtlSeconds: 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
      coverage,
    });
    app = await buildApp({
      jobs,
      uploads: new UploadService({ objects: s3.store, maxBytes: 1024 }),
      apiKeys: new Map([['key-acme', 'acme']]),
      models: new ModelRegistry(builtinEntries()),
      webhookSecrets: new WebhookSecrets(redis, prefix),
      webhookLog: new WebhookLog(redis, prefix),
      readiness: [{ name: 'redis', check: () => redis.ping() }],
      unserved: () => coverage.unserved(),
    });
  });
  after(async () => {
    await app.close();
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  test('a queued job with no planner running says so, and stops saying it once one beats', async () => {
    const ready = await app.inject({ url: '/readyz' });
    assert.deepEqual(ready.json(), { status: 'ok', checks: { redis: 'ok' } }, 'no work yet');
    const submitted = await app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: acme,
      payload: { input: { url: 's3://media/in/clip.mp4' }, upscale: { factor: 2 } },
    });
    assert.equal(submitted.statusCode, 202);
    const { id } = submitted.json<{ id: string }>();
    const message = 'no planner role is running; start one (ROLES=planner)';
    const job = await app.inject({ url: `/v1/jobs/${id}`, headers: acme });
    assert.equal(job.json().status, 'queued');
    assert.deepEqual(job.json().waitingFor, { role: 'planner', queue: 'plan', message });

    const warned = await app.inject({ url: '/readyz' });
    assert.equal(warned.statusCode, 200, 'the API itself is ready');
    assert.deepEqual(warned.json().unserved, [
      { queue: 'plan', role: 'planner', waiting: 1, message: `1 plan job waiting: ${message}` },
    ]);

    await consumers.beat('plan', 'planner-host:1', 60_000);
    const served = await app.inject({ url: `/v1/jobs/${id}`, headers: acme });
    assert.equal(served.json().waitingFor, undefined);
    assert.equal((await app.inject({ url: '/readyz' })).json().unserved, undefined);
  });
});
