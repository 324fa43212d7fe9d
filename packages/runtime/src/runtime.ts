import type { Config, Logger } from '@remaster/config';
import { createLogger, requireRedisUrl } from '@remaster/config';
import type { RedisClient } from '@remaster/jobs';
import {
  JobStore,
  Outbox,
  Pipeline,
  WebhookEvents,
  connectRedis,
  connectRedisCluster,
  redisOptions,
} from '@remaster/jobs';
import { ObjectStore, createS3Client } from '@remaster/storage';
import type { ConnectionOptions } from 'bullmq';

/** The services every role shares, built once from config. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  /** One node, or a Redis Cluster client when REDIS_CLUSTER is set. */
  readonly redis: RedisClient;
  readonly store: JobStore;
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
  const store = new JobStore(
    redis,
    config.QUEUE_PREFIX,
    undefined,
    webhooks,
    config.JOB_RETENTION_HOURS * 3600,
  );
  const objects = createObjectStore(config);
  const stopRelay = startOutboxRelay({ redis, prefix: config.QUEUE_PREFIX, pipeline, logger });
  return {
    config,
    logger,
    redis,
    store,
    pipeline,
    objects,
    connection,
    close: async () => {
      stopRelay();
      await pipeline.close();
      redis.disconnect();
    },
  };
}

/** How often every role looks for outbox entries a dead process left (they are due after OUTBOX_LEASE_MS). */
const OUTBOX_SWEEP_MS = 5000;

/**
 * Every role relays the outbox: plan and webhook enqueues that were recorded with a job
 * change but not enqueued, because their process died or the enqueue failed. Leases keep
 * two relays from taking the same entry at once; a duplicate enqueue adds nothing anyway.
 */
function startOutboxRelay(options: {
  redis: RedisClient;
  prefix: string;
  pipeline: Pipeline;
  logger: Logger;
}): () => void {
  const outbox = new Outbox(options);
  return outbox.start(OUTBOX_SWEEP_MS, (error) =>
    options.logger.warn({ err: error.message }, 'outbox relay: will retry'),
  );
}

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
