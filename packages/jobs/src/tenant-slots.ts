import { jobKeyPrefix, jobKeys, tenantSlotsKey } from './job-keys.js';
import { TERMINAL_STATUSES } from './job-status.js';
import { runCommand } from './redis-commands.js';
import type { RedisClient } from './redis-connection.js';

const TERMINAL_JSON = JSON.stringify(TERMINAL_STATUSES);

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
    // commands/acquireSlot-2.lua: frees the slots of ended jobs, then takes one if any is left.
    const answer = (await runCommand(
      this.redis,
      'acquireSlot',
      [this.jobKey(jobId), this.slotsKey(tenant)],
      [jobId, this.maxActive, jobKeyPrefix(this.prefix), TERMINAL_JSON],
    )) as number;
    return answer === 1 ? 'go' : answer === 0 ? 'wait' : 'ended';
  }

  /** The ids holding the tenant's slots (some may have ended since; they are freed on the next acquire). */
  async holders(tenant: string): Promise<string[]> {
    return (await this.redis.smembers(this.slotsKey(tenant))).sort();
  }

  private jobKey(id: string): string {
    return jobKeys(this.prefix, id).job;
  }

  private slotsKey(tenant: string): string {
    return tenantSlotsKey(this.prefix, tenant);
  }
}
