import type { ConnectionOptions } from 'bullmq';
import { Cluster, Redis } from 'ioredis';

/**
 * A connection for job records, health checks and counters: one Redis node, or a
 * Redis Cluster. Every key Remaster writes carries QUEUE_PREFIX's hash tag, so the
 * multi-key commands (MULTI, MGET, Lua scripts) stay within one slot on a cluster.
 */
export type RedisClient = Redis | Cluster;

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

/**
 * A Redis Cluster client from comma-separated seed URLs (`redis://a:6379,redis://b:6379`);
 * it finds the other nodes itself. User, password and TLS (`rediss://`) come from the
 * first URL and apply to every node. BullMQ takes this client as its `connection`: its
 * queues share it (and leave it open: close it yourself), its workers duplicate it.
 * `maxRetriesPerRequest: null` is what BullMQ requires of a cluster's node options.
 */
export function connectRedisCluster(urls: string): Cluster {
  const seeds = urls.split(',').map((url) => url.trim());
  seeds.forEach(checkRedisUrl);
  const nodes = seeds.map((seed) => {
    const url = new URL(seed);
    return { host: url.hostname, port: Number(url.port || 6379) };
  });
  const first = new URL(seeds[0] ?? '');
  return new Cluster(nodes, {
    redisOptions: {
      maxRetriesPerRequest: null,
      username: decodeURIComponent(first.username) || undefined,
      password: decodeURIComponent(first.password) || undefined,
      tls: first.protocol === 'rediss:' ? {} : undefined,
    },
  });
}

function checkRedisUrl(url: string): void {
  if (!/^rediss?:\/\//.test(url))
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url.slice(0, 40)}"`);
}
