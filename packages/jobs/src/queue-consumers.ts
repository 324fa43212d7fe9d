import type { RedisClient } from './redis-connection.js';

/**
 * Who consumes each queue now: every consumer writes a key of its own with a TTL on each
 * heartbeat, so one that dies disappears when the TTL runs out (Redis keeps the time, so
 * clocks of other machines do not matter). A set per queue lists the ids without SCAN;
 * ids whose key expired are pruned as they are met. Keys carry the queue prefix, so on
 * Redis Cluster they share its hash slot.
 */
export class QueueConsumers {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** Lists `consumerId` as a consumer of `queue` for `ttlMs` from now. */
  async beat(queue: string, consumerId: string, ttlMs: number): Promise<void> {
    await this.redis
      .multi()
      .set(this.consumerKey(queue, consumerId), '1', 'PX', ttlMs)
      .sadd(this.indexKey(queue), consumerId)
      .exec();
  }

  /** Removes a consumer at once (clean shutdown). */
  async leave(queue: string, consumerId: string): Promise<void> {
    await this.redis
      .multi()
      .del(this.consumerKey(queue, consumerId))
      .srem(this.indexKey(queue), consumerId)
      .exec();
  }

  /** The ids of the live consumers of `queue`, sorted. */
  async list(queue: string): Promise<string[]> {
    const ids = (await this.redis.smembers(this.indexKey(queue))).sort();
    if (ids.length === 0) return [];
    const values = await this.redis.mget(ids.map((id) => this.consumerKey(queue, id)));
    const gone = ids.filter((_, i) => values[i] === null);
    // A consumer that beats again after this is added back by its next heartbeat.
    if (gone.length > 0) await this.redis.srem(this.indexKey(queue), ...gone);
    return ids.filter((_, i) => values[i] !== null);
  }

  private consumerKey(queue: string, id: string): string {
    return `${this.prefix}:consumers:${queue}:${id}`;
  }

  private indexKey(queue: string): string {
    return `${this.prefix}:consumers:${queue}`;
  }
}
