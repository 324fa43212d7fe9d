// The whole job lifecycle on real Redis and real BullMQ queues, with handlers that do no
// media work: the plan records a 2-chunk plan (or fails, for an input named `fail`), each
// chunk records itself done, the stitch completes the job. The crash tests run it in a
// child process that kills itself at one point of the lifecycle, then in the test process
// as the survivor that must finish every job the child left.
import type { Worker } from 'bullmq';
import { catalog } from '../catalog.js';
import { consume } from '../consume.js';
import { TerminalFailure, describeFailure } from '../failure.js';
import { JobStore } from '../job-store.js';
import { jobKeys } from '../job-keys.js';
import type { JanitorOptions } from '../lifecycle/janitor.js';
import { startJanitor } from '../lifecycle/janitor.js';
import { Lifecycle } from '../lifecycle/lifecycle.js';
import type { LifecycleDeps } from '../lifecycle/context.js';
import { Pipeline } from '../pipeline.js';
import type { RedisClient } from '../redis-connection.js';
import { redisOptions } from '../redis-connection.js';
import { WebhookEvents } from '../webhook-events.js';
import { planFixture, renderFixture } from './payload-fixtures.js';

/** Short leases and checks, so a dead process's work is taken over within seconds. */
export const MINI_TIMINGS = {
  leaseMs: 600,
  lockDurationMs: 1000,
  stalledIntervalMs: 400,
  graceMs: 1500,
  relayEveryMs: 200,
  sweepEveryMs: 300,
} as const;

export const MINI_OUTPUT = {
  ...{ key: 'jobs/x/output.mp4', container: 'mp4' as const, width: 8, height: 8, fps: '25' },
  ...{ frames: 4, durationSeconds: 0.16, sizeBytes: 1 },
};

/** The set of job ids whose objects the clean-up deleted (there are no objects here). */
export function cleanedKey(prefix: string): string {
  return `${prefix}:test:cleaned`;
}

export interface MiniPipeline {
  readonly lifecycle: Lifecycle;
  readonly store: JobStore;
  readonly pipeline: Pipeline;
  close(): Promise<void>;
}

export function startMiniPipeline(options: {
  redis: RedisClient;
  redisUrl: string;
  prefix: string;
  reach?: LifecycleDeps['reach'];
  /** Chunks wait until their job is canceled (the cancel scenario). */
  holdChunks?: boolean;
  onFailedEvent?: () => void;
  janitor?: Partial<JanitorOptions>;
}): MiniPipeline {
  const { redis, prefix } = options;
  const connection = redisOptions(options.redisUrl);
  const pipeline = new Pipeline({ connection, prefix, chunkAttempts: 2 });
  const webhooks = new WebhookEvents({ redis, prefix, pipeline, progressIntervalMs: 60_000 });
  const lifecycle = new Lifecycle({
    redis,
    prefix,
    pipeline,
    webhooks,
    leaseMs: MINI_TIMINGS.leaseMs,
    deleteJobObjects: async (jobId) => redis.sadd(cleanedKey(prefix), jobId),
    reach: options.reach,
  });
  const store = new JobStore(redis, prefix);
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const deps = { connection, prefix, logger: silent, ...MINI_TIMINGS, maxStalledCount: 5 };
  const onFinalFailure = async ({ jobId }: { jobId?: unknown }, error: Error) => {
    if (typeof jobId === 'string') await lifecycle.fail(jobId, describeFailure(error, 'INTERNAL'));
  };
  const workers: Worker[] = [
    consume(
      catalog.plan,
      {
        concurrency: 1,
        onFinalFailure,
        handle: async ({ jobId }) => {
          const record = await store.get(jobId);
          if (!record || !(await lifecycle.startPlanning(jobId))) return;
          if (record.request.input.url.includes('fail'))
            throw new TerminalFailure('INPUT_NOT_VIDEO', 'the test input is not a video');
          const { source, plan } = planFixture;
          await lifecycle.recordPlan(jobId, source, plan, renderFixture(jobId));
        },
      },
      deps,
    ),
    consume(
      catalog.chunk,
      {
        concurrency: 2,
        onFinalFailure,
        handle: async ({ jobId, index }) => {
          while (options.holdChunks && (await store.isActive(jobId)))
            await new Promise((resolve) => setTimeout(resolve, 50));
          if (await store.isActive(jobId)) await store.recordChunkDone(jobId, index, 2);
        },
      },
      deps,
    ),
    consume(
      catalog.stitch,
      {
        concurrency: 1,
        onFinalFailure,
        handle: async ({ jobId }) => {
          if (await lifecycle.startStitching(jobId)) await lifecycle.complete(jobId, MINI_OUTPUT);
        },
      },
      deps,
    ),
  ];
  if (options.onFailedEvent)
    for (const worker of workers) worker.on('failed', options.onFailedEvent);
  const stopJanitor = startJanitor(lifecycle, {
    relayEveryMs: MINI_TIMINGS.relayEveryMs,
    sweepEveryMs: MINI_TIMINGS.sweepEveryMs,
    graceMs: MINI_TIMINGS.graceMs,
    onError: () => {},
    onSwept: () => {},
    ...options.janitor,
  });
  return {
    lifecycle,
    store,
    pipeline,
    close: async () => {
      stopJanitor();
      await Promise.all(workers.map((worker) => worker.close(true)));
      await pipeline.close();
    },
  };
}

/** The status of a job, straight from its record. */
export async function statusOf(redis: RedisClient, prefix: string, jobId: string) {
  return redis.hget(jobKeys(prefix, jobId).job, 'status');
}
