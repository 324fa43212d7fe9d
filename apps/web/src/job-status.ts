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

export function isTerminal(status: JobStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'canceled';
}
