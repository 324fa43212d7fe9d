import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  Pipeline,
  connectRedis,
  redisOptions,
} from '@remaster/jobs';
import type { JobStatus } from '@remaster/jobs';
import type { JobResponse } from '@remaster/job-view';
import { ModelRegistry, builtinEntries } from '@remaster/inference';
import { startRedis, startS3 } from '@remaster/testing';
import { jobPrefix } from '@remaster/storage';
import type { Redis } from 'ioredis';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { UploadService } from './upload-service.js';

const KEYS = new Map([
  ['key-acme', 'acme'],
  ['key-globex', 'globex'],
]);
const acme = { authorization: 'Bearer key-acme' };
// The DNS the submit-time SSRF check sees; any other name does not resolve.
const DNS: Record<string, string> = {
  'example.com': '93.184.216.34',
  'intranet.example': '10.0.0.7',
  'metadata.example': 'fd00:ec2::254',
  'rebind.example': '127.0.0.1',
};
const fakeDns = (hostname: string) => {
  const address = DNS[hostname];
  if (!address)
    return Promise.reject(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
  return Promise.resolve([{ address, family: address.includes(':') ? 6 : 4 }]);
};
const globex = { authorization: 'Bearer key-globex' };

describe('api', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let store: JobStore;
  let pipeline: Pipeline;
  let lifecycle: Lifecycle;
  let app: Awaited<ReturnType<typeof buildApp>>;

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    const prefix = `{test-api-${process.pid}}`;
    store = new JobStore(redis, prefix);
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 2,
    });
    lifecycle = new Lifecycle({
      redis,
      prefix,
      pipeline,
      deleteJobObjects: (jobId) => s3.store.deletePrefix(jobPrefix(jobId)),
    });
    const jobs = new JobService({
      store,
      lifecycle,
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls: false, resolve: fakeDns },
      outputUrlTtlSeconds: 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
    });
    const uploads = new UploadService({ objects: s3.store, maxBytes: 1024 * 1024 });
    app = await buildApp({
      uploads,
      jobs,
      apiKeys: KEYS,
      models: new ModelRegistry(builtinEntries()),
      webhookSecrets: new WebhookSecrets(redis, prefix),
      webhookLog: new WebhookLog(redis, prefix),
      readiness: [
        { name: 'redis', check: () => redis.ping() },
        { name: 's3', check: () => s3.store.ping() },
      ],
      // The real collector is tested in metrics-collector.test.ts; here only the route's document.
      metrics: { contentType: 'text/plain; version=0.0.4', render: () => Promise.resolve('') },
    });
  });

  after(async () => {
    await app.close();
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  const submit = (body: unknown, headers: Record<string, string> = acme) =>
    app.inject({ method: 'POST', url: '/v1/jobs', headers, payload: body as object });
  const valid = {
    input: { url: 's3://media/in/clip.mp4' },
    upscale: { factor: 2 },
    interpolate: { fps: 60 },
  };

  test('refuses requests without a valid key', async () => {
    const missing = await submit(valid, {});
    assert.equal(missing.statusCode, 401);
    assert.equal(missing.json().error.code, 'UNAUTHORIZED');
    const wrong = await submit(valid, { authorization: 'Bearer nope' });
    assert.equal(wrong.statusCode, 401);
  });

  test('accepts a job with 202, records it queued and enqueues its plan', async () => {
    const response = await submit(valid);
    assert.equal(response.statusCode, 202);
    const job = response.json();
    assert.match(job.id, /^job_/);
    assert.equal(job.status, 'queued');
    assert.deepEqual(job.progress, { percent: 0, framesDone: 0, chunksDone: 0 });
    const planned = await pipeline.planQueue.getJob(`${job.id}-plan`);
    assert.deepEqual(planned?.data, { jobId: job.id });
    const fetched = await app.inject({ url: `/v1/jobs/${job.id}`, headers: acme });
    assert.equal(fetched.statusCode, 200);
    assert.equal(fetched.json().input.url, valid.input.url);
  });

  const badRequests: Array<[string, unknown, string]> = [
    ['unknown option', { ...valid, denoise: true }, 'INVALID_REQUEST'],
    [
      'fps and factor together',
      { ...valid, interpolate: { fps: 60, factor: 2 } },
      'INVALID_REQUEST',
    ],
    ['a rate that is not a rate', { ...valid, interpolate: { fps: 'fast' } }, 'INVALID_REQUEST'],
    ['an unsupported scale', { ...valid, upscale: { factor: 3 } }, 'INVALID_REQUEST'],
    ['no input', { upscale: { factor: 2 } }, 'INVALID_REQUEST'],
    ['nothing to do', { input: valid.input }, 'NOTHING_TO_DO'],
    ['webm with h264', { ...valid, output: { container: 'webm' } }, 'INVALID_REQUEST'],
    ['crf 60 for h264', { ...valid, output: { crf: 60 } }, 'INVALID_REQUEST'],
    ['a bit depth of 12', { ...valid, output: { bitDepth: 12 } }, 'INVALID_REQUEST'],
    ['a bit depth as text', { ...valid, output: { bitDepth: '10' } }, 'INVALID_REQUEST'],
    [
      'upscale factor and height together',
      { ...valid, upscale: { factor: 2, height: 2160 } },
      'INVALID_REQUEST',
    ],
    ['an odd height', { ...valid, upscale: { height: 2161 } }, 'INVALID_REQUEST'],
    ['an ftp URL', { ...valid, input: { url: 'ftp://example.com/a.mp4' } }, 'INPUT_URL_SCHEME'],
    ['not a URL', { ...valid, input: { url: 'clip.mp4' } }, 'INPUT_URL_INVALID'],
    ['another bucket', { ...valid, input: { url: 's3://other/a.mp4' } }, 'INPUT_URL_BUCKET'],
    [
      'a loopback URL',
      { ...valid, input: { url: 'http://127.0.0.1:9/a.mp4' } },
      'INPUT_URL_PRIVATE',
    ],
    ['a private URL', { ...valid, input: { url: 'http://[::1]/a.mp4' } }, 'INPUT_URL_PRIVATE'],
    ...(
      [
        'http://169.254.169.254/latest/meta-data/',
        'http://[::ffff:169.254.169.254]/',
        'http://0x7f.1/a.mp4',
        'http://localhost:8080/a.mp4',
        'https://intranet.example/a.mp4',
        'https://metadata.example/a.mp4',
        'https://rebind.example/a.mp4',
      ] as const
    ).map((url): [string, unknown, string] => [
      `the blocked address ${url}`,
      { ...valid, input: { url } },
      'INPUT_URL_PRIVATE',
    ]),
    [
      'a name that does not resolve',
      { ...valid, input: { url: 'https://nowhere.example/a.mp4' } },
      'INPUT_URL_UNRESOLVABLE',
    ],
    ['an unknown model', { ...valid, upscale: { factor: 2, model: 'nope' } }, 'MODEL_NOT_FOUND'],
    [
      'a model of the wrong scale',
      { ...valid, upscale: { factor: 2, model: 'bicubic-x4' } },
      'MODEL_NOT_FOUND',
    ],
  ];
  for (const [name, body, code] of badRequests) {
    test(`rejects ${name} with 400 ${code}`, async () => {
      const response = await submit(body);
      assert.equal(response.statusCode, 400, response.body);
      const { error } = response.json();
      assert.equal(error.code, code);
      assert.ok(error.message.length > 10, error.message);
    });
  }

  test('accepts output.bitDepth 8 or 10 and says which values a wrong one may take', async () => {
    for (const bitDepth of [8, 10])
      assert.equal((await submit({ ...valid, output: { bitDepth } })).statusCode, 202);
    const response = await submit({ ...valid, output: { bitDepth: 12 } });
    assert.match(response.json().error.message, /^body\.output\.bitDepth: use 8 or 10$/);
  });

  test("a tenant cannot see another tenant's job", async () => {
    const job = (await submit(valid)).json();
    const response = await app.inject({ url: `/v1/jobs/${job.id}`, headers: globex });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'NOT_FOUND');
    const list = (await app.inject({ url: '/v1/jobs', headers: globex })).json();
    assert.ok(!list.items.some((item: { id: string }) => item.id === job.id));
  });

  test('lists newest first with cursor pagination and a status filter', async () => {
    const headers = { authorization: 'Bearer key-globex' };
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await submit(valid, headers)).json().id);
    const first = (await app.inject({ url: '/v1/jobs?limit=2', headers })).json();
    assert.deepEqual(
      first.items.map((j: { id: string }) => j.id),
      [ids[4], ids[3]],
    );
    const second = (
      await app.inject({ url: `/v1/jobs?limit=2&cursor=${first.nextCursor}`, headers })
    ).json();
    assert.deepEqual(
      second.items.map((j: { id: string }) => j.id),
      [ids[2], ids[1]],
    );
    await lifecycle.fail(ids[0]!, { code: 'INPUT_EMPTY', message: 'empty' });
    const failed = (await app.inject({ url: '/v1/jobs?status=failed', headers })).json();
    assert.deepEqual(
      failed.items.map((j: { id: string; status: JobStatus }) => [j.id, j.status]),
      [[ids[0], 'failed']],
    );
    assert.deepEqual(failed.items[0].error, { code: 'INPUT_EMPTY', message: 'empty' });
    const bad = await app.inject({ url: '/v1/jobs?limit=1000', headers });
    assert.equal(bad.statusCode, 400);
  });

  test('a completed job carries a presigned output URL that downloads with no auth', async () => {
    const job = (await submit(valid)).json();
    await s3.store.putBytes(`jobs/${job.id}/output.mp4`, Buffer.from('video bytes'));
    await lifecycle.complete(job.id, {
      key: `jobs/${job.id}/output.mp4`,
      container: 'mp4',
      width: 128,
      height: 96,
      fps: '50',
      frames: 100,
      durationSeconds: 2,
      sizeBytes: 11,
    });
    const body = (await app.inject({ url: `/v1/jobs/${job.id}`, headers: acme })).json();
    assert.equal(body.status, 'completed');
    assert.equal(body.progress.percent, 100);
    assert.equal(body.output.width, 128);
    assert.ok(!('key' in body.output));
    const download = await fetch(body.output.url);
    assert.equal(download.status, 200);
    assert.equal(await download.text(), 'video bytes');
  });

  test("a completed job's comparison: presigned stills; the source only when it is the tenant's upload", async () => {
    const upload = await app.inject({
      method: 'POST',
      url: '/v1/uploads?filename=clip.mp4',
      headers: { ...acme, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('source bytes'),
    });
    const own = (await submit({ ...valid, input: { url: upload.json().url } })).json();
    const operators = (await submit(valid)).json();
    for (const job of [own, operators]) {
      const stills = `jobs/${job.id}/stills/`;
      await s3.store.putBytes(`${stills}000030-source.jpg`, Buffer.from('source still'));
      await s3.store.putBytes(`${stills}000030-output.jpg`, Buffer.from('output still'));
      await lifecycle.complete(job.id, {
        ...{ key: `jobs/${job.id}/output.mp4`, container: 'mp4', width: 128, height: 96 },
        ...{ fps: '60', frames: 120, durationSeconds: 2, sizeBytes: 11 },
        stills: [
          {
            ...{ outputFrame: 30, sourceFrame: 13, seconds: 0.5, kind: 'interpolated' },
            interpolatedFrom: { a: 12, b: 13, t: 0.5 },
            sourceKey: `${stills}000030-source.jpg`,
            outputKey: `${stills}000030-output.jpg`,
          },
        ],
      });
    }
    const get = async (id: string) =>
      (await app.inject({ url: `/v1/jobs/${id}`, headers: acme })).json<JobResponse>();
    const body = await get(own.id);
    assert.ok(!('stills' in body.output!), 'keys stay private');
    const still = body.comparison!.stills[0]!;
    assert.deepEqual(
      [still.outputFrame, still.sourceFrame, still.kind, still.interpolatedFrom],
      [30, 13, 'interpolated', { a: 12, b: 13, t: 0.5 }],
    );
    assert.equal(await (await fetch(still.outputUrl)).text(), 'output still');
    assert.equal(await (await fetch(still.sourceUrl)).text(), 'source still');
    assert.equal(await (await fetch(body.comparison!.sourceUrl!)).text(), 'source bytes');
    const other = await get(operators.id);
    assert.equal(other.comparison?.stills.length, 1);
    assert.equal(other.comparison?.sourceUrl, undefined, 'an operator object is not handed out');
  });

  test('health, readiness and the OpenAPI document', async () => {
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ok', checks: { redis: 'ok', s3: 'ok' } });
    const spec = (await app.inject({ url: '/docs/json' })).json();
    assert.ok(spec.paths['/v1/jobs'].post.requestBody);
    assert.ok(spec.paths['/v1/jobs/{id}'].get);
    // Bodies that are not JSON are documented with their own media types.
    const mediaTypes = (path: string) =>
      Object.keys(spec.paths[path].get.responses['200'].content as object);
    assert.deepEqual(mediaTypes('/v1/jobs/{id}/events'), ['text/event-stream']);
    assert.deepEqual(mediaTypes('/metrics'), ['text/plain; version=0.0.4']);
    assert.deepEqual(mediaTypes('/v1/jobs/{id}'), ['application/json']);
    assert.equal((await app.inject({ url: '/docs' })).statusCode < 400, true);
  });

  test('an upload streams into the bucket and its url is a valid job input', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const response = await app.inject({
      method: 'POST',
      url: '/v1/uploads?filename=../My Clip.mp4',
      headers: { ...acme, 'content-type': 'application/octet-stream' },
      payload: bytes,
    });
    assert.equal(response.statusCode, 201, response.body);
    const { url, sizeBytes } = response.json();
    assert.equal(sizeBytes, bytes.length);
    assert.match(url, /^s3:\/\/media\/uploads\/acme\/[0-9a-f]{24}\/My_Clip\.mp4$/);
    const key = url.slice('s3://media/'.length);
    const download = await fetch(await s3.store.presignGet(key, 60));
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), bytes);
    assert.equal((await submit({ ...valid, input: { url } })).statusCode, 202);
  });

  test('uploads over the limit answer 413, empty ones 400, other content types 415', async () => {
    const headers = { ...acme, 'content-type': 'application/octet-stream' };
    const big = await app.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers,
      payload: Buffer.alloc(1024 * 1024 + 1),
    });
    assert.equal(big.statusCode, 413, big.body);
    assert.equal(big.json().error.code, 'UPLOAD_TOO_LARGE');
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers,
      payload: Buffer.alloc(0),
    });
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(empty.json().error.code, 'UPLOAD_EMPTY');
    const text = await app.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: { ...acme, 'content-type': 'text/plain' },
      payload: 'x',
    });
    assert.equal(text.statusCode, 415);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/v1/uploads',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'x',
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test('the same Idempotency-Key and body return the original job; another body is refused', async () => {
    const send = (body: unknown, key: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...acme, 'idempotency-key': key },
        payload: body as object,
      });
    const key = `key-${Date.now()}`;
    const first = await send(valid, key);
    assert.equal(first.statusCode, 202);
    // Same body with keys in another order.
    const again = await send(
      { interpolate: valid.interpolate, upscale: valid.upscale, input: valid.input },
      key,
    );
    assert.equal(again.statusCode, 202);
    assert.equal(again.json().id, first.json().id);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    const other = await send({ ...valid, upscale: { factor: 4 } }, key);
    assert.equal(other.statusCode, 422);
    assert.equal(other.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
    // Keys belong to a tenant: globex may use the same key for its own job.
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: { ...globex, 'idempotency-key': key },
      payload: valid,
    });
    assert.notEqual(elsewhere.json().id, first.json().id);
    const plans = await pipeline.planQueue.getJobs(['waiting', 'delayed', 'active', 'completed']);
    assert.equal(plans.filter((j) => j.data.jobId === first.json().id).length, 1, 'enqueued once');
  });

  test('cancel stops a queued job; a finished or foreign job cannot be canceled', async () => {
    const job = (await submit(valid)).json();
    const canceled = await app.inject({
      method: 'POST',
      url: `/v1/jobs/${job.id}/cancel`,
      headers: acme,
    });
    assert.equal(canceled.statusCode, 200);
    assert.equal(canceled.json().status, 'canceled');
    const twice = await app.inject({
      method: 'POST',
      url: `/v1/jobs/${job.id}/cancel`,
      headers: acme,
    });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().error.code, 'JOB_FINISHED');
    const other = (await submit(valid)).json();
    const foreign = await app.inject({
      method: 'POST',
      url: `/v1/jobs/${other.id}/cancel`,
      headers: globex,
    });
    assert.equal(foreign.statusCode, 404);
    assert.equal((await store.get(other.id))?.status, 'queued');
  });

  test('bodyless POSTs sent as application/json with no body are accepted; bad JSON is a 400', async () => {
    const json = { ...acme, 'content-type': 'application/json' };
    const job = (await submit(valid)).json();
    const canceled = await app.inject({
      method: 'POST',
      url: `/v1/jobs/${job.id}/cancel`,
      headers: json,
      payload: '',
    });
    assert.equal(canceled.statusCode, 200, canceled.body);
    assert.equal(canceled.json().status, 'canceled');
    const rotated = await app.inject({
      method: 'POST',
      url: '/v1/webhook-secret/rotate',
      headers: json,
      payload: '  \n',
    });
    assert.equal(rotated.statusCode, 200, rotated.body);
    // A route that needs a body still says so.
    const noJob = await app.inject({ method: 'POST', url: '/v1/jobs', headers: json, payload: '' });
    assert.equal(noJob.statusCode, 400, noJob.body);
    assert.equal(noJob.json().error.code, 'INVALID_REQUEST');
    const malformed = await app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: json,
      payload: '{"input": ',
    });
    assert.equal(malformed.statusCode, 400, malformed.body);
    assert.equal(malformed.json().error.code, 'INVALID_REQUEST');
    assert.match(malformed.json().error.message, /not valid JSON/);
    const poisoned = await app.inject({
      method: 'POST',
      url: '/v1/jobs',
      headers: json,
      payload: '{"__proto__": {"x": 1}, "input": {"url": "s3://media/in/clip.mp4"}}',
    });
    assert.equal(poisoned.statusCode, 400, poisoned.body);
  });

  test('over real HTTP, a POST with a JSON content type and no body at all (curl -X POST) is accepted', async () => {
    const job = (await submit(valid)).json();
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    // What `curl -X POST -H 'content-type: application/json'` sends: no Content-Length, no body.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const outgoing = httpRequest(`${address}/v1/jobs/${job.id}/cancel`, {
        method: 'POST',
        headers: { ...acme, 'content-type': 'application/json' },
      });
      outgoing.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).status, 'canceled');
  });

  test('each tenant has its own webhook secret; rotating keeps the old one signing', async () => {
    const get = (headers: Record<string, string>) =>
      app.inject({ method: 'GET', url: '/v1/webhook-secret', headers });
    const first = (await get(acme)).json();
    assert.match(first.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal((await get(acme)).json().secret, first.secret);
    assert.notEqual((await get(globex)).json().secret, first.secret);
    const rotated = await app.inject({
      method: 'POST',
      url: '/v1/webhook-secret/rotate',
      headers: acme,
    });
    assert.equal(rotated.statusCode, 200);
    assert.notEqual(rotated.json().secret, first.secret);
    assert.equal(rotated.json().previousSecret, first.secret);
    assert.equal((await get(acme)).json().secret, rotated.json().secret);
    assert.equal((await app.inject({ method: 'GET', url: '/v1/webhook-secret' })).statusCode, 401);
  });

  test('webhook URLs are checked at submit; delivery logs are per tenant', async () => {
    const bad = await submit({ ...valid, webhook: { url: 'http://127.0.0.1:9/hook' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'WEBHOOK_URL_PRIVATE');
    const resolvesPrivate = await submit({
      ...valid,
      webhook: { url: 'https://intranet.example/hook' },
    });
    assert.equal(resolvesPrivate.json().error.code, 'WEBHOOK_URL_PRIVATE');
    assert.match(resolvesPrivate.json().error.message, /10\.0\.0\.7, a private address/);
    const unresolvable = await submit({ ...valid, webhook: { url: 'https://nowhere.example/h' } });
    assert.equal(unresolvable.json().error.code, 'WEBHOOK_URL_UNRESOLVABLE');
    const scheme = await submit({ ...valid, webhook: { url: 'ftp://example.com/hook' } });
    assert.equal(scheme.json().error.code, 'WEBHOOK_URL_SCHEME');
    const unknownEvent = await submit({
      ...valid,
      webhook: { url: 'https://example.com/hook', events: ['job.started'] },
    });
    assert.equal(unknownEvent.statusCode, 400);
    const job = (
      await submit({
        ...valid,
        webhook: { url: 'https://example.com/hook', events: ['job.completed'] },
      })
    ).json();
    assert.deepEqual(job.webhook, { url: 'https://example.com/hook', events: ['job.completed'] });
    const own = await app.inject({
      method: 'GET',
      url: `/v1/jobs/${job.id}/webhooks`,
      headers: acme,
    });
    assert.deepEqual(own.json(), { deliveries: [] });
    const foreign = await app.inject({
      method: 'GET',
      url: `/v1/jobs/${job.id}/webhooks`,
      headers: globex,
    });
    assert.equal(foreign.statusCode, 404);
  });

  test('the event stream of an ended job sends it once and closes', async () => {
    const job = (await submit(valid)).json();
    await app.inject({ method: 'POST', url: `/v1/jobs/${job.id}/cancel`, headers: acme });
    const stream = await app.inject({
      method: 'GET',
      url: `/v1/jobs/${job.id}/events`,
      headers: acme,
    });
    assert.equal(stream.statusCode, 200);
    assert.match(String(stream.headers['content-type']), /^text\/event-stream/);
    const events = stream.body.split('\n\n').filter(Boolean);
    assert.equal(events.length, 1);
    const [kind, data] = events[0]!.split('\n');
    assert.equal(kind, 'event: job');
    assert.equal(JSON.parse(data!.slice('data: '.length)).status, 'canceled');
    const foreign = await app.inject({
      method: 'GET',
      url: `/v1/jobs/${job.id}/events`,
      headers: globex,
    });
    assert.equal(foreign.statusCode, 404);
  });

  test('unknown routes answer 404 in the error shape', async () => {
    const response = await app.inject({ url: '/v2/nothing', headers: acme });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'NOT_FOUND');
  });
});
