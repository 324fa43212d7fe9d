import type { LifecycleContext } from './context.js';
import { transition } from './transition.js';

/**
 * queued → planning, when the planner takes the job (again, on a retry: the status stays
 * and its start time is renewed). False when the job has ended: nothing to plan.
 */
export async function startPlanning(ctx: LifecycleContext, id: string): Promise<boolean> {
  if (!(await transition(ctx, { id, status: 'planning' }))) return false;
  await ctx.reach('planning:started', id);
  return true;
}
