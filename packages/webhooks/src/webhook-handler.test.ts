import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { WebhookPayload } from '@remaster/jobs';
import { Pipeline, connectRedis, consume, redisOptions } from '@remaster/jobs';
import { startRedis } from '@remaster/testing';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { deliverWebhook } from './webhook-delivery.js';
import { webhookHandler } from './webhook-handler.js';
import { WebhookLog } from './webhook-log.js';
import { WebhookSecrets } from './webhook-secrets.js';

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
  let redis: Redis;
  let pipeline: Pipeline;
  let secrets: WebhookSecrets;
  let log: WebhookLog;
  let worker: Worker;
  /** The jobs the reader knows, as the API would present them (a stand-in for JobView). */
  const jobs = new Map<string, object>();
  let sent = 0;

  before(async () => {
    redisServer = await startRedis();
    redis = connectRedis(redisServer.url);
    const prefix = `{test-webhooks-${process.pid}}`;
    pipeline = new Pipeline({
      connection: redisOptions(redisServer.url),
      prefix,
      chunkAttempts: 1,
      webhookAttempts: 4,
      webhookRetryBaseMs: 100,
    });
    secrets = new WebhookSecrets(redis, prefix);
    log = new WebhookLog(redis, prefix);
    const delivery = webhookHandler({
      concurrency: 4,
      jobs: { get: async (tenant, id) => jobs.get(`${tenant}/${id}`) },
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
    await redisServer.stop();
  });

  /** Enqueues one event of a job the reader knows, as the lifecycle does when a job ends. */
  async function send(url: string, event: WebhookPayload['event'] = 'job.canceled') {
    const jobId = `job_${++sent}`;
    jobs.set(`acme/${jobId}`, { id: jobId, status: event.slice('job.'.length) });
    const payload: WebhookPayload = {
      messageId: `msg_${jobId}_${event}`,
      jobId,
      tenant: 'acme',
      event,
      url,
      occurredAt: new Date().toISOString(),
    };
    await pipeline.enqueueWebhook(payload);
    return { jobId, payload };
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  test('two failed deliveries are retried with the same id and body; the third verifies', async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const { jobId, payload } = await send(receiver.url);
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
      assert.equal(body.timestamp, payload.occurredAt);
      assert.deepEqual(body.data, { id: jobId, status: 'canceled' });
      const attempts = await waitFor('the third attempt in the log', async () => {
        const list = await log.list(jobId);
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
      await pipeline.enqueueWebhook(payload);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.received.length, 3, 'the same event enqueued again sends nothing');
    } finally {
      receiver.server.close();
    }
  });

  test('redirects are not followed, and the last attempt says no retry follows', async () => {
    const receiver = await startReceiver([302, 302, 302, 302]);
    try {
      const { jobId } = await send(receiver.url, 'job.failed');
      const attempts = await waitFor('four attempts', async () => {
        const list = await log.list(jobId);
        return list.length === 4 ? list : undefined;
      });
      assert.ok(attempts.every((a) => a.statusCode === 302 && /not followed/.test(a.error!)));
      assert.equal(attempts[3]!.willRetry, false);
      assert.equal(receiver.received.length, 4, 'no redirect was followed');
    } finally {
      receiver.server.close();
    }
  });

  test('an event of a job that no longer exists fails at once and sends nothing', async () => {
    const receiver = await startReceiver([]);
    try {
      const failed = new Promise<{ reason: string; attempts: number }>((resolve) =>
        worker.on('failed', (job, error) => {
          if (job?.data.jobId === 'job_gone')
            resolve({ reason: error.message, attempts: job.attemptsMade });
        }),
      );
      await pipeline.enqueueWebhook({
        messageId: 'msg_gone',
        jobId: 'job_gone',
        tenant: 'acme',
        event: 'job.completed',
        url: receiver.url,
        occurredAt: new Date().toISOString(),
      });
      const { reason, attempts } = await failed;
      assert.match(reason, /job job_gone no longer exists/);
      assert.equal(attempts, 1, 'not retried');
      assert.equal(receiver.received.length, 0);
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
      const { jobId } = await send(`http://127.0.0.1:${port}/`);
      const [attempt] = await waitFor('the first attempt', async () => {
        const list = await log.list(jobId);
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
