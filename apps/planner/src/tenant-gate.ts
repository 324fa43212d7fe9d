import type { Job } from 'bullmq';
import { DelayedError } from 'bullmq';
import type { SlotAnswer } from '@remaster/jobs';

/** How long a plan over its tenant's cap waits before it asks again. */
const TENANT_SLOT_RETRY_MS = 1000;

/**
 * Lets a plan start only when its tenant is under TENANT_MAX_ACTIVE_JOBS. Otherwise the
 * plan goes back to the queue, delayed, without spending an attempt (BullMQ's
 * DelayedError), and the Remaster job stays `queued`. The slot is then held until the
 * job ends; see TenantSlots.
 */
export async function waitForTenantSlot(options: {
  readonly job: Pick<Job, 'moveToDelayed' | 'token'>;
  readonly jobId: string;
  readonly acquire: (jobId: string) => Promise<SlotAnswer>;
  readonly retryMs?: number;
  readonly now?: () => number;
}): Promise<void> {
  if ((await options.acquire(options.jobId)) !== 'wait') return;
  const now = options.now ?? Date.now;
  await options.job.moveToDelayed(
    now() + (options.retryMs ?? TENANT_SLOT_RETRY_MS),
    options.job.token,
  );
  throw new DelayedError();
}
