import { createHash } from 'node:crypto';
import type { RedisClient } from './redis-connection.js';

/** How long a key keeps returning its job. */
const TTL_SECONDS = 24 * 3600;

export type Claim =
  | { readonly claimed: true }
  | { readonly claimed: false; readonly jobId: string; readonly bodyHash: string };

/**
 * `Idempotency-Key` claims per tenant: the first request with a key reserves it for its
 * job id (SET NX, atomic), later ones get that job back, or learn that their body differs.
 */
export class IdempotencyKeys {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async claim(tenant: string, key: string, bodyHash: string, jobId: string): Promise<Claim> {
    const redisKey = this.redisKey(tenant, key);
    const set = await this.redis.set(
      redisKey,
      JSON.stringify({ jobId, bodyHash }),
      'EX',
      TTL_SECONDS,
      'NX',
    );
    if (set === 'OK') return { claimed: true };
    const existing = await this.redis.get(redisKey);
    if (!existing) return this.claim(tenant, key, bodyHash, jobId); // expired in between
    const parsed = JSON.parse(existing) as { jobId: string; bodyHash: string };
    return { claimed: false, jobId: parsed.jobId, bodyHash: parsed.bodyHash };
  }

  /** Gives a claimed key back when its job could not be created, so a retry can succeed. */
  async release(tenant: string, key: string): Promise<void> {
    await this.redis.del(this.redisKey(tenant, key));
  }

  private redisKey(tenant: string, key: string): string {
    return `${this.prefix}:idempotency:${tenant}:${sha256(key)}`;
  }
}

/** A stable hash of a JSON value: object keys sorted, so key order does not matter. */
export function hashBody(value: unknown): string {
  return sha256(canonicalJson(value));
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
