import type { WebhookAttempt, WebhookLog, WebhookPayload, WebhookSecrets } from '@remaster/jobs';
import { RetryableFailure, TerminalFailure, signWebhook } from '@remaster/jobs';

export interface WebhookDeliveryDeps {
  readonly secrets: Pick<WebhookSecrets, 'signingSecrets'>;
  readonly log: Pick<WebhookLog, 'record'>;
  /** Time one attempt may take, connection to last byte of the answer. */
  readonly timeoutMs: number;
  readonly clock?: () => Date;
}

export interface DeliveryAttempt {
  readonly payload: WebhookPayload & { readonly body: string };
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

/**
 * One delivery attempt of one webhook event: sign it (Standard Webhooks) with the
 * tenant's secrets as they are now, POST it without following redirects, record the
 * attempt, and throw when it did not get a 2xx so the queue retries it later.
 */
export async function deliverWebhook(
  { payload, attempt, maxAttempts }: DeliveryAttempt,
  deps: WebhookDeliveryDeps,
): Promise<void> {
  const clock = deps.clock ?? (() => new Date());
  const started = clock();
  const timestamp = Math.floor(started.getTime() / 1000);
  const signature = signWebhook(await deps.secrets.signingSecrets(payload.tenant), {
    id: payload.messageId,
    timestamp,
    body: payload.body,
  });
  let statusCode: number | undefined;
  let error: string | undefined;
  try {
    const response = await fetch(payload.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Remaster-Webhooks/1',
        'webhook-id': payload.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signature,
      },
      body: payload.body,
    });
    statusCode = response.status;
    await response.body?.cancel();
    if (statusCode < 200 || statusCode >= 300)
      error =
        statusCode >= 300 && statusCode < 400
          ? `redirect to ${response.headers.get('location') ?? '?'} not followed`
          : `answered ${statusCode}`;
  } catch (cause) {
    error = describeFetchError(cause as Error, deps.timeoutMs);
  }
  const record: WebhookAttempt = {
    id: payload.messageId,
    event: payload.event,
    attempt,
    at: started.toISOString(),
    url: payload.url,
    statusCode,
    durationMs: clock().getTime() - started.getTime(),
    error,
    willRetry: error ? attempt < maxAttempts : undefined,
  };
  await deps.log.record(payload.jobId, record);
  if (!error) return;
  const message = `webhook ${payload.messageId} to ${payload.url}: ${error}`;
  // A URL that cannot be parsed will never work; anything else may recover.
  if (error.startsWith('invalid URL')) throw new TerminalFailure('WEBHOOK_FAILED', message);
  throw new RetryableFailure('WEBHOOK_FAILED', message);
}

function describeFetchError(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof TypeError && /invalid url|failed to parse url/i.test(error.message))
    return `invalid URL: ${error.message}`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${cause.code}: ${cause.message ?? error.message}` : error.message;
}
