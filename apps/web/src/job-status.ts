// The dashboard's runtime view of job statuses. The browser loads these modules as they
// are compiled (no bundler), so only types come from the SDK's
// @remaster/sdk/api-types (no node code; `import type`, erased).
import type { JobStatus } from '@remaster/sdk/api-types';

export const JOB_STATUSES = [
  'queued',
  'planning',
  'processing',
  'stitching',
  'completed',
  'failed',
  'canceled',
] as const satisfies readonly JobStatus[];

/** Fails to compile when the SDK's JobStatus (checked against the API's OpenAPI) gains a status this list lacks. */
const everyStatus: Exclude<JobStatus, (typeof JOB_STATUSES)[number]> extends never ? true : never =
  true;
void everyStatus;

export function isTerminal(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'canceled';
}
