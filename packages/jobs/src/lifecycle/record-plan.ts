import type { PlanSummary, SourceSummary } from '../job-record.js';
import type { LifecycleContext } from './context.js';
import { isTerminal } from '../job-status.js';
import { statusOf } from './context.js';
import { deliverStaged, stageEntries } from './deliver.js';
import type { RenderEntry } from './outbox-entry.js';
import { transition } from './transition.js';

/**
 * planning → processing: the job's one move there, with the plan, and its render flow
 * (chunks, then the stitch) staged in the same script; then the flow is enqueued. No
 * chunk runs while the job still says `planning`, and a planner that dies before its
 * enqueue (whose retry finds the job past `planning`) leaves the flow to the relay.
 *
 * A job that ended meanwhile (canceled while it was planned) gets no flow: what planning
 * left in the bucket (the copy of an http(s) input, the constant-rate intermediate) is
 * deleted at once, as its cancel's clean-up may have run before these were written.
 */
export async function recordPlan(
  ctx: LifecycleContext,
  id: string,
  source: SourceSummary,
  plan: PlanSummary,
  render: RenderEntry,
): Promise<boolean> {
  const fields = {
    source: JSON.stringify(source),
    plan: JSON.stringify(plan),
    startedAt: ctx.clock().toISOString(),
  };
  const staged = await transition(ctx, { id, status: 'processing', fields, entries: [render] });
  if (!staged) {
    const status = await statusOf(ctx, id);
    if (status === undefined || isTerminal(status))
      await deliverStaged(
        ctx,
        'plan',
        id,
        await stageEntries(ctx, [{ kind: 'cleanup', jobId: id }]),
      );
    return false;
  }
  await ctx.reach('plan:recorded', id);
  await deliverStaged(ctx, 'plan', id, staged);
  return true;
}
