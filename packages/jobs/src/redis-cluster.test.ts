import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRedisCluster } from '@remaster/testing';
import type { RedisCluster } from '@remaster/testing';
import { Job } from 'bullmq';
import type { Worker } from 'bullmq';
import type { Cluster } from 'ioredis';
import { bullJobId, catalog } from './catalog.js';
import type { ChunkPayload, StitchPayload } from './payloads.js';
import { consume } from './consume.js';
import { RetryableFailure } from './failure.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { jobRequestSchema } from './job-request.js';
import { JobStore } from './job-store.js';
import { Lifecycle } from './lifecycle/lifecycle.js';
import { MetricsStore } from './metrics-store.js';
import { Pipeline } from './pipeline.js';
import { connectRedisCluster } from './redis-connection.js';
import { TenantSlots } from './tenant-slots.js';
import type { WorkerInfo } from './worker-registry.js';
import { WorkerRegistry } from './worker-registry.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const CHUNKS = 3;
const request = jobRequestSchema.parse({ input: { url: 's3://b/k.mp4' }, upscale: { factor: 2 } });
const source = {
  width: 8,
  height: 8,
  fps: '25',
  frames: 6,
  durationSeconds: 0.24,
  hasAudio: false,
  videoCodec: 'h264',
};
const output = {
  key: 'outputs/x.mp4',
  container: 'mp4' as const,
  width: 16,
  height: 16,
  fps: '25',
  frames: 6,
  durationSeconds: 0.24,
  sizeBytes: 1,
};

function chunk(jobId: string, index: number): ChunkPayload {
  const frames = { sourceStart: index * 2, sourceEnd: index * 2 + 2, decodeEnd: index * 2 + 2 };
  return {
    jobId,
    index,
    inputUrl: 's3://b/k',
    sourceWidth: 8,
    sourceHeight: 8,
    sourceFrames: 2 * CHUNKS,
    sourceFps: { num: 25, den: 1 },
    targetFps: { num: 25, den: 1 },
    ...frames,
    outputStart: index * 2,
    outputEnd: index * 2 + 2,
    cutsAfter: [],
    output: { codec: 'h264', crf: 18, width: 16, height: 16 },
    colour: {
      matrix: 'bt601',
      range: 'tv',
      tags: { space: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', range: 'tv' },
    },
  };
}

function stitch(jobId: string): StitchPayload {
  return {
    jobId,
    inputUrl: 's3://b/k',
    chunkCount: CHUNKS,
    outputFrames: 2 * CHUNKS,
    width: 16,
    height: 16,
    fps: { num: 25, den: 1 },
    container: 'mp4',
    source: { videoOffsetSeconds: 0, subtitleCodecs: [] },
  };
}

function workerInfo(id: string): WorkerInfo {
  return {
    id,
    host: 'gpu-box',
    pid: 1,
    version: '0.1.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    gpu: null,
    executionProviders: { requested: ['cpu'], active: [] },
    concurrency: 1,
    models: [],
    fps: null,
    chunksDone: 0,
    chunks: [],
  };
}

describe('on a 3-master Redis Cluster', { timeout: 30_000 }, () => {
  let cluster: RedisCluster;
  let redis: Cluster;
  const workers: Worker[] = [];
  const prefix = `{test-cluster-${Math.random().toString(36).slice(2)}}`;

  before(async () => {
    cluster = await startRedisCluster();
    redis = connectRedisCluster(cluster.urls);
  });
  after(async () => {
    await Promise.all(workers.map((worker) => worker.close()));
    redis.disconnect();
    await cluster?.stop();
  });

  test('plan → chunks → stitch runs as a BullMQ flow, and the job record completes', async () => {
    const pipeline = new Pipeline({ connection: redis, prefix, chunkAttempts: 2 });
    const store = new JobStore(redis, prefix, { retentionSeconds: 3600 });
    // The lifecycle's scripts (commands/*.lua) touch several keys: one slot under the tag.
    const lifecycle = new Lifecycle({ redis, prefix, pipeline, retentionSeconds: 3600 });
    const slots = new TenantSlots(redis, prefix, 1);
    const calls = new Map<number, number>();
    const deps = { connection: redis, prefix, logger: silent };
    workers.push(
      consume(
        catalog.plan,
        {
          concurrency: 2,
          handle: async ({ jobId }) => {
            assert.equal(await slots.acquire(jobId), 'go');
            await lifecycle.startPlanning(jobId);
            const plan = { chunksTotal: CHUNKS, framesTotal: 6, width: 16, height: 16, fps: '25' };
            const chunks = Array.from({ length: CHUNKS }, (_, index) => chunk(jobId, index));
            await lifecycle.recordPlan(jobId, source, plan, {
              kind: 'render',
              stitch: stitch(jobId),
              chunks,
            });
          },
        },
        deps,
      ),
      consume(
        catalog.chunk,
        {
          concurrency: 2,
          handle: async ({ jobId, index }) => {
            calls.set(index, (calls.get(index) ?? 0) + 1);
            await store.recordChunkProgress(jobId, index, 1);
            // One retry goes through BullMQ's delayed set and back, on the cluster too.
            if (index === 1 && calls.get(index) === 1)
              throw new RetryableFailure('RENDER_FAILED', 'busy');
            await store.recordChunkDone(jobId, index, 2);
          },
        },
        deps,
      ),
      consume(
        catalog.stitch,
        {
          concurrency: 2,
          handle: async ({ jobId }) => {
            await lifecycle.startStitching(jobId);
            await lifecycle.complete(jobId, output);
            return 'stitched';
          },
        },
        deps,
      ),
    );
    const job = await lifecycle.submit('acme', request);
    const parent = await waitFor(
      () => Job.fromId(pipeline.stitchQueue, bullJobId.stitch(job.id)),
      async (found) => (await found?.getState()) === 'completed',
    );
    assert.equal(parent?.returnvalue, 'stitched');
    assert.deepEqual(Object.values(await parent.getChildrenValues()).length, CHUNKS);
    const record = await store.get(job.id);
    assert.equal(record?.status, 'completed');
    assert.equal(record?.progress.chunksDone, CHUNKS);
    assert.equal(record?.progress.framesDone, 2 * CHUNKS);
    assert.deepEqual([...calls.entries()].sort(), [
      [0, 1],
      [1, 2],
      [2, 1],
    ]);
    // The ended job frees its slot when the tenant's next job asks (a Lua script that
    // reads the holders' records by name: same slot, so allowed on a cluster).
    const next = await lifecycle.submit('acme', request);
    assert.equal(await slots.acquire(next.id), 'go');
    const { jobSeconds } = await new MetricsStore(redis, prefix).read();
    assert.deepEqual(
      jobSeconds.map((histogram) => [histogram.labels.status, histogram.count]),
      [['completed', 1]],
    );
    await pipeline.close();
  });

  test('fleet and idempotency keys work under the hash tag; without one, MULTI fails', async () => {
    const registry = new WorkerRegistry(redis, prefix);
    await registry.beat(workerInfo('a'), 10_000);
    await registry.beat(workerInfo('b'), 10_000);
    assert.deepEqual(
      (await registry.list()).map((worker) => worker.id),
      ['a', 'b'],
    );
    const keys = new IdempotencyKeys(redis, prefix);
    assert.deepEqual(await keys.claim('acme', 'k', 'hash', 'job_1'), { claimed: true });
    // `fleet:worker:a` and `fleet:workers` hash to different slots: the check can fail.
    await assert.rejects(
      new WorkerRegistry(redis, 'no-tag').beat(workerInfo('a'), 10_000),
      /same slot/,
    );
  });
});

async function waitFor<T>(
  get: () => Promise<T>,
  done: (value: T) => Promise<boolean>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (await done(value)) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
