import type { AddressPolicy } from '@remaster/egress';
import type { QueueHandler, WebhookPayload } from '@remaster/jobs';
import { TerminalFailure, catalog, handler } from '@remaster/jobs';
import { deliverWebhook } from './webhook-delivery.js';
import type { WebhookLog } from './webhook-log.js';
import type { WebhookSecrets } from './webhook-secrets.js';

/** Reads a job as the API presents it (`GET /v1/jobs/:id`): the `data` of an event body. */
export interface JobReader {
  get(tenant: string, id: string): Promise<object | undefined>;
}

export interface WebhookHandlerOptions {
  /** Deliveries at once (WEBHOOK_CONCURRENCY). */
  readonly concurrency: number;
  readonly jobs: JobReader;
  readonly secrets: Pick<WebhookSecrets, 'signingSecrets'>;
  readonly log: Pick<WebhookLog, 'record'>;
  readonly timeoutMs: number;
  /** The SSRF guard of deliveries (ALLOW_PRIVATE_URLS turns it off). */
  readonly egress: AddressPolicy;
}

/**
 * The webhook queue's handler, served by the webhook role. The first attempt freezes
 * the body (the job as GET /v1/jobs/:id shows it then) so every retry sends the same bytes.
 */
export function webhookHandler(options: WebhookHandlerOptions): QueueHandler {
  return handler(catalog.webhook, {
    concurrency: options.concurrency,
    handle: async (payload, job) => {
      let body = payload.body;
      if (body === undefined) {
        body = await eventBody(payload, options.jobs);
        await job.updateData({ ...payload, body });
      }
      await deliverWebhook(
        {
          payload: { ...payload, body },
          attempt: job.attemptsMade + 1,
          maxAttempts: job.opts.attempts ?? 1,
        },
        options,
      );
    },
  });
}

async function eventBody(payload: WebhookPayload, jobs: JobReader): Promise<string> {
  const job = await jobs.get(payload.tenant, payload.jobId);
  if (!job) throw new TerminalFailure('WEBHOOK_FAILED', `job ${payload.jobId} no longer exists`);
  return JSON.stringify({ type: payload.event, timestamp: payload.occurredAt, data: job });
}
