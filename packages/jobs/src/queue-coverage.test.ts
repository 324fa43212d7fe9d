import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis } from '@remaster/testing';
import type { Redis } from 'ioredis';
import type { JobRecord } from './job-record.js';
import { Pipeline } from './pipeline.js';
import { QueueConsumers } from './queue-consumers.js';
import { QueueCoverage } from './queue-coverage.js';
import { connectRedis, redisOptions } from './redis-connection.js';

type Step = Pick<JobRecord, 'status' | 'plan' | 'progress'>;
const plan = { chunksTotal: 2, framesTotal: 4, width: 16, height: 16, fps: '25' };
const progress = (chunksDone: number) => ({ chunksDone, framesDone: 0, chunks: [] });

describe('queue consumers and coverage (real Redis)', () => {
  let server: Awaited<ReturnType<typeof startRedis>>;
  let redis: Redis;
  const pipelines: Pipeline[] = [];

  before(async () => {
    server = await startRedis();
    redis = connectRedis(server.url);
  });
  after(async () => {
    await Promise.all(pipelines.map((pipeline) => pipeline.close()));
    redis.disconnect();
    await server.stop();
  });

  function setUp(prefix: string) {
    const pipeline = new Pipeline({
      connection: redisOptions(server.url),
      prefix,
      chunkAttempts: 1,
    });
    pipelines.push(pipeline);
    const consumers = new QueueConsumers(redis, prefix);
    const coverage = new QueueCoverage({ consumers, waiting: (queue) => pipeline.waiting(queue) });
    return { pipeline, consumers, coverage };
  }

  test('a consumer is listed after its heartbeat and gone after leave', async () => {
    const consumers = new QueueConsumers(redis, '{test-consumers-1}');
    await consumers.beat('chunk', 'box:1', 60_000);
    await consumers.beat('chunk', 'box:2', 60_000);
    assert.deepEqual(await consumers.list('chunk'), ['box:1', 'box:2']);
    assert.deepEqual(await consumers.list('plan'), []);
    await consumers.leave('chunk', 'box:1');
    assert.deepEqual(await consumers.list('chunk'), ['box:2']);
  });

  test('a consumer that stops beating disappears after its TTL', async () => {
    const consumers = new QueueConsumers(redis, '{test-consumers-2}');
    await consumers.beat('stitch', 'dead', 200);
    await consumers.beat('stitch', 'alive', 60_000);
    let ids = await consumers.list('stitch');
    const deadline = Date.now() + 10_000;
    while (ids.includes('dead') && Date.now() < deadline) {
      await sleep(50);
      ids = await consumers.list('stitch');
    }
    assert.deepEqual(ids, ['alive']);
    assert.deepEqual(await redis.smembers('{test-consumers-2}:consumers:stitch'), ['alive']);
  });

  test('a plan waiting with no planner running is reported, and not once one beats', async () => {
    const { pipeline, consumers, coverage } = setUp('{test-coverage-1}');
    assert.deepEqual(await coverage.unserved(), [], 'no work, nothing to report');
    await pipeline.enqueuePlan('job_a');
    assert.deepEqual(await coverage.unserved(), [
      {
        queue: 'plan',
        role: 'planner',
        waiting: 1,
        message: '1 plan job waiting: no planner role is running; start one (ROLES=planner)',
      },
    ]);
    await consumers.beat('plan', 'planner-1', 60_000);
    assert.deepEqual(await coverage.unserved(), []);
  });

  test("a job's next step names the role it waits for when none runs", async () => {
    const { consumers, coverage } = setUp('{test-coverage-2}');
    const at = (step: Step) => coverage.waitingFor(step);
    assert.deepEqual(await at({ status: 'queued', progress: progress(0) }), {
      queue: 'plan',
      role: 'planner',
      message: 'no planner role is running; start one (ROLES=planner)',
    });
    assert.equal((await at({ status: 'processing', plan, progress: progress(1) }))?.role, 'worker');
    assert.equal(
      (await at({ status: 'processing', plan, progress: progress(2) }))?.role,
      'stitcher',
      'every chunk done: the stitch waits',
    );
    assert.equal(await at({ status: 'stitching', plan, progress: progress(2) }), undefined);
    assert.equal(await at({ status: 'completed', plan, progress: progress(2) }), undefined);
    await consumers.beat('chunk', 'worker-1', 60_000);
    assert.equal(await at({ status: 'processing', plan, progress: progress(1) }), undefined);
  });
});
