import type { JobError } from '../job-record.js';
import type { LifecycleContext } from './context.js';
import { endJob } from './end-job.js';

/**
 * Any status → failed, with the error, the `job.failed` webhook and the deletion of every
 * object under the job's prefix staged in the same script. The status is written first,
 * so a chunk that uploads its segment afterwards sees the job inactive and deletes that
 * segment itself. `guard` (the sweeper's) fails the job only if nobody moved it since.
 * False when the job had already ended.
 */
export function fail(
  ctx: LifecycleContext,
  id: string,
  error: JobError,
  guard?: string,
): Promise<boolean> {
  return endJob(ctx, {
    id,
    status: 'failed',
    fields: { error: JSON.stringify(error) },
    cleanup: true,
    guard,
  });
}
