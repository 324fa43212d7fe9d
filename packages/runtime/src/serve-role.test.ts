import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@remaster/config';
import {
  QueueConsumers,
  TerminalFailure,
  catalog,
  handler,
  jobRequestSchema,
} from '@remaster/jobs';
import type { StartedS3 } from '@remaster/testing';
import { startRedis, startS3 } from '@remaster/testing';
import type { Runtime } from './runtime.js';
import { createRuntime } from './runtime.js';
import { startRole } from './serve-role.js';

const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });
/** The planner also serves quotes; these tests only plan. */
const quotes = handler(catalog.quote, {
  concurrency: 1,
  handle: async () => ({ failure: { code: 'QUOTE_EXPIRED', message: 'not asked' } }),
});

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('serving a role (real Redis, BullMQ and S3)', () => {
  let redisServer: Awaited<ReturnType<typeof startRedis>>;
  let s3: StartedS3;
  const runtimes: Runtime[] = [];

  before(async () => {
    [redisServer, s3] = await Promise.all([startRedis(), startS3({ bucket: 'serve-role' })]);
  });
  after(async () => {
    await Promise.all(runtimes.map((runtime) => runtime.close()));
    await Promise.all([redisServer.stop(), s3.stop()]);
  });

  function runtime(prefix: string): Runtime {
    const config = loadConfig({
      REDIS_URL: redisServer.url,
      QUEUE_PREFIX: prefix,
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: 'serve-role',
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      LOG_LEVEL: 'silent',
      WORKER_SHUTDOWN_GRACE_MS: '1000',
    });
    const created = createRuntime(config, 'test');
    runtimes.push(created);
    return created;
  }

  test('refuses to start when a queue the role serves has no handler', async () => {
    await assert.rejects(
      startRole(runtime('{serve-1}'), { role: 'planner', handlers: [] }),
      /the planner role cannot start: queue "plan" has no handler/,
    );
  });

  test('runs its handler, is listed as a consumer while it runs, and not after close', async () => {
    const rt = runtime('{serve-2}');
    const seen: string[] = [];
    const served = await startRole(rt, {
      role: 'planner',
      handlers: [
        handler(catalog.plan, { concurrency: 1, handle: async (p) => seen.push(p.jobId) }),
        quotes,
      ],
    });
    const consumers = new QueueConsumers(rt.redis, '{serve-2}');
    assert.deepEqual(await consumers.list('plan'), [served.consumerId]);
    await rt.pipeline.enqueuePlan('job_1');
    await until('the plan to run', async () => (seen.length > 0 ? seen : undefined));
    assert.deepEqual(seen, ['job_1']);
    await served.close();
    assert.deepEqual(await consumers.list('plan'), []);
  });

  test("a terminal failure fails the Remaster job with the error's code", async () => {
    const rt = runtime('{serve-3}');
    const served = await startRole(rt, {
      role: 'planner',
      handlers: [
        handler(catalog.plan, {
          concurrency: 1,
          handle: () => Promise.reject(new TerminalFailure('INPUT_NOT_VIDEO', 'no video stream')),
        }),
        quotes,
      ],
    });
    // Submitting records the job and enqueues its plan.
    const job = await rt.lifecycle.submit('acme', request);
    const failed = await until('the job to fail', async () => {
      const record = await rt.store.get(job.id);
      return record?.status === 'failed' ? record : undefined;
    });
    assert.deepEqual(failed.error, { code: 'INPUT_NOT_VIDEO', message: 'no video stream' });
    await served.close();
  });

  test("a plain error fails the job with the queue's default code", async () => {
    const rt = runtime('{serve-4}');
    const served = await startRole(rt, {
      role: 'stitcher',
      handlers: [
        handler(catalog.stitch, {
          concurrency: 1,
          handle: () => Promise.reject(new Error('disk full')),
        }),
      ],
    });
    const job = await rt.lifecycle.submit('acme', request);
    // One attempt, so the first error is the final one.
    await rt.pipeline.stitchQueue.add(
      'stitch',
      {
        jobId: job.id,
        inputUrl: 's3://b/k.mp4',
        chunkCount: 1,
        outputFrames: 1,
        width: 2,
        height: 2,
        fps: { num: 25, den: 1 },
        container: 'mp4',
        source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
      },
      { attempts: 1 },
    );
    const failed = await until('the job to fail', async () => {
      const record = await rt.store.get(job.id);
      return record?.status === 'failed' ? record : undefined;
    });
    assert.deepEqual(failed.error, { code: 'STITCH_FAILED', message: 'disk full' });
    await served.close();
  });
});
