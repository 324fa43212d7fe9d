import type { FailureCode } from '../failure.js';
import { catalog } from '../catalog.js';
import { activeJobsKey, jobKeys, outboxKeys } from '../job-keys.js';
import type { JobStatus } from '../job-status.js';
import { isTerminal } from '../job-status.js';
import type { LifecycleContext } from './context.js';
import { jobEntryId } from './outbox-entry.js';
import { fail } from './fail.js';
import { workOf } from './work-of-status.js';

/** BullMQ states in which a job will still run (or is running). */
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);
const PAGE = 200;

/** A job the sweeper failed: none of its work was left. */
export interface SweptJob {
  readonly id: string;
  readonly status: JobStatus;
  readonly code: FailureCode;
  readonly message: string;
}

export interface SweepOptions {
  /** A job is looked at only when it has not moved for this long. */
  readonly graceMs: number;
}

/**
 * Finds every job that has not ended but whose work is gone (no live BullMQ job carries
 * its status, no outbox entry stands in for one, and it has not moved for the grace
 * period) and fails it with a code, through the same terminal step as any failure
 * (webhook, clean-up). This is the net under every crash the steps themselves cannot
 * cover: a process that died between BullMQ's failure and the record, a Redis write lost
 * in a failover. The failure is guarded by the job's updatedAt, so a job that moved while
 * it was looked at is left alone.
 */
export async function sweepStuck(
  ctx: LifecycleContext,
  options: SweepOptions,
): Promise<SweptJob[]> {
  if (!ctx.pipeline.workState)
    throw new Error('the sweeper needs the pipeline to read BullMQ states');
  const swept: SweptJob[] = [];
  const now = ctx.clock().getTime();
  for (let offset = 0; ; offset += PAGE) {
    const ids = await ctx.redis.zrange(activeJobsKey(ctx.prefix), offset, offset + PAGE - 1);
    for (const id of ids) {
      const found = await stuck(ctx, id, now - options.graceMs);
      if (found && (await fail(ctx, id, found, found.updatedAt)))
        swept.push({ id, status: found.status, code: found.code, message: found.message });
    }
    if (ids.length < PAGE) return swept;
  }
}

/** Why the job is stuck, or undefined while its work is alive (or it moved recently). */
async function stuck(ctx: LifecycleContext, id: string, movedBefore: number) {
  const [status, updatedAt] = (await ctx.redis.hmget(
    jobKeys(ctx.prefix, id).job,
    'status',
    'updatedAt',
  )) as [JobStatus | null, string | null];
  if (!status || isTerminal(status)) {
    // Expired, or ended by a writer that predates the index: nothing to watch.
    await ctx.redis.zrem(activeJobsKey(ctx.prefix), id);
    return undefined;
  }
  if (!updatedAt || Date.parse(updatedAt) > movedBefore) return undefined;
  const work = workOf(status)!;
  if (work.staged) {
    const staged = jobEntryId(work.staged, id);
    if (await ctx.redis.hexists(outboxKeys(ctx.prefix).entries, staged)) return undefined;
  }
  const { state, failedReason } = await ctx.pipeline.workState!(work.queue, id);
  if (LIVE_STATES.has(state)) return undefined;
  const queue = catalog[work.queue];
  const failure =
    state === 'failed'
      ? {
          code: queue.defaultFailureCode,
          message: `${failedReason ?? 'the job failed'} (recorded by the sweeper: the process that failed its ${queue.name} step stopped before it could)`,
        }
      : {
          code: 'WORK_LOST' as const,
          message: `the job was ${status} but its ${queue.name} step was ${state === 'missing' ? 'gone from the queue' : state}: its work was lost; submit it again`,
        };
  return { ...failure, status, updatedAt };
}
