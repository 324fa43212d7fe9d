import { jobKeys } from '../job-keys.js';
import type { JobStatus } from '../job-status.js';
import type { Pipeline } from '../pipeline.js';
import type { RedisClient } from '../redis-connection.js';
import type { WebhookEvents } from '../webhook-events.js';
import type { LifecyclePoint } from './points.js';
import { OUTBOX_LEASE_MS } from './outbox-entry.js';

/** What the lifecycle's steps need; every role builds one from its runtime. */
export interface LifecycleDeps {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly pipeline: Pick<
    Pipeline,
    'enqueuePlan' | 'enqueueRender' | 'hasRender' | 'enqueueWebhook' | 'dropPendingChunks'
  > &
    Partial<Pick<Pipeline, 'workState'>>;
  /** Whether a job's webhook wants a terminal event, and its payload; no webhooks when absent. */
  readonly webhooks?: Pick<WebhookEvents, 'terminalPayload'>;
  /**
   * Deletes every object under a job's prefix (a failed or canceled job's clean-up). A
   * process without it leaves clean-up entries to a relay that has it.
   */
  readonly deleteJobObjects?: (jobId: string) => Promise<unknown>;
  /** How long a finished job's record is kept; unset: for ever. */
  readonly retentionSeconds?: number;
  /** See OUTBOX_LEASE_MS. */
  readonly leaseMs?: number;
  readonly clock?: () => Date;
  /** Told of follow-up work that failed and is left to the relay. */
  readonly logger?: { warn(obj: object, msg: string): void };
  /**
   * Called at every await point of the lifecycle, before the process goes on: the crash
   * tests kill the process there. Nothing in production sets it.
   */
  readonly reach?: (point: LifecyclePoint, jobId: string) => void | Promise<void>;
}

/** {@link LifecycleDeps} with its defaults filled in. */
export interface LifecycleContext extends LifecycleDeps {
  readonly leaseMs: number;
  readonly clock: () => Date;
  readonly reach: (point: LifecyclePoint, jobId: string) => Promise<void>;
}

export function lifecycleContext(deps: LifecycleDeps): LifecycleContext {
  const reach = deps.reach;
  return {
    ...deps,
    leaseMs: deps.leaseMs ?? OUTBOX_LEASE_MS,
    clock: deps.clock ?? (() => new Date()),
    reach: async (point, jobId) => {
      await reach?.(point, jobId);
    },
  };
}

/** The status of a job, or undefined when it has no record (expired or never made). */
export async function statusOf(
  ctx: Pick<LifecycleContext, 'redis' | 'prefix'>,
  jobId: string,
): Promise<JobStatus | undefined> {
  const status = await ctx.redis.hget(jobKeys(ctx.prefix, jobId).job, 'status');
  return (status as JobStatus | null) ?? undefined;
}
