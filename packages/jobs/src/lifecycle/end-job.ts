import type { JobRequest } from '../job-request.js';
import { jobKeys } from '../job-keys.js';
import { MetricsStore } from '../metrics-store.js';
import type { LifecycleContext } from './context.js';
import { deliverStaged } from './deliver.js';
import type { OutboxEntry } from './outbox-entry.js';
import type { LifecycleStep } from './points.js';
import { transition } from './transition.js';

type EndStatus = 'completed' | 'failed' | 'canceled';
const STEP = { completed: 'complete', failed: 'fail', canceled: 'cancel' } as const satisfies {
  [S in EndStatus]: LifecycleStep;
};

export interface JobEnd {
  readonly id: string;
  readonly status: EndStatus;
  readonly fields?: Record<string, string>;
  /** Delete the job's objects (a failure or a cancel; a completed job's stitch deletes its own). */
  readonly cleanup: boolean;
  /** See StatusChange.guard. */
  readonly guard?: string;
  /** Done after the end is recorded and before its staged work is delivered. */
  readonly then?: () => Promise<void>;
}

/**
 * A terminal transition: the status, its webhook (when the job's webhook wants the event)
 * and its clean-up in one script, so nothing that must follow an end can be lost; then
 * the staged work is delivered. False when the job had already ended (nothing is staged
 * or sent again: a job ends, and its webhook is sent, once).
 */
export async function endJob(ctx: LifecycleContext, end: JobEnd): Promise<boolean> {
  const step = STEP[end.status];
  const entries: OutboxEntry[] = [];
  const webhook = await terminalWebhook(ctx, end.id, end.status);
  if (webhook) entries.push(webhook);
  if (end.cleanup) entries.push({ kind: 'cleanup', jobId: end.id });
  const staged = await transition(ctx, { ...end, entries });
  if (!staged) return false;
  await ctx.reach(`${step}:recorded`, end.id);
  await end.then?.();
  await observeEnd(ctx, end.id, end.status);
  await deliverStaged(ctx, step, end.id, staged);
  return true;
}

/** The webhook entry of a terminal event, when the job's webhook wants it (the request never changes). */
async function terminalWebhook(
  ctx: LifecycleContext,
  id: string,
  status: EndStatus,
): Promise<OutboxEntry | undefined> {
  if (!ctx.webhooks) return undefined;
  const [tenant, request] = await ctx.redis.hmget(jobKeys(ctx.prefix, id).job, 'tenant', 'request');
  if (!tenant || !request) return undefined;
  const payload = ctx.webhooks.terminalPayload(
    { id, tenant, request: JSON.parse(request) as JobRequest },
    `job.${status}`,
  );
  return payload && { kind: 'webhook', payload };
}

/** Submit-to-end latency for /metrics; advisory, so a failed write is ignored. */
async function observeEnd(ctx: LifecycleContext, id: string, status: EndStatus): Promise<void> {
  try {
    const createdAt = await ctx.redis.hget(jobKeys(ctx.prefix, id).job, 'createdAt');
    if (!createdAt) return;
    const seconds = (ctx.clock().getTime() - Date.parse(createdAt)) / 1000;
    await new MetricsStore(ctx.redis, ctx.prefix).observeJobEnd(status, Math.max(0, seconds));
  } catch {
    // metrics never fail a transition
  }
}
