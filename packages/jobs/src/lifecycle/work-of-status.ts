import type { JobStatus } from '../job-status.js';
import type { OutboxEntry } from './outbox-entry.js';

type ActiveStatus = Exclude<JobStatus, 'completed' | 'failed' | 'canceled'>;

/**
 * What moves a job on from each status before its end: the queue whose BullMQ job carries
 * it, and the outbox entry that stands in for that job until it is enqueued. The relay
 * delivers an entry only in its status, the sweeper fails a job none of whose work is
 * left, and queue coverage names the role it waits for.
 */
export const WORK_OF_STATUS = {
  queued: { queue: 'plan', staged: 'plan' },
  planning: { queue: 'plan', staged: undefined },
  // The stitch job is the parent of the render flow: it exists while any chunk does.
  processing: { queue: 'stitch', staged: 'render' },
  stitching: { queue: 'stitch', staged: undefined },
} as const satisfies {
  [S in ActiveStatus]: { queue: 'plan' | 'stitch'; staged: OutboxEntry['kind'] | undefined };
};

export function workOf(status: JobStatus) {
  return status in WORK_OF_STATUS ? WORK_OF_STATUS[status as ActiveStatus] : undefined;
}

/** The status an entry's work belongs to; delivered in any other, it would be stale. */
export function statusOfEntry(kind: 'plan' | 'render'): ActiveStatus {
  const [status] = Object.entries(WORK_OF_STATUS).find(([, work]) => work.staged === kind)!;
  return status as ActiveStatus;
}
