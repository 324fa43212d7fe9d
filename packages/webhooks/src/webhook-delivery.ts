import { finished } from 'node:stream/promises';
import type { AddressPolicy } from '@remaster/egress';
import { EgressError, guardedRequest } from '@remaster/egress';
import type { WebhookPayload } from '@remaster/jobs';
import { RetryableFailure, TerminalFailure } from '@remaster/jobs';
import type { WebhookAttempt, WebhookLog } from './webhook-log.js';
import type { WebhookSecrets } from './webhook-secrets.js';
import { signatureHeader } from './webhook-signature.js';

export interface WebhookDeliveryDeps {
  readonly secrets: Pick<WebhookSecrets, 'signingSecrets'>;
  readonly log: Pick<WebhookLog, 'record'>;
  /** Time one attempt may take, connection to last byte of the answer. */
  readonly timeoutMs: number;
  /** The SSRF guard: no loopback, private or metadata address, checked when connecting. */
  readonly egress: AddressPolicy;
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
 * tenant's secrets as they are now, POST it through the SSRF guard without following
 * redirects, record the attempt, and throw when it did not get a 2xx so the queue
 * retries it later (a refused address or an invalid URL is not retried).
 */
export async function deliverWebhook(
  { payload, attempt, maxAttempts }: DeliveryAttempt,
  deps: WebhookDeliveryDeps,
): Promise<void> {
  const clock = deps.clock ?? (() => new Date());
  const started = clock();
  const timestamp = Math.floor(started.getTime() / 1000);
  const signature = signatureHeader(await deps.secrets.signingSecrets(payload.tenant), {
    id: payload.messageId,
    timestamp,
    body: payload.body,
  });
  let statusCode: number | undefined;
  let error: string | undefined;
  try {
    const response = await guardedRequest(payload.url, {
      ...deps.egress,
      method: 'POST',
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
    statusCode = response.statusCode ?? 0;
    response.resume();
    await finished(response);
    if (statusCode < 200 || statusCode >= 300)
      error =
        statusCode >= 300 && statusCode < 400
          ? `redirect to ${response.headers.location ?? '?'} not followed`
          : `answered ${statusCode}`;
  } catch (cause) {
    error = describeFetchError(cause as Error, deps.timeoutMs);
  }
  // A URL that cannot be parsed or that the SSRF guard refuses will never work;
  // anything else may recover.
  const terminal =
    error !== undefined && /^(invalid URL|URL_PRIVATE_ADDRESS|URL_SCHEME)/.test(error);
  const record: WebhookAttempt = {
    id: payload.messageId,
    event: payload.event,
    attempt,
    at: started.toISOString(),
    url: payload.url,
    statusCode,
    durationMs: clock().getTime() - started.getTime(),
    error,
    willRetry: error ? !terminal && attempt < maxAttempts : undefined,
  };
  await deps.log.record(payload.jobId, record);
  if (!error) return;
  const message = `webhook ${payload.messageId} to ${payload.url}: ${error}`;
  if (terminal) throw new TerminalFailure('WEBHOOK_FAILED', message);
  throw new RetryableFailure('WEBHOOK_FAILED', message);
}

function describeFetchError(error: Error, timeoutMs: number): string {
  if (error instanceof EgressError)
    return `${error.code}: ${error.message}; refused by the SSRF guard`;
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return `no answer within ${timeoutMs} ms`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ERR_INVALID_URL') return `invalid URL: ${error.message}`;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
