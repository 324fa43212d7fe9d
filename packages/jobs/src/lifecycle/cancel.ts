import { jobKeys } from '../job-keys.js';
import type { PlanSummary } from '../job-record.js';
import type { LifecycleContext } from './context.js';
import { endJob } from './end-job.js';

/**
 * Any status → canceled, with the `job.canceled` webhook and the deletion of the job's
 * objects staged in the same script; then the chunks no worker has taken are dropped
 * (running ones see the job inactive within a second and stop, deleting what they
 * upload). Removing a child resolves it for its parent, so the stitch still runs once
 * and finds the job ended. False when the job had already ended.
 */
export function cancel(ctx: LifecycleContext, id: string): Promise<boolean> {
  return endJob(ctx, {
    id,
    status: 'canceled',
    cleanup: true,
    then: async () => {
      const plan = await ctx.redis.hget(jobKeys(ctx.prefix, id).job, 'plan');
      const chunks = plan ? (JSON.parse(plan) as PlanSummary).chunksTotal : 0;
      // Advisory: a chunk left in its queue starts, sees the job ended and stops.
      if (chunks > 0)
        await ctx.pipeline
          .dropPendingChunks(id, chunks)
          .catch((error: unknown) =>
            ctx.logger?.warn({ err: error, jobId: id }, 'could not drop the pending chunks'),
          );
      await ctx.reach('cancel:chunks-dropped', id);
    },
  });
}
