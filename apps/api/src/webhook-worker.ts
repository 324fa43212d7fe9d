import type { AddressPolicy } from '@remaster/egress';
import type { ConsumeOptions, WebhookLog, WebhookPayload, WebhookSecrets } from '@remaster/jobs';
import { QUEUES, TerminalFailure, consume, webhookPayloadSchema } from '@remaster/jobs';
import type { JobService } from './job-service.js';
import { deliverWebhook } from './webhook-delivery.js';

export interface WebhookWorkerOptions {
  readonly connection: ConsumeOptions<typeof webhookPayloadSchema>['connection'];
  readonly prefix: string;
  readonly concurrency: number;
  readonly logger: ConsumeOptions<typeof webhookPayloadSchema>['logger'];
  readonly jobs: Pick<JobService, 'get'>;
  readonly secrets: Pick<WebhookSecrets, 'signingSecrets'>;
  readonly log: Pick<WebhookLog, 'record'>;
  readonly timeoutMs: number;
  /** The SSRF guard of deliveries (ALLOW_PRIVATE_URLS turns it off). */
  readonly egress: AddressPolicy;
}

/**
 * Delivers the webhook queue; runs in the API role. The first attempt freezes the
 * body (the job as GET /v1/jobs/:id shows it then) so every retry sends the same bytes.
 */
export function startWebhookWorker(options: WebhookWorkerOptions): ReturnType<typeof consume> {
  return consume({
    queue: QUEUES.webhook,
    schema: webhookPayloadSchema,
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency,
    logger: options.logger,
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
    // Every attempt is in the job's webhook log; a lost webhook does not fail the job.
    onFinalFailure: () => Promise.resolve(),
  });
}

async function eventBody(payload: WebhookPayload, jobs: Pick<JobService, 'get'>): Promise<string> {
  const job = await jobs.get(payload.tenant, payload.jobId);
  if (!job) throw new TerminalFailure('WEBHOOK_FAILED', `job ${payload.jobId} no longer exists`);
  return JSON.stringify({ type: payload.event, timestamp: payload.occurredAt, data: job });
}
