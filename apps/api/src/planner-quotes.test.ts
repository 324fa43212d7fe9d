// POST /v1/quotes of http(s) inputs, answered over the quote queue (real Redis and BullMQ):
// no planner, a planner that does not answer in time, the SSRF check at the API, and how
// each reply of a planner becomes an HTTP answer. The planner's own handler (ffprobe through
// the guard) is tested in apps/planner (quote-input.test.ts) and through the running
// processes in apps/e2e (quote.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ModelRegistry, builtinEntries } from '@remaster/inference';
import type { PayloadOf } from '@remaster/jobs';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  Pipeline,
  QueueConsumers,
  catalog,
  connectRedis,
  consume,
  jobRequestSchema,
  redisOptions,
} from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { quoteJob } from '@remaster/planning';
import { startRedis, startS3 } from '@remaster/testing';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import type { Worker } from 'bullmq';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { PlannerQuotes } from './planner-quotes.js';
import { QuoteService } from './quote-service.js';
import { UploadService } from './upload-service.js';

const acme = { authorization: 'Bearer key-acme' };
const source: SourceInfo = {
  ...{ width: 64, height: 48, fps: { num: 25, den: 1 }, frames: 50, durationSeconds: 2 },
  ...{ startTime: 0, videoCodec: 'h264', pixelFormat: 'yuv420p', bitDepth: 8, hasAudio: false },
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
};
const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const PROBE_MS = 300;
const MARGIN_MS = 300;

describe('quotes of http(s) inputs over the quote queue', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let pipeline: Pipeline;
  let events: QueueEvents;
  let consumers: QueueConsumers;
  let planner: Worker | undefined;
  const apps: Array<Awaited<ReturnType<typeof buildApp>>> = [];
  const prefix = `{test-planner-quotes-${process.pid}}`;
  const models = new ModelRegistry(builtinEntries());

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
    });
    events = new QueueEvents(catalog.quote.name, {
      connection: redisOptions(redisServer.url),
      prefix,
    });
    consumers = new QueueConsumers(redis, prefix);
  });
  after(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await planner?.close();
    await events.close();
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  async function app(allowPrivateUrls: boolean) {
    const jobs = new JobService({
      store: new JobStore(redis, prefix),
      lifecycle: new Lifecycle({ redis, prefix, pipeline }),
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls },
      outputUrlTtlSeconds: 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
      models,
      maxOutputFps: 240,
    });
    const quotes = new QuoteService({
      jobs,
      signer: s3.store,
      bucket: 'media',
      probe: () => Promise.reject(new Error('s3:// inputs are not quoted in these tests')),
      planner: new PlannerQuotes({
        pipeline,
        events,
        consumers,
        probeTimeoutMs: PROBE_MS,
        marginMs: MARGIN_MS,
      }),
      workers: { list: () => Promise.resolve([]) },
      models,
      probeTimeoutMs: PROBE_MS,
      defaultChunkFrames: 48,
      maxChunks: 100,
    });
    const built = await buildApp({
      jobs,
      quotes,
      uploads: new UploadService({ objects: s3.store, maxBytes: 1024 }),
      apiKeys: new Map([['key-acme', 'acme']]),
      models,
      webhookSecrets: new WebhookSecrets(redis, prefix),
      webhookLog: new WebhookLog(redis, prefix),
      readiness: [],
    });
    apps.push(built);
    return async (url: string) => {
      const response = await built.inject({
        method: 'POST',
        url: '/v1/quotes',
        headers: acme,
        payload: { input: { url }, upscale: { factor: 2 } },
      });
      const json = response.json<{ error?: { code: string; message: string }; frames?: number }>();
      return {
        status: response.statusCode,
        code: json.error?.code,
        message: json.error?.message,
        json,
      };
    };
  }
  const queued = async () => {
    const counts = await pipeline.quoteQueue.getJobCounts('waiting', 'active', 'completed');
    return counts.waiting! + counts.active! + counts.completed!;
  };

  test('no planner running: 503 QUOTE_UNAVAILABLE at once, nothing enqueued', async () => {
    const quote = await app(true);
    const started = Date.now();
    const answer = await quote('http://127.0.0.1:9/clip.mp4');
    assert.deepEqual([answer.status, answer.code], [503, 'QUOTE_UNAVAILABLE']);
    assert.match(answer.message ?? '', /start one \(ROLES=planner\)/);
    assert.ok(Date.now() - started < PROBE_MS, 'answered without waiting');
    assert.equal(await queued(), 0);
  });

  test('a planner listed but not answering: 504 QUOTE_TIMEOUT after the probe timeout and the margin', async () => {
    const quote = await app(true);
    await consumers.beat(catalog.quote.name, 'planner-1', 60_000);
    const started = Date.now();
    const answer = await quote('http://127.0.0.1:9/clip.mp4');
    const waited = Date.now() - started;
    assert.deepEqual([answer.status, answer.code], [504, 'QUOTE_TIMEOUT']);
    assert.match(answer.message ?? '', /no planner answered within 600 ms/);
    assert.ok(waited >= PROBE_MS + MARGIN_MS && waited < 5000, `waited ${waited} ms`);
    assert.equal(await queued(), 0, 'the quote nobody took was dropped');
  });

  test('without ALLOW_PRIVATE_URLS a loopback input is refused by the API: 400, nothing enqueued', async () => {
    const quote = await app(false);
    const answer = await quote('http://127.0.0.1:9/clip.mp4');
    assert.deepEqual([answer.status, answer.code], [400, 'INPUT_URL_PRIVATE']);
    assert.equal(await queued(), 0);
  });

  test('each planner reply becomes the answer a submit of the input would get', async () => {
    const seen: Array<PayloadOf<typeof catalog.quote>> = [];
    const priced = quoteJob({
      request: jobRequestSchema.parse({
        input: { url: 's3://media/x.mp4' },
        upscale: { factor: 2 },
      }),
      source,
      defaultChunkFrames: 48,
      maxChunks: 100,
      workers: [],
    });
    // Stands in for the planner's handler, answering what it answers for each kind of input.
    const replies: Record<string, () => unknown> = {
      '/ok.mp4': () => ({ quote: { ...priced } }),
      '/private.mp4': () => ({ failure: { code: 'INPUT_URL_PRIVATE', message: 'not fetched' } }),
      '/missing.mp4': () => ({ failure: { code: 'INPUT_NOT_FOUND', message: 'answered 404' } }),
      '/text.mp4': () => ({ failure: { code: 'INPUT_UNREADABLE', message: 'not media' } }),
      '/slow.mp4': () => ({ failure: { code: 'QUOTE_PROBE_TIMEOUT', message: 'over 300 ms' } }),
      '/broken.mp4': () => {
        throw new Error('a planner bug');
      },
    };
    await consumers.beat(catalog.quote.name, 'planner-1', 60_000);
    planner = consume(
      catalog.quote,
      {
        concurrency: 2,
        handle: async (payload) => {
          seen.push(payload);
          return replies[new URL(payload.request.input.url).pathname]!();
        },
      },
      { connection: redisOptions(redisServer.url), prefix, logger: silent },
    );
    const quote = await app(true);
    const base = 'http://127.0.0.1:9';
    const ok = await quote(`${base}/ok.mp4`);
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    assert.deepEqual(ok.json, JSON.parse(JSON.stringify(priced)));
    const answers = [];
    for (const path of ['/private.mp4', '/missing.mp4', '/text.mp4', '/slow.mp4', '/broken.mp4']) {
      const answer = await quote(`${base}${path}`);
      answers.push([answer.status, answer.code]);
    }
    assert.deepEqual(answers, [
      [400, 'INPUT_URL_PRIVATE'],
      [404, 'INPUT_NOT_FOUND'],
      [422, 'INPUT_UNREADABLE'],
      [504, 'QUOTE_PROBE_TIMEOUT'],
      [502, 'QUOTE_FAILED'],
    ]);
    const first = seen[0]!;
    assert.equal(first.probeTimeoutMs, PROBE_MS, 'the planner kills ffprobe at the API limit');
    assert.ok(first.deadline > Date.now() - 60_000 && first.deadline <= Date.now() + 600);
    assert.equal(new Set(seen.map((payload) => payload.quoteId)).size, seen.length);
  });
});
