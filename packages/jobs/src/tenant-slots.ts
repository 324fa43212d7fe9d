import type { RedisClient } from './redis-connection.js';

/**
 * Takes a slot for a job in its tenant's set of active jobs (KEYS[2]) when fewer than
 * ARGV[2] are active. Members whose record has ended or expired are removed first, so
 * a slot can never leak: a crash anywhere leaves at worst an id that the next call
 * drops. A job that already holds a slot (a retried plan) keeps it.
 * Returns 1 (go), 0 (wait) or 2 (the job itself has ended or vanished: nothing to run).
 * The member records are read by key name; they share the prefix's hash tag.
 */
const ACQUIRE = `
local status = redis.call('HGET', KEYS[1], 'status')
local ended = { completed = true, failed = true, canceled = true }
if not status or ended[status] then return 2 end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 1 end
for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local other = redis.call('HGET', ARGV[3] .. id, 'status')
  if not other or ended[other] then redis.call('SREM', KEYS[2], id) end
end
if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[2], ARGV[1])
return 1
`;

export type SlotAnswer = 'go' | 'wait' | 'ended';

/**
 * Per-tenant caps on active jobs (planning, processing or stitching), so that one
 * tenant's many jobs cannot starve the others: a job over its tenant's cap stays
 * queued until one of the tenant's active jobs ends. A slot is held by the job id in
 * a Redis set and freed lazily when its job's record shows it ended.
 */
export class TenantSlots {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    /** Active jobs per tenant at most; 0 turns the cap off. */
    private readonly maxActive: number,
  ) {}

  /** 'go' when the job may start (it holds a slot until it ends), 'wait' when its tenant is at the cap. */
  async acquire(jobId: string): Promise<SlotAnswer> {
    if (this.maxActive === 0) return 'go';
    const tenant = await this.redis.hget(this.jobKey(jobId), 'tenant');
    if (tenant === null) return 'ended';
    const answer = (await this.redis.eval(
      ACQUIRE,
      2,
      this.jobKey(jobId),
      this.slotsKey(tenant),
      jobId,
      this.maxActive,
      this.jobKey(''),
    )) as number;
    return answer === 1 ? 'go' : answer === 0 ? 'wait' : 'ended';
  }

  /** The ids holding the tenant's slots (some may have ended since; they are freed on the next acquire). */
  async holders(tenant: string): Promise<string[]> {
    return (await this.redis.smembers(this.slotsKey(tenant))).sort();
  }

  /** Same key scheme as JobStore's records. */
  private jobKey(id: string): string {
    return `${this.prefix}:job:${id}`;
  }

  private slotsKey(tenant: string): string {
    return `${this.prefix}:tenant:${tenant}:active`;
  }
}
