import type { MetricsStore, WebhookResult } from '@remaster/jobs';
import type { WebhookAttempt, WebhookLog } from './webhook-log.js';

/** How one recorded attempt ended, as /metrics counts it. */
export function webhookResult(attempt: Pick<WebhookAttempt, 'error' | 'willRetry'>): WebhookResult {
  if (attempt.error === undefined) return 'delivered';
  return attempt.willRetry ? 'retrying' : 'failed';
}

/**
 * The webhook log, counting every attempt it records in the fleet metrics by event and
 * result. The count is advisory: a failed count never fails the delivery.
 */
export function countWebhookOutcomes(
  log: Pick<WebhookLog, 'record'>,
  metrics: Pick<MetricsStore, 'countWebhook'>,
): Pick<WebhookLog, 'record'> {
  return {
    record: async (jobId, attempt) => {
      await log.record(jobId, attempt);
      await metrics.countWebhook(attempt.event, webhookResult(attempt)).catch(() => undefined);
    },
  };
}
