import type { Config, Logger } from '@remaster/config';
import { createLogger, requireRedisUrl } from '@remaster/config';
import { JobStore, Pipeline, WebhookEvents, connectRedis, redisOptions } from '@remaster/jobs';
import { ObjectStore, createS3Client } from '@remaster/storage';
import type { ConnectionOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/** The services every role shares, built once from config. */
export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly store: JobStore;
  readonly pipeline: Pipeline;
  readonly objects: ObjectStore;
  /** Connection options for a BullMQ worker, which opens and closes its own connections. */
  readonly connection: ConnectionOptions;
  close(): Promise<void>;
}

export function createRuntime(config: Config, role: string): Runtime {
  const logger = createLogger(role, config);
  const redisUrl = requireRedisUrl(config);
  const redis = connectRedis(redisUrl);
  // ioredis reconnects by itself; without a listener every failed try prints a stack.
  redis.on('error', (error: Error) =>
    logger.warn({ err: error.message }, 'redis connection error; reconnecting'),
  );
  const pipeline = new Pipeline({
    connection: redisOptions(redisUrl),
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
  return {
    config,
    logger,
    redis,
    store,
    pipeline,
    objects,
    connection: redisOptions(redisUrl),
    close: async () => {
      await pipeline.close();
      redis.disconnect();
    },
  };
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
