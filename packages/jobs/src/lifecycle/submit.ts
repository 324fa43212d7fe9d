import { newJobId } from '../job-id.js';
import { activeJobsKey, jobKeyPrefix, jobKeys, outboxKeys, tenantJobsKey } from '../job-keys.js';
import { runCommand } from '../redis-commands.js';
import type { JobRecord } from '../job-record.js';
import type { JobRequest } from '../job-request.js';
import type { LifecycleContext } from './context.js';
import { deliverStaged } from './deliver.js';
import { stage } from './outbox-entry.js';

const TRIM_BATCH = 100;

/**
 * Records a new `queued` job, listed in its tenant's index and among the active jobs, and
 * stages its plan in the same transaction; then enqueues the plan. Once this returns the
 * job is submitted: a failed enqueue (or a crash) leaves the plan to the relay. `id` is
 * given when an idempotency key reserved it first.
 */
export async function submit(
  ctx: LifecycleContext,
  tenant: string,
  request: JobRequest,
  id: string = newJobId(ctx.clock().getTime()),
): Promise<JobRecord> {
  const now = ctx.clock();
  const at = now.toISOString();
  const plan = stage({ kind: 'plan', jobId: id });
  const outbox = outboxKeys(ctx.prefix);
  await ctx.redis
    .multi()
    .hset(jobKeys(ctx.prefix, id).job, {
      tenant,
      status: 'queued',
      createdAt: at,
      updatedAt: at,
      request: JSON.stringify(request),
    })
    .zadd(tenantJobsKey(ctx.prefix, tenant), 0, id)
    .zadd(activeJobsKey(ctx.prefix), now.getTime(), id)
    .hset(outbox.entries, plan.id, plan.json)
    .zadd(outbox.due, now.getTime() + ctx.leaseMs, plan.id)
    .exec();
  await ctx.reach('submit:recorded', id);
  await deliverStaged(ctx, 'submit', id, [plan]);
  await trimTenantIndex(ctx, tenant);
  return {
    id,
    tenant,
    status: 'queued',
    createdAt: at,
    updatedAt: at,
    request,
    progress: { chunksDone: 0, framesDone: 0, chunks: [] },
  };
}

/**
 * Drops from the tenant's index the oldest ids whose record has expired (ids sort by
 * creation time; a bounded batch per submit). Nothing to do without a retention.
 */
async function trimTenantIndex(ctx: LifecycleContext, tenant: string): Promise<void> {
  if (ctx.retentionSeconds === undefined) return;
  // Only ids created before the retention can belong to expired records.
  const before = newJobId(ctx.clock().getTime() - ctx.retentionSeconds * 1000).slice(0, 14);
  await runCommand(
    ctx.redis,
    'trimIndex',
    [tenantJobsKey(ctx.prefix, tenant)],
    [before, jobKeyPrefix(ctx.prefix), TRIM_BATCH],
  );
}
