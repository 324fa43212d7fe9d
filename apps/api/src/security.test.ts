import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { hashApiKey, parseAdminKeys, parseApiKeys } from '@remaster/config';
import { ModelRegistry, builtinEntries } from '@remaster/inference';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  Pipeline,
  connectRedis,
  redisOptions,
} from '@remaster/jobs';
import { startRedis, startS3 } from '@remaster/testing';
import { jobPrefix } from '@remaster/storage';
import type { Redis } from 'ioredis';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import type { AppOptions } from './build-app.js';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { UploadService } from './upload-service.js';

// Two keys for acme (a rotation in progress), one pre-hashed key for globex.
const API_KEYS = `acme:acme-old-key,acme:acme-new-key,globex:${hashApiKey('globex-key')}`;
const ADMIN_KEY = 'admin-key-0123456789';
const acme = { authorization: 'Bearer acme-new-key' };
const globex = { authorization: 'Bearer globex-key' };
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe('tenancy and auth', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let store: JobStore;
  let pipeline: Pipeline;
  let lifecycle: Lifecycle;
  const prefix = `{test-security-${process.pid}}`;
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    store = new JobStore(redis, prefix);
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
    });
    lifecycle = new Lifecycle({
      redis,
      prefix,
      pipeline,
      deleteJobObjects: (jobId) => s3.store.deletePrefix(jobPrefix(jobId)),
    });
  });

  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  async function makeApp(options: Partial<AppOptions> & { outputUrlTtlSeconds?: number } = {}) {
    const jobs = new JobService({
      store,
      lifecycle,
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls: false },
      outputUrlTtlSeconds: options.outputUrlTtlSeconds ?? 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
    });
    const app = await buildApp({
      jobs,
      uploads: new UploadService({ objects: s3.store, maxBytes: 1024 * 1024 }),
      apiKeys: parseApiKeys(API_KEYS),
      adminKeys: parseAdminKeys(ADMIN_KEY),
      models: new ModelRegistry(builtinEntries()),
      webhookSecrets: new WebhookSecrets(redis, prefix),
      webhookLog: new WebhookLog(redis, prefix),
      readiness: [],
      ...options,
    });
    apps.push(app);
    return app;
  }

  const body = (url: string) => ({ input: { url }, upscale: { factor: 2 } });
  const submit = (
    app: Awaited<ReturnType<typeof makeApp>>,
    url: string,
    headers: Record<string, string>,
  ) => app.inject({ method: 'POST', url: '/v1/jobs', headers, payload: body(url) });

  test('keys are matched by digest: several per tenant, pre-hashed entries, never the digest itself', async () => {
    const app = await makeApp();
    const whoAmI = async (authorization: string) => {
      const response = await submit(app, 's3://media/inputs/a.mp4', { authorization });
      return response.statusCode === 202
        ? (await store.get(response.json().id))?.tenant
        : response.statusCode;
    };
    assert.equal(await whoAmI('Bearer acme-old-key'), 'acme');
    assert.equal(await whoAmI('Bearer acme-new-key'), 'acme');
    assert.equal(await whoAmI('Bearer globex-key'), 'globex');
    assert.equal(await whoAmI('Bearer acme-new-ke'), 401);
    assert.equal(await whoAmI(`Bearer ${hashApiKey('globex-key')}`), 401, 'the digest is no key');
    assert.equal(await whoAmI(`Basic ${Buffer.from(':acme-new-key').toString('base64')}`), 'acme');
    // Percent-encoded paths reach the same routes and need the same key.
    const encoded = await app.inject({
      method: 'POST',
      url: '/%761/jobs',
      payload: body('s3://media/a.mp4'),
    });
    assert.equal(encoded.statusCode, 401, encoded.body);
    assert.equal((await app.inject({ url: '/%761/jobs' })).statusCode, 401);
    assert.equal(
      (await app.inject({ url: '/%61dmin/queues' })).statusCode,
      404,
      'no dashboard here',
    );
  });

  test("another tenant's job answers 404 everywhere and is not listed", async () => {
    const app = await makeApp();
    const job = (await submit(app, 's3://media/inputs/a.mp4', acme)).json();
    for (const [method, url] of [
      ['GET', `/v1/jobs/${job.id}`],
      ['POST', `/v1/jobs/${job.id}/cancel`],
      ['GET', `/v1/jobs/${job.id}/events`],
      ['GET', `/v1/jobs/${job.id}/webhooks`],
    ] as const) {
      const response = await app.inject({ method, url, headers: globex });
      assert.equal(response.statusCode, 404, `${method} ${url}: ${response.body}`);
      assert.equal(response.json().error.code, 'NOT_FOUND');
    }
    const listed = (await app.inject({ url: '/v1/jobs?limit=100', headers: globex })).json();
    assert.ok(listed.items.length > 0);
    assert.ok(listed.items.every((item: { id: string }) => item.id !== job.id));
    assert.equal((await store.get(job.id))?.status, 'queued', 'the foreign cancel did nothing');
  });

  test("a tenant cannot use another tenant's upload or job output as input", async () => {
    const app = await makeApp();
    const upload = await app.inject({
      method: 'POST',
      url: '/v1/uploads?filename=clip.mp4',
      headers: { ...acme, 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(1000, 1),
    });
    const { url } = upload.json();
    assert.match(url, /^s3:\/\/media\/uploads\/acme\//);
    const foreign = await submit(app, url, globex);
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.equal(foreign.json().error.code, 'INPUT_NOT_FOUND');
    assert.equal((await submit(app, url, acme)).statusCode, 202);

    const own = (await submit(app, url, acme)).json();
    const output = `s3://media/jobs/${own.id}/output.mp4`;
    assert.equal((await submit(app, output, globex)).statusCode, 404);
    assert.equal((await submit(app, output, acme)).statusCode, 202, 'its own output is fine');

    const sneaky = await submit(
      app,
      url.replace('/uploads/acme/', '/uploads/globex/../acme/'),
      globex,
    );
    assert.equal(sneaky.statusCode, 400);
    assert.equal(sneaky.json().error.code, 'INPUT_URL_INVALID');
    assert.equal((await submit(app, 's3://media/inputs/shared.mp4', globex)).statusCode, 202);
  });

  test('presigned output URLs stop working once they expire', async () => {
    // The signature's date is whole seconds, so a URL of T seconds stays valid for T − 1 to
    // T seconds: 2 s leaves at least one for the first fetch.
    const app = await makeApp({ outputUrlTtlSeconds: 2 });
    const job = (await submit(app, 's3://media/inputs/a.mp4', acme)).json();
    await s3.store.putBytes(`jobs/${job.id}/output.mp4`, Buffer.from('video bytes'));
    await lifecycle.complete(job.id, {
      key: `jobs/${job.id}/output.mp4`,
      container: 'mp4',
      width: 128,
      height: 96,
      fps: '25',
      frames: 10,
      durationSeconds: 0.4,
      sizeBytes: 11,
    });
    const { output } = (await app.inject({ url: `/v1/jobs/${job.id}`, headers: acme })).json();
    assert.match(output.url, /X-Amz-Expires=2(&|$)/);
    assert.equal((await fetch(output.url)).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const late = await fetch(output.url);
    assert.equal(late.status, 403, 'the S3 server refuses an expired URL');
    assert.match(await late.text(), /expired/i);
  });

  test('rate limits count per tenant, answer 429 RATE_LIMITED with Retry-After, spare health', async () => {
    const limited = `{test-rate-${process.pid}}`;
    const app = await makeApp({
      rateLimit: { redis, prefix: limited, perMinute: 4, submitPerMinute: 2 },
    });
    const get = (headers: Record<string, string>) => app.inject({ url: '/v1/jobs', headers });
    for (let i = 0; i < 4; i += 1) assert.equal((await get(acme)).statusCode, 200);
    const over = await get(acme);
    assert.equal(over.statusCode, 429, over.body);
    assert.equal(over.json().error.code, 'RATE_LIMITED');
    const retryAfter = Number(over.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(
      (await get({ authorization: 'Bearer acme-old-key' })).statusCode,
      429,
      'per tenant, not per key',
    );
    assert.equal((await get(globex)).statusCode, 200, 'another tenant is not affected');
    for (let i = 0; i < 6; i += 1)
      assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    // Submissions have their own, tighter budget.
    assert.equal((await submit(app, 's3://media/inputs/a.mp4', globex)).statusCode, 202);
    assert.equal((await submit(app, 's3://media/inputs/a.mp4', globex)).statusCode, 202);
    assert.equal((await submit(app, 's3://media/inputs/a.mp4', globex)).statusCode, 429);
    assert.ok((await redis.keys(`${limited}:rate-limit:*`)).length > 0, 'counters live in Redis');
  });

  test('the queue dashboard opens for admin keys only (Bearer or Basic password)', async () => {
    const app = await makeApp({ dashboardQueues: [pipeline.planQueue, pipeline.chunkQueue] });
    const anonymous = await app.inject({ url: '/admin/queues' });
    assert.equal(anonymous.statusCode, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /^Basic /);
    assert.equal(anonymous.json().error.code, 'UNAUTHORIZED');
    assert.equal((await app.inject({ url: '/%61dmin/queues' })).statusCode, 401);
    const tenant = await app.inject({ url: '/admin/queues', headers: acme });
    assert.equal(tenant.statusCode, 403);
    assert.equal(tenant.json().error.code, 'ADMIN_ONLY');
    const page = await app.inject({ url: '/admin/queues', headers: admin });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    const basic = `Basic ${Buffer.from(`ops:${ADMIN_KEY}`).toString('base64')}`;
    const queues = await app.inject({
      url: '/admin/queues/api/queues',
      headers: { authorization: basic },
    });
    assert.equal(queues.statusCode, 200, queues.body);
    const names = queues.json().queues.map((queue: { name: string }) => queue.name);
    assert.deepEqual(names.sort(), ['chunk', 'plan']);
    const api = await app.inject({ url: '/admin/queues/api/queues', headers: acme });
    assert.equal(api.statusCode, 403);
    const spec = (await app.inject({ url: '/docs/json' })).json();
    assert.ok(!Object.keys(spec.paths).some((path) => path.startsWith('/admin')));
  });
});
