import type { Config, Logger } from '@remaster/config';
import { createLogger, requireRedisUrl } from '@remaster/config';
import type { RedisClient } from '@remaster/jobs';
import {
  JobStore,
  Lifecycle,
  Pipeline,
  WebhookEvents,
  connectRedis,
  connectRedisCluster,
  redisOptions,
  startJanitor,
} from '@remaster/jobs';
import { ObjectStore, createS3Client, jobPrefix } from '@remaster/storage';
import type { ConnectionOptions } from 'bullmq';

/** The services every role shares, built once from config. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  /** One node, or a Redis Cluster client when REDIS_CLUSTER is set. */
  readonly redis: RedisClient;
  /** Reads the job records; workers record their chunks' progress and results in it. */
  readonly store: JobStore;
  /** Every status change of a job, and the work that follows it. */
  readonly lifecycle: Lifecycle;
  readonly pipeline: Pipeline;
  readonly objects: ObjectStore;
  /**
   * Connection for BullMQ workers: options from which they open and close connections of
   * their own, or on a cluster the `redis` client, which they duplicate.
   */
  readonly connection: ConnectionOptions;
  close(): Promise<void>;
}

export function createRuntime(config: Config, role: string): Runtime {
  const logger = createLogger(role, config);
  const redisUrl = requireRedisUrl(config);
  const redis = config.REDIS_CLUSTER ? connectRedisCluster(redisUrl) : connectRedis(redisUrl);
  // BullMQ cannot build a cluster client from options: on a cluster its queues share ours.
  const connection = config.REDIS_CLUSTER ? redis : redisOptions(redisUrl);
  // ioredis reconnects by itself; without a listener every failed try prints a stack.
  redis.on('error', (error: Error) =>
    logger.warn({ err: error.message }, 'redis connection error; reconnecting'),
  );
  const pipeline = new Pipeline({
    connection,
    prefix: config.QUEUE_PREFIX,
    chunkAttempts: config.CHUNK_ATTEMPTS,
    webhookAttempts: config.WEBHOOK_ATTEMPTS,
    webhookRetryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
  });
  const webhooks = new WebhookEvents({
    redis,
    prefix: config.QUEUE_PREFIX,
    pipeline,
    progressIntervalMs: config.WEBHOOK_PROGRESS_INTERVAL_MS,
  });
  const retentionSeconds = config.JOB_RETENTION_HOURS * 3600;
  const store = new JobStore(redis, config.QUEUE_PREFIX, { events: webhooks, retentionSeconds });
  const objects = createObjectStore(config);
  const lifecycle = new Lifecycle({
    redis,
    prefix: config.QUEUE_PREFIX,
    pipeline,
    webhooks,
    deleteJobObjects: (jobId) => objects.deletePrefix(jobPrefix(jobId)),
    retentionSeconds,
    logger,
  });
  const stopJanitor = startJanitor(lifecycle, {
    relayEveryMs: OUTBOX_RELAY_MS,
    sweepEveryMs: Math.min(STUCK_SWEEP_MS, config.STUCK_JOB_GRACE_MS),
    graceMs: config.STUCK_JOB_GRACE_MS,
    onError: (error) => logger.warn({ err: error.message }, 'outbox relay or sweeper: will retry'),
    onSwept: (job) =>
      logger.error(
        { jobId: job.id, was: job.status, code: job.code },
        `stuck job failed: ${job.message}`,
      ),
  });
  return {
    config,
    logger,
    redis,
    store,
    lifecycle,
    pipeline,
    objects,
    connection,
    close: async () => {
      stopJanitor();
      await pipeline.close();
      redis.disconnect();
    },
  };
}

/**
 * How often every role relays the outbox (plan, render, webhook and clean-up work staged
 * with a status change whose process died or whose delivery failed; due after
 * OUTBOX_LEASE_MS) and looks for stuck jobs (see sweepStuck). Leases keep two relays off
 * the same entry, and a guarded failure moves a job once, so every role may run both.
 */
const OUTBOX_RELAY_MS = 5000;
const STUCK_SWEEP_MS = 30_000;

/** The object store from config; presigned URLs use S3_PUBLIC_ENDPOINT when clients reach S3 elsewhere. */
export function createObjectStore(config: Config): ObjectStore {
  const credentials = {
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
  };
  const client = createS3Client({ ...credentials, endpoint: config.S3_ENDPOINT });
  const publicClient = config.S3_PUBLIC_ENDPOINT
    ? createS3Client({ ...credentials, endpoint: config.S3_PUBLIC_ENDPOINT })
    : undefined;
  return new ObjectStore({ client, bucket: config.S3_BUCKET, publicClient });
}
