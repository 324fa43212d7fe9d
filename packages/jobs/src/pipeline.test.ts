import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedis } from '@remaster/testing';
import { Job } from 'bullmq';
import type { Worker } from 'bullmq';
import { z } from 'zod';
import { catalog } from './catalog.js';
import type { ChunkPayload, StitchPayload } from './payloads.js';
import { chunkPayloadSchema } from './payloads.js';
import { consume } from './consume.js';
import { RetryableFailure, TerminalFailure } from './failure.js';
import { Pipeline } from './pipeline.js';
import { redisOptions } from './redis-connection.js';
import { chunkFixture, stitchFixture } from './testing/payload-fixtures.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

const chunk = (jobId: string, index: number): ChunkPayload => chunkFixture(jobId, index);
const stitch = (jobId: string): StitchPayload => stitchFixture(jobId);

describe('pipeline flow', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  const pipelines: Pipeline[] = [];
  const workers: Worker[] = [];
  let prefix: string;

  before(async () => {
    server = await startRedis();
  });
  after(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(pipelines.map((p) => p.close()));
    await server.stop();
  });

  function start(
    attempts: number,
    handle: (payload: ChunkPayload) => Promise<unknown>,
    failures: Array<[unknown, string]>,
  ) {
    prefix = `{test-flow-${Math.random().toString(36).slice(2)}}`;
    const pipeline = new Pipeline({
      connection: redisOptions(server.url),
      prefix,
      chunkAttempts: attempts,
    });
    pipelines.push(pipeline);
    const worker = consume(
      catalog.chunk,
      {
        concurrency: 2,
        handle,
        onFinalFailure: async ({ jobId }, error) => void failures.push([jobId, error.message]),
      },
      { connection: redisOptions(server.url), prefix, logger: silent },
    );
    workers.push(worker);
    return { worker, pipeline };
  }

  test('the stitch parent waits for every chunk, then runs', async () => {
    const seen: number[] = [];
    const { pipeline } = start(1, async (payload) => void seen.push(payload.index), []);
    await pipeline.enqueueRender(stitch('job_a'), [chunk('job_a', 0), chunk('job_a', 1)]);
    const parent = await waitFor(
      () => Job.fromId(pipeline.stitchQueue, 'job_a-stitch'),
      async (job) => (await job?.getState()) === 'waiting',
    );
    assert.ok(parent);
    assert.deepEqual(seen.sort(), [0, 1]);
  });

  test('a cancel drops every pending chunk of a 720-chunk film, and the stitch is left to run', async () => {
    prefix = `{test-flow-${Math.random().toString(36).slice(2)}}`;
    const pipeline = new Pipeline({
      connection: redisOptions(server.url),
      prefix,
      chunkAttempts: 1,
    });
    pipelines.push(pipeline);
    const chunks = Array.from({ length: 720 }, (_, index) => chunk('job_film', index));
    await pipeline.enqueueRender(stitch('job_film'), chunks);
    assert.equal(await pipeline.waiting('chunk'), 720);
    assert.equal(await pipeline.dropPendingChunks('job_film', 720), 720);
    assert.equal(await pipeline.waiting('chunk'), 0);
    const parent = await Job.fromId(pipeline.stitchQueue, 'job_film-stitch');
    assert.equal(await parent?.getState(), 'waiting');
    assert.equal(await pipeline.dropPendingChunks('job_film', 720), 0, 'nothing left to drop');
  });

  test('a terminal failure fails the parent without retries, and the stitch never runs', async () => {
    let calls = 0;
    let stitched = 0;
    const failures: Array<[unknown, string]> = [];
    const { pipeline } = start(
      3,
      async (payload) => {
        calls += 1;
        if (payload.index === 1) throw new TerminalFailure('INPUT_EMPTY', 'nothing to read');
      },
      failures,
    );
    // BullMQ marks the parent failed lazily, when a stitch worker picks it up.
    workers.push(
      consume(
        catalog.stitch,
        { concurrency: 1, handle: async () => void (stitched += 1) },
        { connection: redisOptions(server.url), prefix, logger: silent },
      ),
    );
    await pipeline.enqueueRender(stitch('job_b'), [chunk('job_b', 0), chunk('job_b', 1)]);
    await waitFor(
      () => Job.fromId(pipeline.stitchQueue, 'job_b-stitch'),
      async (job) => (await job?.getState()) === 'failed',
    );
    assert.deepEqual(failures, [['job_b', 'nothing to read']]);
    assert.equal(calls, 2);
    assert.equal(stitched, 0);
  });

  test('a retryable failure is retried up to the attempts, then reported once', async () => {
    let calls = 0;
    const failures: Array<[unknown, string]> = [];
    const { pipeline } = start(
      2,
      async () => {
        calls += 1;
        throw new RetryableFailure('RENDER_FAILED', 'gpu busy');
      },
      failures,
    );
    await pipeline.chunkQueue.add('chunk', chunk('job_c', 0), {
      attempts: 2,
      backoff: { type: 'fixed', delay: 10 },
    });
    await waitFor(
      async () => failures,
      async (f) => f.length === 1,
    );
    assert.equal(calls, 2);
    assert.deepEqual(failures, [['job_c', 'gpu busy']]);
  });

  test('a payload that does not match the catalog fails terminally', async () => {
    const failures: Array<[unknown, string]> = [];
    const { pipeline } = start(3, async () => undefined, failures);
    await pipeline.chunkQueue.add('chunk', { jobId: 'job_d', index: 'x' }, { attempts: 3 });
    await waitFor(
      async () => failures,
      async (f) => f.length === 1,
    );
    assert.match(failures[0]![1], /does not match the catalog/);
    assert.ok(z.string().safeParse(failures[0]![0]).success);
  });

  test('chunk payloads queued before output.bitDepth existed still validate; 12 bits do not', () => {
    const payload = chunk('job_e', 0);
    assert.equal(chunkPayloadSchema.parse(payload).output.bitDepth, undefined);
    const tenBit = { ...payload, output: { ...payload.output, bitDepth: 10 } };
    assert.equal(chunkPayloadSchema.parse(tenBit).output.bitDepth, 10);
    const twelve = { ...payload, output: { ...payload.output, bitDepth: 12 } };
    assert.equal(chunkPayloadSchema.safeParse(twelve).success, false);
  });
});

async function waitFor<T>(
  get: () => Promise<T>,
  ok: (value: T) => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (await ok(value)) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
