import type { RedisClient } from './redis-connection.js';
import type { WebhookPayload } from './catalog.js';
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
 * no-op); progress events are throttled per job.
 */
export class WebhookEvents {
  constructor(private readonly options: WebhookEventsOptions) {}

  async emit(record: JobRecord, event: WebhookEvent): Promise<void> {
    const webhook = record.request.webhook;
    if (!webhook || !(webhook.events ?? DEFAULT_WEBHOOK_EVENTS).includes(event)) return;
    const now = (this.options.clock ?? (() => new Date()))();
    let messageId = `msg_${record.id}_${event.slice('job.'.length)}`;
    if (event === 'job.progress') {
      if (!(await this.progressWindowOpen(record.id))) return;
      messageId += `_${now.getTime()}`;
    }
    const payload: WebhookPayload = {
      messageId,
      jobId: record.id,
      tenant: record.tenant,
      event,
      url: webhook.url,
      occurredAt: now.toISOString(),
    };
    await this.options.pipeline.enqueueWebhook(payload);
  }

  private async progressWindowOpen(jobId: string): Promise<boolean> {
    const { redis, prefix, progressIntervalMs } = this.options;
    const key = `${prefix}:job:${jobId}:progress-webhook`;
    return (await redis.set(key, '1', 'PX', progressIntervalMs, 'NX')) === 'OK';
  }
}
