// What POST /v1/jobs refuses before it answers 202, the messages it refuses with, and
// POST /v1/jobs/check, which runs the same checks and records nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ModelRegistry, builtinEntries } from '@remaster/inference';
import {
  IdempotencyKeys,
  JobStore,
  Lifecycle,
  Pipeline,
  chooseModel,
  connectRedis,
  redisOptions,
} from '@remaster/jobs';
import type { SourceInfo } from '@remaster/media';
import { MediaError } from '@remaster/media';
import { inputObjectChecker } from '@remaster/planning';
import { startRedis, startS3 } from '@remaster/testing';
import type { Redis } from 'ioredis';
import { WebhookLog, WebhookSecrets } from '@remaster/webhooks';
import { buildApp } from './build-app.js';
import { JobService } from './job-service.js';
import { QuoteService } from './quote-service.js';
import { UploadService } from './upload-service.js';

const acme = { authorization: 'Bearer key-acme' };
const source: SourceInfo = {
  ...{ width: 64, height: 48, fps: { num: 25, den: 1 }, frames: 50, durationSeconds: 2 },
  ...{ startTime: 0, videoCodec: 'h264', pixelFormat: 'yuv420p', bitDepth: 8, hasAudio: false },
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
};

describe('submit checks', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let pipeline: Pipeline;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const prefix = `{test-checks-${process.pid}}`;

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
    });
    await s3.store.putBytes('in/clip.mp4', Buffer.from('not really a video'));
    await s3.store.putBytes('in/empty.mp4', Buffer.alloc(0));
    await s3.store.putBytes('in/big.mp4', Buffer.alloc(2048));
    const models = new ModelRegistry(builtinEntries());
    const jobs = new JobService({
      store: new JobStore(redis, prefix),
      lifecycle: new Lifecycle({ redis, prefix, pipeline }),
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls: true },
      outputUrlTtlSeconds: 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
      models,
      maxOutputFps: 240,
      inputObject: inputObjectChecker(s3.store, { maxBytes: 1024 }),
    });
    const quotes = new QuoteService({
      jobs,
      signer: s3.store,
      bucket: 'media',
      // ffprobe's own wording of a file that is not media, with the URL it was given.
      probe: (url) =>
        url.includes('/in/clip.mp4?')
          ? Promise.reject(
              new MediaError(
                'INPUT_UNREADABLE',
                `input could not be read as media: ${url.split('?')[0]}?…: Invalid data found`,
              ),
            )
          : Promise.resolve(source),
      // http(s) quotes go to the planner: planner-quotes.test.ts.
      planner: { ask: () => Promise.reject(new Error('these tests quote s3:// inputs only')) },
      workers: { list: () => Promise.resolve([]) },
      models,
      probeTimeoutMs: 5000,
      defaultChunkFrames: 48,
      maxChunks: 100,
    });
    app = await buildApp({
      jobs,
      quotes,
      uploads: new UploadService({ objects: s3.store, maxBytes: 1024 * 1024 }),
      apiKeys: new Map([['key-acme', 'acme']]),
      models,
      webhookSecrets: new WebhookSecrets(redis, prefix),
      webhookLog: new WebhookLog(redis, prefix),
      readiness: [],
    });
  });

  after(async () => {
    await app.close();
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  const post = (url: string, body: unknown) =>
    app.inject({ method: 'POST', url, headers: acme, payload: body as object });
  const error = async (url: string, body: unknown) => {
    const response = await post(url, body);
    const { code, message } = response.json<{ error: { code: string; message: string } }>().error;
    return { status: response.statusCode, code, message };
  };
  const valid = { input: { url: 's3://media/in/clip.mp4' }, upscale: { factor: 2 } };
  const plans = async () => (await pipeline.planQueue.getJobCounts('waiting')).waiting;

  test('a field that takes a few values names them when given another', async () => {
    const cases: Array<[object, string]> = [
      [
        { upscale: { factor: 3 } },
        'body.upscale.factor: use 2 or 4, or upscale.height for an exact output height',
      ],
      [{ output: { codec: 'vp9' } }, 'body.output.codec: use h264, hevc or av1'],
      [{ output: { container: 'avi' } }, 'body.output.container: use mp4, mkv or webm'],
      [{ output: { bitDepth: 12 } }, 'body.output.bitDepth: use 8 or 10'],
      [
        { webhook: { url: 'https://example.com/h', events: ['job.started'] } },
        'body.webhook.events.0: use job.completed, job.failed, job.canceled or job.progress',
      ],
      [
        { denoise: true },
        'body: unknown field "denoise": remove it (the fields are listed at /docs)',
      ],
    ];
    for (const [change, message] of cases)
      assert.deepEqual(await error('/v1/jobs', { ...valid, ...change }), {
        ...{ status: 400, code: 'INVALID_REQUEST', message },
      });
  });

  test('a body of a type a route does not read is 415 UNSUPPORTED_MEDIA_TYPE, saying how to send it', async () => {
    const boundary = 'X-BOUNDARY';
    const multipart = await app.inject({
      method: 'POST',
      url: '/v1/uploads?filename=clip.mp4',
      headers: { ...acme, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n\r\nbytes\r\n--${boundary}--\r\n`,
    });
    assert.equal(multipart.statusCode, 415, multipart.body);
    const upload = multipart.json().error;
    assert.equal(upload.code, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(upload.message, /^Content-Type multipart\/form-data is not read here: /);
    assert.ok(
      upload.message.includes(
        "curl --data-binary @clip.mp4 -H 'Content-Type: application/octet-stream' 'http://localhost:80/v1/uploads?filename=clip.mp4'",
      ),
      upload.message,
    );
    for (const type of ['application/x-www-form-urlencoded', 'text/plain']) {
      const form = await app.inject({
        method: 'POST',
        url: '/v1/jobs',
        headers: { ...acme, 'content-type': type },
        payload: type === 'text/plain' ? JSON.stringify(valid) : 'upscale=2',
      });
      assert.equal(form.statusCode, 415, form.body);
      assert.deepEqual(form.json().error, {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Content-Type ${type} is not read here: send the body as JSON with Content-Type: application/json`,
      });
    }
  });

  test('interpolate.factor outside 1/16–16 is refused at submit with the range', async () => {
    const before = await plans();
    const refused = await error('/v1/jobs', { ...valid, interpolate: { factor: 100 } });
    assert.equal(refused.status, 400);
    assert.equal(refused.code, 'INTERPOLATE_FACTOR_OUT_OF_RANGE');
    assert.match(refused.message, /^interpolate\.factor 100 is outside 1\/16–16: /);
    assert.match(refused.message, /interpolate\.fps \(1–240, OUTPUT_MAX_FPS\)$/);
    assert.equal(
      (await error('/v1/jobs', { ...valid, interpolate: { factor: '1/20' } })).status,
      400,
    );
    assert.equal(await plans(), before, 'nothing enqueued');
    for (const factor of [16, '1/16', 2.5])
      assert.equal((await post('/v1/jobs', { ...valid, interpolate: { factor } })).statusCode, 202);
  });

  test('an s3:// input that does not exist is 404 INPUT_NOT_FOUND, naming it, before anything is recorded', async () => {
    const before = await plans();
    const missing = await error('/v1/jobs', { ...valid, input: { url: 's3://media/in/none.mp4' } });
    assert.deepEqual(missing, {
      status: 404,
      code: 'INPUT_NOT_FOUND',
      message:
        'input s3://media/in/none.mp4 does not exist: upload the file with POST /v1/uploads and use the url it answers',
    });
    const empty = await error('/v1/jobs', { ...valid, input: { url: 's3://media/in/empty.mp4' } });
    assert.deepEqual([empty.status, empty.code], [422, 'INPUT_EMPTY']);
    assert.match(empty.message, /s3:\/\/media\/in\/empty\.mp4/);
    const big = await error('/v1/jobs', { ...valid, input: { url: 's3://media/in/big.mp4' } });
    assert.deepEqual([big.status, big.code], [422, 'INPUT_TOO_LARGE']);
    assert.equal(await plans(), before, 'nothing enqueued');
    const list = await app.inject({ url: '/v1/jobs', headers: acme });
    assert.ok(!JSON.stringify(list.json()).includes('none.mp4'), 'nothing recorded');
  });

  test('an AV1 output under 64 pixels high is refused at submit', async () => {
    const refused = await error('/v1/jobs', {
      ...valid,
      upscale: { height: 32 },
      output: { codec: 'av1', container: 'mkv' },
    });
    assert.equal(refused.status, 400);
    assert.match(
      refused.message,
      /upscale\.height 32 is below the 64 pixels the AV1 encoder needs/,
    );
  });

  test('POST /v1/jobs/check answers the models a body would get, without an input, recording nothing', async () => {
    const before = await plans();
    const settings = { upscale: { factor: 4 }, interpolate: { fps: 60 } };
    const checked = await post('/v1/jobs/check', settings);
    assert.equal(checked.statusCode, 200, checked.body);
    // The built-in interpolator, whichever it is (builtinModel of @remaster/jobs).
    const interpolate = chooseModel(undefined, { kind: 'vfi' });
    assert.equal(interpolate.chosenBy, 'builtin');
    assert.deepEqual(checked.json(), {
      ok: true,
      models: { upscale: { id: 'bicubic-x4', chosenBy: 'builtin' }, interpolate },
    });
    const named = await post('/v1/jobs/check', {
      ...valid,
      interpolate: { fps: 60, model: 'blend' },
    });
    assert.deepEqual(named.json(), {
      ok: true,
      models: {
        upscale: { id: 'bicubic-x2', chosenBy: 'builtin' },
        interpolate: { id: 'blend', chosenBy: 'request' },
      },
    });
    const byHeight = await post('/v1/jobs/check', { upscale: { height: 1080 } });
    assert.deepEqual(byHeight.json(), { ok: true, models: {} });
    assert.equal(await plans(), before, 'nothing enqueued');
  });

  test('POST /v1/jobs/check answers exactly the error a submit gives', async () => {
    const bodies = [
      { ...valid, upscale: { factor: 3 } },
      { ...valid, interpolate: { factor: 100 } },
      { ...valid, interpolate: { fps: 1000 } },
      { ...valid, input: { url: 's3://media/in/none.mp4' } },
      { ...valid, input: { url: 's3://other/a.mp4' } },
      { ...valid, upscale: { factor: 2, model: 'nope' } },
      { ...valid, webhook: { url: 'ftp://example.com/hook' } },
      { input: valid.input },
    ];
    for (const body of bodies) {
      const [check, submit] = [await post('/v1/jobs/check', body), await post('/v1/jobs', body)];
      assert.ok(check.statusCode >= 400, check.body);
      assert.deepEqual([check.statusCode, check.json()], [submit.statusCode, submit.json()]);
    }
  });

  test("a quote's probe failure names the s3:// input, never the presigned URL", async () => {
    const failed = await error('/v1/quotes', valid);
    assert.equal(failed.code, 'INPUT_UNREADABLE');
    assert.equal(
      failed.message,
      'input could not be read as media: s3://media/in/clip.mp4: Invalid data found',
    );
    const missing = await error('/v1/quotes', { ...valid, input: { url: 's3://media/in/no.mp4' } });
    assert.deepEqual([missing.status, missing.code], [404, 'INPUT_NOT_FOUND']);
    assert.match(missing.message, /^input s3:\/\/media\/in\/no\.mp4 does not exist/);
  });
});
