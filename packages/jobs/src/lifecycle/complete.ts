import type { OutputSummary } from '../job-record.js';
import type { LifecycleContext } from './context.js';
import { endJob } from './end-job.js';

/**
 * stitching → completed, with the output, and the `job.completed` webhook staged in the
 * same script. The stitch deletes the intermediates itself after this returns, keeping
 * the output. False when the job had ended meanwhile (canceled).
 */
export function complete(
  ctx: LifecycleContext,
  id: string,
  output: OutputSummary,
): Promise<boolean> {
  return endJob(ctx, {
    id,
    status: 'completed',
    fields: { output: JSON.stringify(output) },
    cleanup: false,
  });
}
