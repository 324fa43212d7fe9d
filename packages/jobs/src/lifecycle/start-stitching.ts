import type { LifecycleContext } from './context.js';
import { transition } from './transition.js';

/** processing → stitching, when every chunk is done. False when the job has ended. */
export async function startStitching(ctx: LifecycleContext, id: string): Promise<boolean> {
  if (!(await transition(ctx, { id, status: 'stitching' }))) return false;
  await ctx.reach('stitching:started', id);
  return true;
}
