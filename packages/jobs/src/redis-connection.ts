import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';

/**
 * Connection options from a `redis://` or `rediss://` URL, so BullMQ opens (and closes)
 * connections of its own. `maxRetriesPerRequest: null` is what BullMQ requires for
 * blocking connections; commands wait across reconnects.
 */
export function redisOptions(url: string): ConnectionOptions {
  checkRedisUrl(url);
  return { url, maxRetriesPerRequest: null };
}

/** A connection for job records and health checks. */
export function connectRedis(url: string): Redis {
  checkRedisUrl(url);
  return new Redis(url, { maxRetriesPerRequest: null });
}

function checkRedisUrl(url: string): void {
  if (!/^rediss?:\/\//.test(url))
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.slice(0, 40)}"`);
}
