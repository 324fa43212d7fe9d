import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  IdempotencyKeys,
  JobStore,
  Pipeline,
  WebhookEvents,
  WebhookLog,
  WebhookSecrets,
  connectRedis,
  consume,
  redisOptions,
} from '@remaster/jobs';
import { startRedis, startS3 } from '@remaster/testing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobService } from './job-service.js';
import { deliverWebhook } from './webhook-delivery.js';
import { webhookHandler } from './webhook-worker.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answered: number;
}

/** A loopback receiver that answers each request with the next status of `script` (then 200). */
async function startReceiver(
  script: number[],
): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const answered = script.shift() ?? 200;
      received.push({ headers: request.headers, body, answered });
      if (answered === 302) response.setHeader('location', 'http://127.0.0.1:1/elsewhere');
      response.writeHead(answered).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, server };
}

/** Standard Webhooks verification, written out here independently of the signer. */
function verify(secret: string, { headers, body }: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const content = `${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`;
  const expected = createHmac('sha256', key).update(content).digest('base64');
  return String(headers['webhook-signature'])
    .split(' ')
    .some((signature) => signature === `v1,${expected}`);
}

describe('webhook delivery', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let redis: Redis;
  let store: JobStore;
  let pipeline: Pipeline;
  let secrets: WebhookSecrets;
  let log: WebhookLog;
  let jobs: JobService;
  let worker: Worker;

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'media' })]);
    redis = connectRedis(redisServer.url);
    const prefix = `{test-webhooks-${process.pid}}`;
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
      webhookAttempts: 4,
      webhookRetryBaseMs: 100,
    });
    const events = new WebhookEvents({ redis, prefix, pipeline, progressIntervalMs: 60_000 });
    store = new JobStore(redis, prefix, undefined, events);
    secrets = new WebhookSecrets(redis, prefix);
    log = new WebhookLog(redis, prefix);
    jobs = new JobService({
      store,
      pipeline,
      signer: s3.store,
      inputPolicy: { bucket: 'media', allowPrivateUrls: true },
      outputUrlTtlSeconds: 600,
      idempotencyKeys: new IdempotencyKeys(redis, prefix),
    });
    const delivery = webhookHandler({
      concurrency: 4,
      jobs,
      secrets,
      log,
      timeoutMs: 500,
      egress: { allowPrivate: true },
    });
    worker = consume(delivery.queue, delivery.options, {
      connection: redisOptions(redisServer.url),
      prefix,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
  });

  after(async () => {
    await worker.close();
    await pipeline.close();
    redis.disconnect();
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  const request = (url: string, events?: string[]) =>
    ({
      input: { url: 's3://media/in.mp4' },
      upscale: { factor: 2 },
      output: { codec: 'h264', container: 'mp4' },
      webhook: { url, ...(events && { events }) },
    }) as never;

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('two failed deliveries are retried with the same id; the third verifies', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const { job } = await jobs.submit('acme', request(receiver.url));
      assert.equal(await store.cancel(job.id), true);
      await waitFor('three deliveries', async () =>
        receiver.received.length >= 3 ? true : undefined,
      );
      const [first, second, third] = receiver.received as [Received, Received, Received];
      const { secret } = await secrets.get('acme');
      assert.equal(third.answered, 200);
      assert.ok(verify(secret, third), 'the third delivery carries a valid signature');
      assert.ok(!verify('whsec_' + Buffer.alloc(24).toString('base64'), third));
      assert.equal(first.headers['webhook-id'], third.headers['webhook-id']);
      assert.equal(second.headers['webhook-id'], third.headers['webhook-id']);
      assert.equal(first.body, third.body, 'every retry sends the same body');
      const body = JSON.parse(third.body);
      assert.equal(body.type, 'job.canceled');
      assert.equal(body.data.id, job.id);
      assert.equal(body.data.status, 'canceled');
      const attempts = await waitFor('the third attempt in the log', async () => {
        const list = await log.list(job.id);
        return list.length === 3 ? list : undefined;
      });
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.statusCode, a.willRetry]),
        [
          [1, 500, true],
          [2, 503, true],
          [3, 200, undefined],
        ],
      );
      assert.match(attempts[0]!.error!, /answered 500/);
      assert.equal(await store.cancel(job.id), false, 'canceling twice sends nothing more');
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.received.length, 3);
    } finally {
      receiver.server.close();
    }
  });

  test('redirects are not followed; events outside the filter are not sent', async () => {
    const receiver = await startReceiver([302, 302, 302, 302]);
    try {
      const quiet = await jobs.submit('acme', request(receiver.url, ['job.completed']));
      await store.cancel(quiet.job.id);
      const { job } = await jobs.submit('acme', request(receiver.url, ['job.failed']));
      await store.fail(job.id, { code: 'INPUT_NOT_VIDEO', message: 'not a video' });
      const attempts = await waitFor('four attempts', async () => {
        const list = await log.list(job.id);
        return list.length === 4 ? list : undefined;
      });
      assert.ok(attempts.every((a) => a.statusCode === 302 && /not followed/.test(a.error!)));
      assert.equal(attempts[3]!.willRetry, false);
      assert.equal(
        receiver.received.length,
        4,
        'only the failed job was delivered, and no redirect',
      );
      assert.deepEqual(await log.list(quiet.job.id), []);
    } finally {
      receiver.server.close();
    }
  });

  test('the SSRF guard refuses a delivery to a name that resolves to loopback, and logs it as final', async () => {
    const receiver = await startReceiver([]);
    try {
      const { port } = receiver.server.address() as AddressInfo;
      const payload = {
        messageId: 'msg_ssrf',
        jobId: 'job_ssrf',
        tenant: 'acme',
        event: 'job.completed' as const,
        url: `http://hooks.test:${port}/hook`,
        occurredAt: new Date().toISOString(),
        body: '{}',
      };
      // DNS points the name at the receiver on loopback when the socket connects.
      const resolve = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      const deliver = (allowPrivate: boolean) =>
        deliverWebhook(
          { payload, attempt: 1, maxAttempts: 5 },
          { secrets, log, timeoutMs: 2000, egress: { allowPrivate, resolve } },
        );
      await assert.rejects(deliver(false), { name: 'UnrecoverableError', code: 'WEBHOOK_FAILED' });
      assert.equal(receiver.received.length, 0, 'nothing reached the loopback receiver');
      const [refused] = await log.list('job_ssrf');
      assert.match(
        refused!.error!,
        /^URL_PRIVATE_ADDRESS: hooks\.test resolves to 127\.0\.0\.1, a loopback address/,
      );
      assert.equal(refused!.willRetry, false);
      assert.equal(refused!.statusCode, undefined);

      // ALLOW_PRIVATE_URLS=true: the same delivery goes through.
      await deliver(true);
      assert.equal(receiver.received.length, 1);
    } finally {
      receiver.server.close();
    }
  });

  test('a receiver that does not answer in time counts as a failed attempt', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { job } = await jobs.submit('acme', request(`http://127.0.0.1:${port}/`));
      await store.cancel(job.id);
      const [attempt] = await waitFor('the first attempt', async () => {
        const list = await log.list(job.id);
        return list.length > 0 ? list : undefined;
      });
      assert.match(attempt!.error!, /no answer within 500 ms/);
      assert.ok(attempt!.durationMs >= 450);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
