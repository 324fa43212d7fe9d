import { outboxKeys } from '../job-keys.js';
import { runCommand } from '../redis-commands.js';
import type { LifecycleContext } from './context.js';
import { statusOf } from './context.js';
import type { OutboxEntry, StagedEntry } from './outbox-entry.js';
import { stage } from './outbox-entry.js';
import type { LifecyclePoint, LifecycleStep } from './points.js';
import { statusOfEntry } from './work-of-status.js';

/**
 * Does the work of one outbox entry. Doing it twice is harmless: the plan job and each
 * webhook message have deterministic BullMQ ids, a plan whose job has left `queued` is
 * not enqueued again, a render flow only while its job is `processing` without one (a
 * chunk that ran and was removed must not be added again), and deleting objects twice
 * deletes nothing more.
 */
export async function deliverEntry(ctx: LifecycleContext, entry: OutboxEntry): Promise<void> {
  const { pipeline } = ctx;
  switch (entry.kind) {
    case 'webhook':
      return pipeline.enqueueWebhook(entry.payload);
    case 'plan':
      if ((await statusOf(ctx, entry.jobId)) === statusOfEntry('plan'))
        await pipeline.enqueuePlan(entry.jobId);
      return;
    case 'render':
      if (
        (await statusOf(ctx, entry.stitch.jobId)) === statusOfEntry('render') &&
        !(await pipeline.hasRender(entry.stitch.jobId))
      )
        await pipeline.enqueueRender(entry.stitch, entry.chunks);
      return;
    case 'cleanup':
      if (!ctx.deleteJobObjects) throw new Error('this process has no object store to clean up');
      await ctx.deleteJobObjects(entry.jobId);
      return;
  }
}

/** Stages entries without a status change (work found to be needed after the fact). */
export async function stageEntries(
  ctx: LifecycleContext,
  entries: readonly OutboxEntry[],
): Promise<StagedEntry[]> {
  const staged = entries.map(stage);
  const { due, entries: byId } = outboxKeys(ctx.prefix);
  const at = ctx.clock().getTime() + ctx.leaseMs;
  const multi = ctx.redis.multi();
  for (const item of staged) multi.hset(byId, item.id, item.json).zadd(due, at, item.id);
  await multi.exec();
  return staged;
}

/** Removes exactly the entry that was staged or claimed; true when it was still there. */
export async function settleEntry(
  ctx: Pick<LifecycleContext, 'redis' | 'prefix'>,
  staged: Pick<StagedEntry, 'id' | 'json'>,
): Promise<boolean> {
  const { due, entries } = outboxKeys(ctx.prefix);
  return (
    (await runCommand(ctx.redis, 'settleOutbox', [due, entries], [staged.id, staged.json])) === 1
  );
}

/**
 * A step's follow-up: delivers what it staged, each then settled. A delivery that fails is
 * logged and left in the outbox, where a relay re-drives it after the lease: the status
 * change itself has happened.
 */
export async function deliverStaged(
  ctx: LifecycleContext,
  step: LifecycleStep,
  jobId: string,
  staged: readonly StagedEntry[],
): Promise<void> {
  for (const item of staged) {
    try {
      await deliverEntry(ctx, item.entry);
      await ctx.reach(`${step}:${item.entry.kind}` as LifecyclePoint, jobId);
      await settleEntry(ctx, item);
    } catch (error) {
      ctx.logger?.warn(
        { err: error, jobId, entry: item.id },
        'follow-up work failed; the outbox relay retries it',
      );
    }
  }
}
