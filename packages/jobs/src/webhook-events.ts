import type { RedisClient } from './redis-connection.js';
import type { WebhookPayload } from './payloads.js';
import { jobKeys } from './job-keys.js';
import type { JobRecord } from './job-record.js';
import type { Pipeline } from './pipeline.js';

export const WEBHOOK_EVENTS = [
  'job.completed',
  'job.failed',
  'job.canceled',
  'job.progress',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a job's webhook receives when it names no `events`. */
export const DEFAULT_WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  'job.completed',
  'job.failed',
  'job.canceled',
];

export interface WebhookEventsOptions {
  readonly redis: RedisClient;
  readonly prefix: string;
  readonly pipeline: Pick<Pipeline, 'enqueueWebhook'>;
  /** At most one job.progress event per job in this interval. */
  readonly progressIntervalMs: number;
  readonly clock?: () => Date;
}

/**
 * Turns job changes into webhook deliveries on the webhook queue, for jobs that asked
 * for them. A terminal event gets one message id per job (enqueueing it twice is a
 * no-op, and the webhook-id stays the same across redeliveries); the job store records
 * it in the outbox with the terminal status ({@link terminalPayload}) and then enqueues
 * it. Progress events are throttled per job and sent at once ({@link progress}).
 */
export class WebhookEvents {
  constructor(private readonly options: WebhookEventsOptions) {}

  /**
   * A `job.progress` event, throttled per job, for a job whose webhook asked for it. Reads
   * nothing but the job's tenant and request, and only asks Redis about the throttle
   * window when the job wants the event.
   */
  async progress(job: Pick<JobRecord, 'id' | 'tenant' | 'request'>): Promise<void> {
    if (!wants(job, 'job.progress') || !(await this.progressWindowOpen(job.id))) return;
    const payload = this.payload(job, 'job.progress');
    await this.enqueue({
      ...payload,
      messageId: `${payload.messageId}_${Date.parse(payload.occurredAt)}`,
    });
  }

  /** The delivery of a terminal event, or undefined when the job's webhook does not want it. */
  terminalPayload(
    job: Pick<JobRecord, 'id' | 'tenant' | 'request'>,
    event: Exclude<WebhookEvent, 'job.progress'>,
  ): WebhookPayload | undefined {
    return wants(job, event) ? this.payload(job, event) : undefined;
  }

  async enqueue(payload: WebhookPayload): Promise<void> {
    await this.options.pipeline.enqueueWebhook(payload);
  }

  private payload(
    job: Pick<JobRecord, 'id' | 'tenant' | 'request'>,
    event: WebhookEvent,
  ): WebhookPayload {
    const now = (this.options.clock ?? (() => new Date()))();
    return {
      messageId: `msg_${job.id}_${event.slice('job.'.length)}`,
      jobId: job.id,
      tenant: job.tenant,
      event,
      url: job.request.webhook?.url ?? '',
      occurredAt: now.toISOString(),
    };
  }

  private async progressWindowOpen(jobId: string): Promise<boolean> {
    const { redis, prefix, progressIntervalMs } = this.options;
    const key = jobKeys(prefix, jobId).progressWebhook;
    return (await redis.set(key, '1', 'PX', progressIntervalMs, 'NX')) === 'OK';
  }
}

function wants(job: Pick<JobRecord, 'request'>, event: WebhookEvent): boolean {
  const webhook = job.request.webhook;
  return webhook !== undefined && (webhook.events ?? DEFAULT_WEBHOOK_EVENTS).includes(event);
}
