import type { JobError, JobStore } from '@remaster/jobs';
import type { ObjectStore } from '@remaster/storage';
import { jobPrefix } from '@remaster/storage';

export interface FailJobDeps {
  readonly store: Pick<JobStore, 'fail'>;
  readonly objects: Pick<ObjectStore, 'deletePrefix'>;
  readonly logger: { warn(obj: object, msg: string): void };
}

/**
 * Records a job's final failure, then deletes every object under its prefix (segments,
 * the normalised source, the copy of an http(s) input): no stitch will run to do it.
 * The failure is recorded first, so a chunk that uploads its segment afterwards sees
 * the job inactive and deletes that segment itself.
 */
export async function failJobAndDeleteIntermediates(
  jobId: string,
  failure: JobError,
  deps: FailJobDeps,
): Promise<void> {
  await deps.store.fail(jobId, failure);
  try {
    await deps.objects.deletePrefix(jobPrefix(jobId));
  } catch (error) {
    deps.logger.warn({ err: error, jobId }, 'could not delete the objects of a failed job');
  }
}
